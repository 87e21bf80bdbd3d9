"""What the public tree holds for each story after a publish: the one place
that decides (`decide`), and the entry it makes (`Entry`).

A story's public copy changes only when an editor releases it (approves a
draft: a first release or a correction), withdraws it (rejects a story that
is out), or, for a kit with ``auto_release``, when what outlets would
receive changes. Anything else (new figures waiting for review, an edit not
yet approved, a build of fewer areas) leaves the copy outlets have exactly
as it is: the same files, the same feed item, the same version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from newsgen.publish.versions import Version
from newsgen.words.article import Article

NEW = "new"             # this build's article goes out as the next version
KEEP = "keep"           # the version outlets have (or its withdrawal) stays as it is
WITHDRAW = "withdraw"   # the version outlets have is withdrawn now
NONE = "none"           # nothing public: never released, or not yet (embargo)


def decide(status: str, live: Version | None, now: datetime, *, built: bool = True,
           auto_release: bool = False, embargo: datetime | None = None,
           changed: Callable[[], bool] = lambda: False) -> str:
    """What happens to a story's public copy in a publish at `now`.

    `status` is its draft's (newsgen.review.drafts.STATUSES), `live` the
    last version that went out (None: never), `built` whether this build
    made its article (a withdrawal needs none; a release does), and
    `changed()` whether an auto-released story's article differs from
    `live`."""
    if status == "rejected":   # an editor's "no" stands, even for auto_release
        if live is None:
            return NONE
        return KEEP if live.withdrawn else WITHDRAW
    released = auto_release or status in ("approved", "published")
    if built and released and (embargo is None or embargo <= now):
        if status == "approved" or live is None or live.withdrawn:
            return NEW
        if auto_release and status != "published" and changed():
            return NEW
    return KEEP if live is not None else NONE


@dataclass
class Entry:
    """A story in the public tree: the article as outlets received it (for a
    withdrawal, the version withdrawn) and its version."""

    article: Article
    version: Version
    action: str          # NEW, KEEP or WITHDRAW

    @property
    def key(self) -> str:
        return self.article.key
