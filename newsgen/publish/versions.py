"""Versions of released stories, so a corrected story keeps its identity and
gains an updated time, and a withdrawn one says so under the same identity.

The review store's ``releases`` table (newsgen.review.releases) records
every version that went out; this module turns its rows into `Version`s and
works out the next one. The rules:

- a story's first version is version 1, dated its release time (from the
  kit, so a fresh build of the same input gives the same bytes);
- each later version (a correction, a withdrawal, a release after a
  withdrawal) is the next number, dated ``now`` (``--now`` or the clock),
  and always later than the version it replaces;
- a story keeps its version, and its bytes, until an editor releases or
  withdraws it again (or, for a kit with ``auto_release``, until what
  outlets would receive changes: `content_digest`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsgen.words.article import Article


@dataclass(frozen=True)
class Version:
    digest: str
    number: int
    created: datetime     # first published: version 1's time
    updated: datetime     # when this version appeared
    note: str = ""        # what a correction corrected, or why the story was withdrawn
    kind: str = "release"   # release, correction or withdrawal (newsgen.review.releases)

    @property
    def withdrawn(self) -> bool:
        return self.kind == "withdrawal"


def frame_digest(frame: dict) -> str:
    """A digest of what outlets receive (newsgen.words.article.Article.frame):
    the words, the figures' fingerprint, the details and the charts. A
    corrected figure or wording makes a different digest."""
    payload = json.dumps(frame, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def content_digest(article: Article) -> str:
    return frame_digest(article.frame())


def from_record(released) -> Version:
    """The Version of a row of the releases table (newsgen.review.releases.Released)."""
    return Version(released.digest, released.version, datetime.fromisoformat(released.first),
                   datetime.fromisoformat(released.at), released.note, released.kind)


def later(old: Version, now: datetime) -> datetime:
    """The time of the version after `old`: now, but never before `old`'s,
    even if --now or the clock says otherwise."""
    return max(now.replace(microsecond=0), old.updated + timedelta(seconds=1))


def next_version(article: Article, old: Version | None, now: datetime, note: str = "",
                 digest: str | None = None) -> Version:
    """The version `article` goes out as, given the story's last one (or
    None: `article.version` says which, 1 unless the review store counted
    earlier ones). After a withdrawal it is a release again, else a
    correction."""
    digest = digest or content_digest(article)
    if old is None:
        number = max(article.version, 1)
        when = article.release if number == 1 else max(now.replace(microsecond=0), article.release)
        return Version(digest, number, article.release, when, note,
                       "release" if number == 1 else "correction")
    kind = "release" if old.withdrawn else "correction"
    return Version(digest, old.number + 1, old.created, later(old, now), note, kind)


def withdrawal(old: Version, now: datetime, reason: str) -> Version:
    """The version that withdraws the story whose last version is `old`."""
    return Version(old.digest, old.number + 1, old.created, later(old, now), reason, "withdrawal")
