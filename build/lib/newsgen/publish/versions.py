"""Versions of published stories, so a corrected story keeps its identity and
gains an updated time, while an unchanged one keeps its bytes.

A small manifest in the output folder (``feeds/.versions.json``) records, for
each story key (kit/force/period), a digest of what was published, its version
number, when it was first published and when this version appeared. Each
build reads the manifest the last build left, compares digests, and writes the
next one into the staging folder:

- a story never seen before is version 1, dated its release time (from the
  kit, so a fresh build of the same input always gives the same bytes);
- an unchanged digest keeps its version and times;
- a changed digest is the next version, dated ``now`` (``--now`` or the
  clock), and always later than the version it replaces.

Stories missing from this build (a build of fewer forces) keep their entries.
`track_versions` is the one place this is decided; a review database can take
its place later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newsgen.words.article import Article
from newsgen.errors import DataError
from newsgen.fastjson import dumps_indented

MANIFEST = "feeds/.versions.json"


@dataclass(frozen=True)
class Version:
    digest: str
    number: int
    created: datetime     # first published: version 1's time
    updated: datetime     # when this version appeared

    def as_json(self) -> dict:
        return {"digest": self.digest, "version": self.number,
                "created": self.created.isoformat(), "updated": self.updated.isoformat()}


def content_digest(article: Article) -> str:
    """What outlets receive: the figures (`fingerprint`), every word and any
    attachments. A corrected figure or wording makes a new version."""
    payload = json.dumps([article.fingerprint, article.text(), article.extras],
                         sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def unreleased_version(article: Article) -> Version:
    """What a story no editor has released yet would go out as: version 1,
    dated its release. Nothing was published, so there is no digest to keep
    (working one out cost more than the story's ninjs item)."""
    return Version("", 1, article.release, article.release)


def read_manifest(output: Path) -> dict[str, Version]:
    """The versions the previous build recorded in `output`, or none."""
    path = Path(output) / MANIFEST
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: Version(v["digest"], int(v["version"]),
                             datetime.fromisoformat(v["created"]),
                             datetime.fromisoformat(v["updated"]))
                for key, v in raw["stories"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(str(path), None, None,
                        f"cannot read the version manifest ({exc}); delete it to start "
                        "version numbers afresh") from None


def manifest_json(versions: dict[str, Version]) -> str:
    stories = {key: versions[key].as_json() for key in sorted(versions)}
    return dumps_indented({"format": 1, "stories": stories}) + "\n"


def next_version(article: Article, old: Version | None, now: datetime) -> Version:
    """The article's version, given the one the last build recorded (or None)."""
    digest = content_digest(article)
    if old is None:
        return Version(digest, 1, article.release, article.release)
    if old.digest == digest:
        return old
    moment = now.replace(microsecond=0)
    # Later than the version it replaces, even if --now or the clock says otherwise.
    moment = max(moment, old.updated + timedelta(seconds=1))
    return Version(digest, old.number + 1, old.created, moment)


def track_versions(articles: list[Article], previous: dict[str, Version],
                   now: datetime | None = None) -> dict[str, Version]:
    """The version of every article, given the previous manifest; the result
    also keeps previous entries for stories not built this time."""
    now = now or datetime.now(timezone.utc)
    versions = dict(previous)
    for article in articles:
        versions[article.key] = next_version(article, previous.get(article.key), now)
    return versions
