"""The build's articles as drafts, for ReviewStore.sync: the drafts of a
batch read in one query and the new ones inserted together, the facts as the
store keeps them, and what a draft gives back to its built article.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from newsgen.review.drafts import parse_text
from newsgen.review.flags import flags_for


# What sync reads of each draft: all apply_to_article and _sync_one's
# "unchanged" test need (not the facts, the largest column).
_SYNC_COLUMNS = ("id, key, status, machine_text, edited_text, fingerprint, flags, force, "
                 "stale, published_text, published_version, version, updated_by")
_KEYS_PER_QUERY = 500   # under SQLite's limit of host parameters (999 before 3.32)


class _SyncBatch:
    """New drafts of one sync, inserted together, and the drafts read for it."""

    def __init__(self, db, stamp: str):
        self.db, self.stamp = db, stamp
        self.pending: dict[str, tuple] = {}    # key -> the new draft's row values
        self.done: list[tuple] = []            # (article, row), in the articles' order

    def read(self, keys: list[str]) -> dict[str, sqlite3.Row]:
        """The drafts with these keys, by key, in one query per 500 keys."""
        rows = {}
        for i in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[i:i + _KEYS_PER_QUERY]
            rows.update((r["key"], r) for r in self.db.execute(
                f"SELECT {_SYNC_COLUMNS} FROM drafts WHERE key IN ({','.join('?' * len(chunk))})",
                chunk))
        return rows

    def add(self, article) -> None:
        stamp = self.stamp
        self.pending[article.key] = (
            article.key, article.kit, article.slug, article.area, article.area_label,
            article.period, article.text(), facts_json(article.facts), article.fingerprint,
            json.dumps(flags_for(article.facts.values)), stamp, stamp, "build")
        self.done.append((article, None))

    def flush(self) -> dict[str, sqlite3.Row]:
        """Insert the pending drafts and their audit rows; their rows, by key."""
        if not self.pending:
            return {}
        values = list(self.pending.values())
        self.pending = {}
        self.db.executemany(
            "INSERT INTO drafts (key, kit, slug, force, force_label, period, machine_text, facts, "
            "fingerprint, flags, created, updated, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            values)
        rows = self.read([v[0] for v in values])
        self.db.executemany(
            "INSERT INTO audit (draft_id, at, who, action, note, detail) "
            "VALUES (?, ?, 'build', 'create', '', ?)",
            [(rows[v[0]]["id"], self.stamp, f"fingerprint {v[8]}") for v in values])
        self.done = [(a, rows[a.key] if r is None and a.key in rows else r) for a, r in self.done]
        return rows


def facts_json(facts) -> str:
    """A FactSet as the review store keeps it: compact JSON, keys sorted,
    what JSON cannot hold as text."""
    import orjson   # here: the review commands do not load the build (pandas)

    from newsgen.words.article import cited, encodable_facts, sources_as_they_are
    if sources_as_they_are(cited):   # the sources as they are, each cited as its dict
        try:
            return orjson.dumps(encodable_facts(facts.facts, facts.shared), default=cited,
                                option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                                ).decode("utf-8")
        except TypeError:   # keys that are not strings, integers beyond 64 bits
            pass
    return json.dumps(facts.as_dict(), sort_keys=True, default=str)


def apply_to_article(row, article) -> None:
    """Give the built article the store's status, version and editor's text."""
    article.status = row["status"]
    version = row["published_version"]
    if row["status"] == "approved":
        version += 1   # goes out as a new version: the first, or a correction
    article.version = max(1, version)
    # (only what changes with the published words: feeds digest the extras)
    article.extras["review"] = {"id": row["id"], "version": article.version,
                                "edited": row["edited_text"] is not None and not row["stale"]}
    if row["edited_text"] is not None and not row["stale"]:
        t = parse_text(row["edited_text"])
        article.headline, article.standfirst = t.headline, t.standfirst
        article.paragraphs, article.notes = t.paragraphs, t.notes
    mark_checked(article)


def mark_checked(article) -> None:
    """An approved or published version says an editor checked it (the
    writer's `checked_note`, from checked.j2); a draft never does. The
    store keeps the text without it, so the line never becomes an edit."""
    note = getattr(article, "checked_note", "")
    if note and article.status in ("approved", "published") and note not in article.notes:
        article.notes = [*article.notes, note]


def desk_text(article) -> str:
    """The article's text as the store keeps it: without the line
    `mark_checked` adds (the published text an editor's next edit starts from)."""
    note = getattr(article, "checked_note", "")
    if note and article.notes and article.notes[-1] == note:
        return replace(article, notes=article.notes[:-1]).text()
    return article.text()
