"""The review store: every built article is a draft an editor approves,
rejects or edits before it goes out.

One SQLite file (``OUTPUT/review.db`` by default) in WAL mode, outside every
folder the build swaps into place. Each draft keeps the machine text, the
editor's text (if edited), the facts and a fingerprint of the figures it was
built from; every change is written to an audit log. Saves are checked
against a ``version`` column, so of two editors saving the same draft at once
the second is told of the conflict and nothing is overwritten. Every text
an editor saves or approves is fact-checked (newsgen.review.checks); once
editors have accounts (newsgen.review.accounts), every action is an account's.
Triggers keep a text-search index (newsgen.review.search) and the queue's
narrow table (newsgen.review.listing) in step with the drafts, whoever writes.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from newsgen.review import listing, releases, search
from newsgen.review.actions import EditorActions
from newsgen.review.drafts import ConflictError, ReviewError
from newsgen.review.flags import figure_diff, flags_for
from newsgen.review.sync import _SyncBatch, apply_to_article, facts_json
from newsgen.paths import DB_NAME



def default_db(output: Path) -> Path:
    return Path(output) / DB_NAME


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


MIGRATIONS = [
    # 1: drafts and their audit log
    """
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kit TEXT NOT NULL,
        slug TEXT NOT NULL,
        force TEXT NOT NULL,
        force_label TEXT NOT NULL,
        period TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'approved', 'rejected', 'published')),
        machine_text TEXT NOT NULL,
        edited_text TEXT,
        facts TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        flags TEXT NOT NULL DEFAULT '[]',
        stale INTEGER NOT NULL DEFAULT 0,
        stale_facts TEXT,
        stale_machine_text TEXT,
        published_text TEXT,
        published_version INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX drafts_status ON drafts (status);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts (id),
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_draft ON audit (draft_id);
    """,
    # 2: where each data file a fact cites lives, for the web page's cell view
    """
    CREATE TABLE source_files (name TEXT PRIMARY KEY, path TEXT NOT NULL);
    """,
    # 3: facts citing many cells, kept once per story and period; drafts' facts
    # name them ("cited_in", newsgen.facts.shared)
    """
    CREATE TABLE shared_facts (kit TEXT NOT NULL, period TEXT NOT NULL, key TEXT NOT NULL,
                               fact TEXT NOT NULL, PRIMARY KEY (kit, period, key));
    """,
    # 4: editors' accounts (newsgen.review.accounts), and the text of each story
    # that the fact check passes over (the kit's own words, data labels), so an
    # editor's text is checked as the build checks the machine's
    """
    CREATE TABLE editors (name TEXT PRIMARY KEY COLLATE NOCASE, password TEXT NOT NULL,
                          created TEXT NOT NULL);
    CREATE TABLE story_texts (kit TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (kit, text));
    """,
    # 5: every version of a story that went out (newsgen.review.releases)
    releases.SCHEMA,
    # 6: the desk at scale: text search (newsgen.review.search), and indexes
    # and each draft's flags in a table for the queue's sorts and filters
    # (newsgen.review.listing); an older store's drafts are indexed here
    search.SCHEMA + listing.SCHEMA,
]


def statements(script: str):
    """The SQL statements of a migration (a trigger's body holds semicolons)."""
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" ;\n"):
                yield pending
            pending = ""


