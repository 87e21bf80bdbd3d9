"""Publishing from the review page: what a publish would change in the public
tree, and publishing, which is the last `newsgen build` into the output
folder run again (its arguments are in the folder's scope file), so the
page releases exactly what the command line would: the editors' approved
texts as drafts built from the data, the public tree, the feeds, ninjs and
the record of what went out. The review page (newsgen.review.publishing)
is handed a Publisher by the command that starts it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsgen.paths import ARTICLE_PATH, DRAFTS, SCOPE_FILE
from newsgen.publish.entries import NEW, WITHDRAW, decide
from newsgen.publish.versions import from_record
from newsgen.review.releases import latest

TIMEOUT = 3600   # seconds a publish may take: a build of many thousands of areas


@dataclass(frozen=True)
class Change:
    """One story a publish would change, as the confirmation lists it."""

    draft_id: int
    force: str
    kit: str
    what: str          # 'first release', 'correction', 'released again', 'withdrawal', 'held'
    version: int       # the version outlets would receive (held: the one they have, or 0)
    detail: str = ""   # why it is withdrawn, or until when it is held


@dataclass
class Outcome:
    status: int                    # the build's exit status (0 done, 2 refused, 3 withheld)
    messages: list[str]            # what it said on stderr, a line each
    released: list                 # rows of the releases it recorded


class Publisher:
    def __init__(self, output: Path, db: Path):
        self.output, self.db = Path(output), Path(db)

    def command(self) -> list[str] | None:
        """The arguments of the last `newsgen build` into the folder, or None."""
        try:
            scope = json.loads((self.output / SCOPE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        command = scope.get("command")
        return [str(a) for a in command] if isinstance(command, list) else None

    def changes(self, store, now: datetime | None = None) -> list[Change]:
        """What publishing now would do to the public tree: each approved
        draft released (a first version or a correction) or held by its
        embargo, each rejected story that is out withdrawn."""
        now = now or datetime.now(timezone.utc)
        released = latest(store)
        out = []
        for row in store.db.execute("SELECT id, key, kit, slug, force, status, published_version "
                                    "FROM drafts WHERE status IN ('approved', 'rejected') "
                                    "ORDER BY kit, force"):
            record = released.get(row["key"])
            live = from_record(record) if record else None
            embargo = self._embargo(row["kit"], row["slug"])
            action = decide(row["status"], live, now, embargo=embargo)
            if action == NEW:
                what = "first release" if live is None and not row["published_version"] else \
                    "released again" if live is not None and live.withdrawn else "correction"
                number = live.number + 1 if live else row["published_version"] + 1
                out.append(Change(row["id"], row["force"], row["kit"], what, number))
            elif action == WITHDRAW:
                out.append(Change(row["id"], row["force"], row["kit"], "withdrawal",
                                  live.number + 1, record.reason))
            elif row["status"] == "approved":
                out.append(Change(row["id"], row["force"], row["kit"], "held",
                                  live.number if live else 0,
                                  f"embargoed until {embargo.isoformat()}" if embargo else ""))
        return out

    def _embargo(self, kit: str, slug: str) -> datetime | None:
        """The draft's embargo, from its JSON in the drafts tree."""
        path = self.output / DRAFTS / ARTICLE_PATH.format(kit=kit, slug=slug, ext="json")
        try:
            value = json.loads(path.read_text(encoding="utf-8")).get("embargo")
            return datetime.fromisoformat(value) if value else None
        except (OSError, ValueError, TypeError):
            return None

    def run(self) -> Outcome:
        """Publish: the last build into the folder, run again now."""
        command = self.command()
        if command is None:
            return Outcome(2, [f"{self.output}: no record of the build that made it; publish "
                               "with `newsgen build` on the command line once, then here"], [])
        before = self._last_release()
        proc = subprocess.run(
            [sys.executable, "-m", "newsgen", "build", *command, "--output", str(self.output),
             "--db", str(self.db), "--quiet"],
            capture_output=True, text=True, timeout=TIMEOUT, cwd=self.output.parent)
        messages = [line.removeprefix("newsgen: ") for line in proc.stderr.splitlines()
                    if line.strip()]
        return Outcome(proc.returncode, messages, self._releases_after(before))

    def _last_release(self) -> int:
        from newsgen.review.store import ReviewStore
        with ReviewStore(self.db) as store:
            return store.db.execute("SELECT COALESCE(MAX(id), 0) FROM releases").fetchone()[0]

    def _releases_after(self, last: int) -> list:
        from newsgen.review.store import ReviewStore
        with ReviewStore(self.db) as store:
            return store.db.execute(
                "SELECT r.version, r.kind, r.note, r.by, d.id AS draft_id, d.force, d.kit "
                "FROM releases r LEFT JOIN drafts d ON d.key = r.key WHERE r.id > ? "
                "ORDER BY d.kit, d.force", (last,)).fetchall()
