"""An article: the words one area's facts became, and the forms it is written in."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import datetime

from newsgen.facts.factset import Fact, FactSet, shared_dict
from newsgen.sources.cells import Source
from newsgen.fastjson import dumps_bytes


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
    brief: dict = field(default_factory=dict)   # the editor's brief (newsgen.words.brief)
    # "An editor checked this story": a note only an approved version carries
    # (newsgen.review.sync adds it to the notes); never in a machine draft
    checked_note: str = ""

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
        """A digest of the figures this article was built from (worked out
        once for its FactSet: the review store, the JSON, ninjs and the
        manifest all ask)."""
        cached, facts = self.__dict__.get("_fingerprint"), self.facts
        if cached is not None:
            ref, count, digest = cached
            if facts is None:   # dropped after use: the figures it was built from
                return digest
            if ref is not None and ref() is facts and count == len(facts.facts):
                return digest
        digest = facts.fingerprint()
        # A weak reference: a build drops an article's facts to save memory.
        self.__dict__["_fingerprint"] = (weakref.ref(facts), len(facts.facts), digest)
        return digest

    def __getstate__(self) -> dict:
        """For pickling (articles come back from worker processes): the
        fingerprint stays, the weak reference to its facts cannot."""
        state = self.__dict__.copy()
        cached = state.get("_fingerprint")
        if cached is not None:
            state["_fingerprint"] = (None, cached[1], cached[2])
        return state

    def text(self) -> str:
        """Headline, a blank line, then the paragraphs and notes to editors."""
        parts = [self.headline, self.standfirst, *self.paragraphs]
        if self.notes:
            parts.append("Notes to editors")
            parts.extend(self.notes)
        return "\n\n".join(parts) + "\n"

    def frame(self) -> dict:
        """What outlets receive of this article, without its facts: the words,
        the details feeds and ninjs carry, the figures' fingerprint, and its
        charts (without the figures they draw). A released version is
        recorded as its frame (newsgen.review.releases); `from_frame`
        gives the article back."""
        frame = {name: getattr(self, name) for name in _FRAME_FIELDS}
        frame.update(release=self.release.isoformat(),
                     embargo=self.embargo.isoformat() if self.embargo else None,
                     reviewed=self.status in ("approved", "published"),
                     fingerprint=self.fingerprint,
                     charts=[{k: v for k, v in chart.items() if k != "data"}
                             for chart in self.extras.get("charts", []) if isinstance(chart, dict)])
        return frame

    @classmethod
    def from_frame(cls, frame: dict) -> "Article":
        """The article a frame was made of, as far as outlets saw it: no facts."""
        article = cls(**{name: frame[name] for name in _FRAME_FIELDS},
                      angle={}, facts=None,
                      release=datetime.fromisoformat(frame["release"]),
                      embargo=datetime.fromisoformat(frame["embargo"]) if frame["embargo"] else None,
                      status="published" if frame["reviewed"] else "draft",
                      extras={"charts": frame["charts"]} if frame["charts"] else {})
        article.__dict__["_fingerprint"] = (None, 0, frame["fingerprint"])
        return article

    def as_json(self) -> dict:
        return self._document(self.facts.as_dict())

    def json_bytes(self) -> bytes:
        """The article's .json file: ``as_json()`` as indented JSON (see
        newsgen.fastjson) and a newline. The facts' sources go to the encoder
        as they are, not copied into dicts first."""
        if sources_as_they_are(cited):
            return dumps_bytes(self._document(encodable_facts(self.facts.facts, self.facts.shared)),
                               plain=self.as_json, default=cited)
        return dumps_bytes(self.as_json())

    def _document(self, facts: dict) -> dict:
        return {
            "kit": self.kit, "title": self.kit_title, "topic": self.topic,
            "key": self.key, "slug": self.slug, "force": self.area,
            "force_label": self.area_label, "region": self.region, "period": self.period,
            "headline": self.headline, "standfirst": self.standfirst,
            "paragraphs": self.paragraphs, "notes": self.notes,
            "angle": self.angle, "release": self.release.isoformat(),
            "embargo": self.embargo.isoformat() if self.embargo else None,
            "source": self.source, "illustrative": self.illustrative,
            "brief": self.brief, "fingerprint": self.fingerprint, "facts": facts,
            **self.extras,
        }


# Article fields a frame keeps as they are (see Article.frame).
_FRAME_FIELDS = ("kit", "kit_title", "topic", "slug", "area", "area_label", "region", "period",
                 "headline", "standfirst", "paragraphs", "notes", "source", "illustrative",
                 "auto_release")


def encodable_facts(facts: dict[str, Fact], shared: dict[str, str] | None = None) -> dict:
    """FactSet.as_dict(), but each fact's sources as they are (Source named
    tuples, which the encoder hands to `cited`). A fact named in `shared`
    is cited in full elsewhere (newsgen.facts.shared)."""
    out = {name: {"value": f.value, "sources": f.sources, "how": f.how} if f.how
           else {"value": f.value, "sources": f.sources} for name, f in facts.items()}
    for name, ref in (shared or {}).items():
        if name in out:
            out[name] = shared_dict(facts[name], ref)
    return out


def cited(value) -> dict:
    """A source as its JSON object (Source.as_dict), for the encoder's
    ``default``: it is called only for what orjson cannot write itself."""
    if value.__class__ is Source:
        return value.as_dict()
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


_SOURCES_OK: dict = {}


def sources_as_they_are(default=None) -> bool:
    """Whether the encoder, given `default`, writes a fact's sources and the
    fact as Fact.as_dict() would: checked once for each `default`, on two
    facts. (Without one it does not since Source became a named tuple,
    which orjson does not write: the review store's facts_json asks that.)"""
    if default not in _SOURCES_OK:
        samples = [Fact("a", 1.5, (Source("f.csv", 2, "c"), Source("g.csv", 3, "d", "T!C3")),
                        "sum"),
                   Fact("b", [{"x": 1}], ())]
        fast = encodable_facts({f.name: f for f in samples})
        _SOURCES_OK[default] = (dumps_bytes(fast, plain=lambda: None, default=default)
                                == dumps_bytes({f.name: f.as_dict() for f in samples}))
    return _SOURCES_OK[default]