class ReviewStore(EditorActions):
    """The review database. One connection per store; open one per thread."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise ReviewError(f"{self.path}: not a review database ({exc})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (a killed
        process leaves the last committed state: SQLite's journal sees to it)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        try:  # the common case, without taking the write lock
            row = self.db.execute("SELECT version FROM schema_version").fetchone()
            if row is not None and row[0] == len(MIGRATIONS):
                return
        except sqlite3.OperationalError:
            pass   # no table yet
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        with self.transaction() as db:
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (0)")
                current = 0
            else:
                current = row[0]
            if current > len(MIGRATIONS):
                raise ReviewError(f"{self.path}: made by a newer newsgen (schema {current})")
            for number in range(current + 1, len(MIGRATIONS) + 1):
                for statement in statements(MIGRATIONS[number - 1]):
                    db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (number,))

    @property
    def schema_version(self) -> int:
        return self.db.execute("SELECT version FROM schema_version").fetchone()[0]

    # -- reading

    def get(self, draft_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise ReviewError(f"no draft with id {draft_id}")
        return row

    def by_key(self, key: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM drafts WHERE key = ?", (key,)).fetchone()

    def list(self, status: str | None = None, story: str | None = None,
             force: str | None = None, flag: str | None = None) -> list[sqlite3.Row]:
        """Every draft the filters choose (newsgen.review.listing.where), by
        story and force; the review page reads a page at a time instead."""
        cond, args = listing.where(status, story, force, flag)
        return self.db.execute(f"SELECT * FROM drafts WHERE id IN (SELECT id FROM draft_queue "
                               f"WHERE {cond}) ORDER BY kit, force", args).fetchall()

    def log(self, draft_id: int) -> list[sqlite3.Row]:
        self.get(draft_id)
        return self.db.execute("SELECT * FROM audit WHERE draft_id = ? ORDER BY id",
                               (draft_id,)).fetchall()

    def source_path(self, name: str) -> Path | None:
        row = self.db.execute("SELECT path FROM source_files WHERE name = ?", (name,)).fetchone()
        return Path(row[0]) if row else None

    def shared_fact(self, kit: str, period: str, ref: str) -> dict | None:
        """A fact a draft names with "cited_in" (newsgen.facts.shared), with
        every cell it came from; None if the store has none by that name."""
        key = ref.partition("#")[2]
        row = self.db.execute("SELECT fact FROM shared_facts WHERE kit = ? AND period = ? AND key = ?",
                              (kit, period, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put_shared_facts(self, rows: list[tuple[str, str, str, str]]) -> None:
        """(kit, period, key, fact JSON) rows, replacing those of the same name."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO shared_facts VALUES (?, ?, ?, ?)", rows)

    def put_story_texts(self, texts: dict[str, set[str]], replace: bool) -> None:
        """Each story's text the fact check passes over (newsgen.review.checks);
        `replace`: these stories' earlier texts go (the first batch of a build)."""
        with self.transaction() as db:
            if replace:
                db.executemany("DELETE FROM story_texts WHERE kit = ?", [(k,) for k in texts])
            db.executemany("INSERT OR IGNORE INTO story_texts VALUES (?, ?)",
                           [(kit, t) for kit, ts in texts.items() for t in sorted(ts) if t])

    # -- writing (the editors' side is newsgen.review.actions)

    def _audit(self, db, draft_id: int, who: str, action: str, note: str = "", detail: str = ""):
        db.execute("INSERT INTO audit (draft_id, at, who, action, note, detail) VALUES (?,?,?,?,?,?)",
                   (draft_id, now_iso(), who, action, note, detail))

    def _update(self, db, row, who: str, expected: int | None, **fields) -> int:
        """Set fields on a draft if its version is still `expected`; bump the version."""
        version = row["version"] if expected is None else expected
        fields.update(version=version + 1, updated=now_iso(), updated_by=who)
        sets = ", ".join(f"{k} = ?" for k in fields)
        cur = db.execute(f"UPDATE drafts SET {sets} WHERE id = ? AND version = ?",
                         (*fields.values(), row["id"], version))
        if cur.rowcount == 0:
            raise self._conflict(db, row, version)
        return version + 1

    def _conflict(self, db, row, expected: int) -> ConflictError:
        now = db.execute("SELECT version, updated_by, updated FROM drafts WHERE id = ?",
                         (row["id"],)).fetchone()
        return ConflictError(row["id"], expected, now["version"], now["updated_by"], now["updated"])

    # -- the build's side

    def sync(self, articles, sources: dict[str, str] | None = None,
             plan: dict | None = None) -> dict[str, int]:
        """Record every built article, keep editors' work, and give each article
        its status, version and (if edited) text from the store. One transaction.

        Nothing is marked published here: newsgen.review.releases.record does
        that once the build's output is in place. `plan` ({key:
        releases.DeskState}) is filled here with what the desk decided for
        each article, for the publish stage.

        A build may sync its articles in several calls (batches); each is
        its own transaction, and `plan` collects across them. The store's
        drafts for a batch are read in one query; new drafts and their audit
        rows are inserted together."""
        counts = {"new": 0, "unchanged": 0, "updated": 0, "stale": 0}
        articles = list(articles)
        with self.transaction() as db:
            if sources:
                db.executemany("INSERT OR REPLACE INTO source_files VALUES (?, ?)",
                               list(sources.items()))
            batch = _SyncBatch(db, now_iso())
            rows = batch.read([a.key for a in articles])
            for article in articles:
                key = article.key
                if key in batch.pending:   # the same key twice: insert the first
                    rows.update(batch.flush())
                row = rows.get(key)
                if row is None:
                    batch.add(article)
                    counts["new"] += 1
                    continue
                what = self._sync_one(db, article, row, batch.stamp)
                counts[what] += 1
                if what != "unchanged":
                    row = rows[key] = batch.read([key])[key]
                batch.done.append((article, row))
            rows.update(batch.flush())
            for article, row in batch.done:
                apply_to_article(row, article)
                if plan is not None:
                    plan[article.key] = releases.desk_state(db, row)
        return counts

    def _sync_one(self, db, article, row=None, stamp: str | None = None) -> str:
        """Bring the draft of one built article up to date: 'new' (inserted),
        'unchanged', 'updated' (same status) or 'stale' (back in the queue).
        `row` is its draft as read for the batch, if it has one."""
        if row is None:
            row = self.by_key(article.key)
        if row is None:
            batch = _SyncBatch(db, stamp or now_iso())
            batch.add(article)
            batch.flush()
            return "new"
        machine = article.text()
        flags = json.dumps(flags_for(article.facts.values))
        fingerprint = article.fingerprint
        same_data = row["fingerprint"] == fingerprint
        if same_data and row["machine_text"] == machine:
            if row["flags"] != flags or row["force"] != article.area:
                db.execute("UPDATE drafts SET flags = ?, force = ?, force_label = ? WHERE id = ?",
                           (flags, article.area, article.area_label, row["id"]))
            return "unchanged"
        if "facts" not in row.keys():   # read for the batch without its facts
            row = self.by_key(article.key)
        facts = facts_json(article.facts)
        edited = row["edited_text"] is not None
        approved = row["status"] in ("approved", "published")
        # With the same figures an editor's text stands; an approved but unedited
        # text whose words changed (a template change) needs another look.
        goes_stale = (approved or edited) and not (same_data and edited)
        fields = {"machine_text": machine, "facts": facts, "fingerprint": fingerprint,
                  "flags": flags, "force": article.area, "force_label": article.area_label}
        if goes_stale:
            fields["stale"] = 1
            fields["status"] = "draft"
            if not row["stale"]:  # keep what the editor last saw as the baseline
                fields["stale_facts"] = row["facts"]
                fields["stale_machine_text"] = row["machine_text"]
        self._update(db, row, "build", None, **fields)
        what = "figures changed" if not same_data else "machine text changed"
        detail = ""
        if not same_data:
            detail = "\n".join(f"{n}: {a!r} -> {b!r}" for n, a, b in
                               figure_diff(json.loads(row["facts"]), json.loads(facts)))
        self._audit(db, row["id"], "build", "stale" if goes_stale else "rebuild",
                    what + ("; back in the queue" if goes_stale else ""), detail)
        return "stale" if goes_stale else "updated"
