"""An article: the words one area's facts became, and the forms it is written in."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from .facts import FactSet


@dataclass
class Article:
    kit: str
    kit_title: str
    topic: str
    slug: str            # the force's police.uk id
    area: str            # "Derbyshire"
    area_label: str      # "Derbyshire Constabulary"
    region: str
    period: str
    headline: str
    standfirst: str
    paragraphs: list[str]   # the body, after the standfirst
    notes: list[str]        # notes to editors
    angle: dict
    facts: FactSet
    release: datetime
    embargo: datetime | None
    source: dict
    illustrative: bool
    auto_release: bool = False
    status: str = "draft"   # draft, approved, rejected, published (see review)
    version: int = 1        # publication version: a correction keeps the key, adds one
    html: str = ""
    extras: dict = field(default_factory=dict)  # charts and other attachments

    @property
    def key(self) -> str:
        """Stable identity: the same story, area and period give the same key."""
        return f"{self.kit}/{self.slug}/{self.period}"

    @property
    def released(self) -> bool:
        """May go out in feeds: the kit releases automatically, or an editor
        approved it. (The embargo is checked where it is published.)"""
        if self.status == "rejected":   # an editor's "no" stands even for auto_release
            return False
        return self.auto_release or self.status in ("approved", "published")

    @property
    def fingerprint(self) -> str:
        """A digest of the figures this article was built from."""
        payload = json.dumps(self.facts.values, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def text(self) -> str:
        """Headline, a blank line, then the paragraphs and notes to editors."""
        parts = [self.headline, self.standfirst, *self.paragraphs]
        if self.notes:
            parts.append("Notes to editors")
            parts.extend(self.notes)
        return "\n\n".join(parts) + "\n"

    def as_json(self) -> dict:
        return {
            "kit": self.kit, "title": self.kit_title, "topic": self.topic,
            "key": self.key, "slug": self.slug, "force": self.area,
            "force_label": self.area_label, "region": self.region, "period": self.period,
            "headline": self.headline, "standfirst": self.standfirst,
            "paragraphs": self.paragraphs, "notes": self.notes,
            "angle": self.angle, "release": self.release.isoformat(),
            "embargo": self.embargo.isoformat() if self.embargo else None,
            "source": self.source, "illustrative": self.illustrative,
            "fingerprint": self.fingerprint, "facts": self.facts.as_dict(),
            **self.extras,
        }
