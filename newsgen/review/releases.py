"""What went out: every version of a story that reached the public tree, kept
in the review store's ``releases`` table beside the drafts.

A row is one version subscribers received: a first release, a correction
or a withdrawal, with its time, the editor who approved it (or the kit's
``auto_release``), what was corrected or why it was withdrawn, and the
frame of words and details the feeds and ninjs were written from. A
story's latest row is what the public tree holds for it until an editor
releases or withdraws it again; the publish stage (newsgen.publish) reads
them, and a build records the new ones here only once its output is in
place, so the record never names a version no one received.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

KINDS = ("release", "correction", "withdrawal")
AUTO = "auto_release"   # who released a story of a kit with auto_release = true
# A Release of this kind is no new version: a draft approved as outlets
# already have it, marked published with no row here.
UNCHANGED = "unchanged"

# The table (migration 4 of newsgen.review.store).
SCHEMA = """
CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('release', 'correction', 'withdrawal')),
    at TEXT NOT NULL,
    first TEXT NOT NULL,
    by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    digest TEXT NOT NULL,
    frame TEXT NOT NULL,
    draft_id INTEGER REFERENCES drafts (id),
    recorded TEXT NOT NULL,
    UNIQUE (key, version)
);
"""


@dataclass(frozen=True)
class Released:
    """The latest version of a story that went out, and its draft's state now."""

    key: str
    version: int
    kind: str          # release, correction or withdrawal
    at: str            # this version's time (ISO 8601): the feeds' updated time
    first: str         # version 1's time
    note: str
    digest: str        # of what outlets received (newsgen.publish.versions)
    by: str            # who approved it
    status: str        # the draft's status now: a rejected story is withdrawn next
    desk_by: str       # who last changed the draft (for a withdrawal: who rejected it)
    draft_id: int | None
    revision: int      # the draft's row version now
    reason: str        # why the draft was rejected, if it is

    @property
    def withdrawn(self) -> bool:
        return self.kind == "withdrawal"


@dataclass(frozen=True)
class Release:
    """A version a publish put out, to record once its output is in place."""

    key: str
    version: int
    kind: str
    at: str
    first: str
    by: str
    note: str
    digest: str
    frame: dict
    text: str          # the words that went out (a withdrawal: those it withdrew)
    draft_id: int | None
    revision: int | None   # the draft's row version it was made from


@dataclass(frozen=True)
class DeskState:
    """What the review desk decided for a story's draft, as a build read it."""

    draft_id: int
    revision: int      # the row's version when read
    status: str
    by: str            # who last changed it: for an approved draft, its approver
    published_version: int
    reason: str = ""   # why it was rejected, for a withdrawal


def reject_reason(db, draft_id: int) -> str:
    row = db.execute("SELECT note FROM audit WHERE draft_id = ? AND action = 'rejected' "
                     "ORDER BY id DESC LIMIT 1", (draft_id,)).fetchone()
    return row[0] if row else ""


def desk_state(db, row) -> DeskState:
    """The state of a draft row for the publish stage (a withdrawal needs its reason)."""
    reason = reject_reason(db, row["id"]) \
        if row["status"] == "rejected" and row["published_version"] else ""
    return DeskState(row["id"], row["version"], row["status"], row["updated_by"],
                     row["published_version"], reason)


_LATEST = """
SELECT r.key, r.version, r.kind, r.at, r.first, r.note, r.digest, r.by,
       d.status, d.id AS draft_id, d.version AS revision, d.updated_by AS desk_by
FROM releases r LEFT JOIN drafts d ON d.key = r.key
WHERE r.version = (SELECT MAX(version) FROM releases WHERE key = r.key)
"""


def latest(store) -> dict[str, Released]:
    """Every story that ever went out, by key: its latest version."""
    out = {}
    for r in store.db.execute(_LATEST):
        reason = reject_reason(store.db, r["draft_id"]) \
            if r["status"] == "rejected" and r["kind"] != "withdrawal" else ""
        out[r["key"]] = Released(r["key"], r["version"], r["kind"], r["at"], r["first"],
                                 r["note"], r["digest"], r["by"], r["status"] or "",
                                 r["desk_by"] or "", r["draft_id"], r["revision"] or 0, reason)
    return out


def frames(store, keys) -> dict[str, dict]:
    """The frames of these stories' latest versions; for a withdrawal, the
    frame of the version it withdrew."""
    keys = list(keys)
    out: dict[str, dict] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for key, frame in store.db.execute(
                f"SELECT key, frame FROM releases WHERE key IN ({marks}) AND kind != 'withdrawal' "
                "ORDER BY version", chunk):
            out[key] = json.loads(frame)   # the last one read is the latest
    return out


def history(store, key: str) -> list:
    """Every version of a story that went out, oldest first."""
    return store.db.execute("SELECT version, kind, at, by, note, recorded FROM releases "
                            "WHERE key = ? ORDER BY version", (key,)).fetchall()


def record(store, releases: list[Release], stamp: str) -> tuple[dict[str, int], set[str]]:
    """Record what a publish put out, once its output is in place, in one
    transaction: a row per version; each draft's published version and text;
    an approved draft that went out as it was approved is published; the
    draft's log names the version. Returns counts (published, withdrawn)
    and the keys of the drafts marked published."""
    counts = {"published": 0, "withdrawn": 0}
    published = set()
    with store.transaction() as db:
        for r in releases:
            if r.kind == UNCHANGED:
                _confirm(db, r, stamp, published)
                continue
            db.execute("INSERT OR REPLACE INTO releases (key, version, kind, at, first, by, note, "
                       "digest, frame, draft_id, recorded) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (r.key, r.version, r.kind, r.at, r.first, r.by, r.note, r.digest,
                        json.dumps(r.frame, ensure_ascii=False, sort_keys=True), r.draft_id,
                        stamp))
            if r.kind == "withdrawal":
                counts["withdrawn"] += 1
            else:
                counts["published"] += 1
            if r.draft_id is None:
                continue
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (r.draft_id,)).fetchone()
            if row is None:
                continue
            fields = {"published_version": r.version}
            if r.kind != "withdrawal":
                fields["published_text"] = r.text
            changed = row["version"] != r.revision
            if row["status"] == "approved" and not changed and r.kind != "withdrawal":
                fields["status"] = "published"
                published.add(r.key)
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"UPDATE drafts SET {sets} WHERE id = ?", (*fields.values(), r.draft_id))
            if r.by == AUTO and r.kind != "withdrawal":
                action = "publish"
            elif changed and r.kind != "withdrawal":
                action = "published-but-changed"
            else:
                action = "withdraw" if r.kind == "withdrawal" else "publish"
            note = r.note if action != "published-but-changed" else (
                f"went out as version {r.version}, but the draft changed while the build ran; "
                "the next build follows its new state")
            # the version subscribers received; who approved it is the log's
            # approval before it (and the release row's `by`)
            db.execute("INSERT INTO audit (draft_id, at, who, action, note, detail) "
                       "VALUES (?, ?, 'build', ?, ?, ?)",
                       (r.draft_id, stamp, action, note, f"version {r.version}"))
    return counts, published


def _confirm(db, r: Release, stamp: str, published: set[str]) -> None:
    """An approved draft whose story is out as it stands: published, no new version."""
    row = db.execute("SELECT status, version FROM drafts WHERE id = ?", (r.draft_id,)).fetchone()
    if row is None or row["status"] != "approved" or row["version"] != r.revision:
        return
    db.execute("UPDATE drafts SET status = 'published' WHERE id = ?", (r.draft_id,))
    db.execute("INSERT INTO audit (draft_id, at, who, action, note, detail) VALUES "
               "(?, ?, 'build', 'publish', ?, ?)",
               (r.draft_id, stamp, f"unchanged: outlets keep version {r.version}",
                f"version {r.version}"))
    published.add(r.key)
