"""The queue and the activity log as the review store reads them: a page at
a time, filtered, sorted and searched in SQL, so a page of 50 costs the
same from 300 drafts or 50,000.

Every sort has an index that walks in its order (migration 6 of
newsgen.review.store), so a page reads its 50 rows and not the table; the
flag filter reads ``draft_flags`` (kept in step with each draft's flags by
triggers), the text search the FTS5 index of newsgen.review.search. A
draft's row holds its texts and facts (tens of kB), so nothing here scans
drafts' rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from newsgen.review.drafts import STATUSES, ReviewError, check_status, current_text
from newsgen.review.search import Search, fts_query

PAGE_SIZE = 50
MAX_SUGGESTIONS = 1000   # force names offered by the type-ahead
QUEUE_STATUSES = (*STATUSES, "stale", "edited")
# Drafts needing a look first: stale (back in the queue), drafts, rejected,
# approved, published.
_STATUS_RANK = ("(CASE WHEN {t}stale = 1 THEN 0 WHEN {t}status = 'draft' THEN 1 "
                "WHEN {t}status = 'rejected' THEN 2 WHEN {t}status = 'approved' THEN 3 ELSE 4 END)")
_FLAG_COUNT = "(CASE WHEN json_valid({t}flags) THEN json_array_length({t}flags) ELSE 0 END)"
_FLAG_LIST = "json_each(CASE WHEN json_valid({t}flags) THEN {t}flags ELSE '[]' END)"
# sort -> (draft_queue's columns, the order it reads best in first)
SORTS = {
    "story": (("kit", "period", "force"), "asc"),
    "force": (("force", "kit", "period"), "asc"),
    "status": (("status_rank", "kit", "period", "force"), "asc"),
    "updated": (("updated",), "desc"),
    "flags": (("flag_count", "kit", "period", "force"), "desc"),
}
SORT_LABELS = {"story": "story", "force": "force", "status": "status (needs a look first)",
               "updated": "last changed", "flags": "number of flags"}
# The log's entries that are no one's decision: a draft written, or written
# again with the same status (a rebuild that made it stale is listed).
BOOKKEEPING = ("create", "rebuild")


def _queue_row(t: str) -> str:
    """draft_queue's values for the drafts row `t` ('new.', or '' in a SELECT)."""
    return (f"{t}id, {t}kit, {t}period, {t}force, {t}force_label, {t}slug, {t}status, "
            f"{t}stale, {t}edited_text IS NOT NULL, {t}updated, "
            f"{_FLAG_COUNT.format(t=t)}, {_STATUS_RANK.format(t=t)}")


# Run by migration 6 (after newsgen.review.search.SCHEMA). A draft's row holds
# its texts and facts (kB to tens of kB): draft_queue is the few short
# columns the queue filters and sorts on, one narrow row per draft, so a
# count or a sort never reads the drafts' rows; draft_flags is each draft's
# flags, one row each. Triggers keep both in step with every write to drafts.
SCHEMA = f"""
CREATE TABLE draft_queue (
    id INTEGER PRIMARY KEY, kit TEXT NOT NULL, period TEXT NOT NULL, force TEXT NOT NULL,
    force_label TEXT NOT NULL, slug TEXT NOT NULL, status TEXT NOT NULL,
    stale INTEGER NOT NULL, edited INTEGER NOT NULL, updated TEXT NOT NULL,
    flag_count INTEGER NOT NULL, status_rank INTEGER NOT NULL);
CREATE INDEX draft_queue_by_story ON draft_queue (kit, period, force);
CREATE INDEX draft_queue_by_force ON draft_queue (force, kit, period);
CREATE INDEX draft_queue_by_status ON draft_queue (status_rank, kit, period, force);
CREATE INDEX draft_queue_by_updated ON draft_queue (updated);
CREATE INDEX draft_queue_by_flags ON draft_queue (flag_count, kit, period, force);
CREATE INDEX draft_queue_status ON draft_queue (status);
CREATE INDEX draft_queue_force_name ON draft_queue (lower(force));
CREATE INDEX draft_queue_force_label ON draft_queue (lower(force_label));
CREATE INDEX draft_queue_slug ON draft_queue (slug);
CREATE TABLE draft_flags (flag TEXT NOT NULL, draft_id INTEGER NOT NULL,
                          PRIMARY KEY (flag, draft_id)) WITHOUT ROWID;
CREATE INDEX audit_by_who ON audit (who COLLATE NOCASE);
CREATE INDEX audit_by_action ON audit (action);
CREATE TRIGGER draft_queue_insert AFTER INSERT ON drafts BEGIN
    INSERT INTO draft_queue VALUES ({_queue_row("new.")});
    INSERT OR IGNORE INTO draft_flags SELECT value, new.id FROM {_FLAG_LIST.format(t="new.")}
        WHERE type = 'text';
END;
CREATE TRIGGER draft_queue_update AFTER UPDATE ON drafts BEGIN
    INSERT OR REPLACE INTO draft_queue VALUES ({_queue_row("new.")});
END;
CREATE TRIGGER draft_flags_update AFTER UPDATE OF flags ON drafts BEGIN
    DELETE FROM draft_flags WHERE draft_id = old.id;
    INSERT OR IGNORE INTO draft_flags SELECT value, new.id FROM {_FLAG_LIST.format(t="new.")}
        WHERE type = 'text';
END;
CREATE TRIGGER draft_queue_delete BEFORE DELETE ON drafts BEGIN
    DELETE FROM draft_queue WHERE id = old.id;
    DELETE FROM draft_flags WHERE draft_id = old.id;
END;
INSERT INTO draft_queue SELECT {_queue_row("")} FROM drafts;
INSERT OR IGNORE INTO draft_flags SELECT j.value, d.id FROM drafts d, {_FLAG_LIST.format(t="d.")} j
    WHERE j.type = 'text';
"""


def where(status: str | None = None, story: str | None = None, force: str | None = None,
          flag: str | None = None, match: str | None = None) -> tuple[str, list]:
    """The SQL condition on `draft_queue` for the queue's filters, and its
    arguments: the one definition for the page and `review list`."""
    sql, args = ["1=1"], []
    if status == "stale":
        sql.append("stale = 1")
    elif status == "edited":
        sql.append("edited = 1")
    elif status:
        sql.append("status = ?")
        args.append(check_status(status))
    if story:
        sql.append("kit = ?")
        args.append(story)
    if force:   # the name, the slug or the full name, any case
        sql.append("(lower(force) = lower(?) OR slug = lower(?) OR lower(force_label) = lower(?))")
        args += [force, force, force]
    if flag:
        sql.append("id IN (SELECT draft_id FROM draft_flags WHERE flag = ?)")
        args.append(flag)
    if match:
        sql.append("id IN (SELECT rowid FROM drafts_fts WHERE drafts_fts MATCH ?)")
        args.append(match)
    return " AND ".join(sql), args


@dataclass(frozen=True)
class QueueQuery:
    """One page of the queue as its address asks for it."""

    q: str = ""
    story: str = ""
    force: str = ""
    status: str = ""
    flag: str = ""
    sort: str = "story"
    order: str = ""
    page: int = 1

    KEYS = ("q", "story", "force", "status", "flag", "sort", "order", "page")

    @classmethod
    def from_params(cls, params: dict[str, str]) -> QueueQuery:
        """From the address's parameters; ReviewError for a value no form offers."""
        get = {k: " ".join(str(params.get(k, "")).split()) for k in cls.KEYS}
        if get["status"] and get["status"] not in QUEUE_STATUSES:
            raise ReviewError(f"no status {get['status']!r}: choose one of "
                              f"{', '.join(QUEUE_STATUSES)}")
        if get["sort"] and get["sort"] not in SORTS:
            raise ReviewError(f"the queue cannot sort by {get['sort']!r}: by "
                              f"{', '.join(SORTS)}")
        if get["order"] not in ("", "asc", "desc"):
            raise ReviewError(f"order {get['order']!r}: asc or desc")
        try:
            page = max(1, int(get["page"] or 1))
        except ValueError:
            raise ReviewError(f"page {get['page']!r} is not a page number") from None
        return cls(get["q"], get["story"], get["force"], get["status"], get["flag"],
                   get["sort"] or "story", get["order"], page)

    @property
    def direction(self) -> str:
        return self.order or SORTS[self.sort][1]

    def params(self, **change) -> dict[str, str]:
        """The address's parameters of this query (changed so), without defaults."""
        q = replace(self, **change)
        out = {k: str(getattr(q, k)) for k in self.KEYS}
        if out["sort"] == "story":
            del out["sort"]
        if out["page"] == "1":
            del out["page"]
        return {k: v for k, v in out.items() if v}


@dataclass
class QueueResult:
    query: QueueQuery
    search: Search | None
    drafts: list[dict]
    total: int
    page: int
    pages: int


def queue_page(db, query: QueueQuery) -> QueueResult:
    """The drafts of one page of the queue, each with its last logged action."""
    search = fts_query(query.q) if query.q else None
    cond, args = where(query.status or None, query.story or None, query.force or None,
                       query.flag or None, search.match if search else None)
    total = db.execute(f"SELECT count(*) FROM draft_queue WHERE {cond}", args).fetchone()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    columns, _ = SORTS[query.sort]
    direction = query.direction.upper()
    order = ", ".join(f"{c} {direction}" for c in (*columns, "id"))
    ids = [r[0] for r in db.execute(
        f"SELECT id FROM draft_queue WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE])]
    # then the page's 50 drafts' own rows, in that order
    found = {r["id"]: r for r in db.execute(
        "SELECT id, key, kit, force, force_label, period, status, flags, stale, machine_text, "
        "edited_text, version, published_version, updated FROM drafts "
        f"WHERE id IN ({','.join('?' * len(ids))})", ids)}
    rows = [found[i] for i in ids if i in found]
    last = last_actions(db, [r["id"] for r in rows])
    drafts = [{"id": r["id"], "key": r["key"], "kit": r["kit"], "force": r["force"],
               "force_label": r["force_label"], "period": r["period"], "status": r["status"],
               "flags": _flags(r["flags"]), "stale": bool(r["stale"]),
               "edited": r["edited_text"] is not None, "version": r["version"],
               "headline": current_text(r).split("\n", 1)[0], "updated": r["updated"],
               "last": last.get(r["id"])} for r in rows]
    return QueueResult(query, search, drafts, total, page, pages)


def last_actions(db, ids: list[int]) -> dict[int, dict]:
    """Each draft's latest entry in the log: what, who, when."""
    if not ids:
        return {}
    rows = db.execute(
        "SELECT draft_id, action, who, at, note FROM audit WHERE id IN "
        f"(SELECT max(id) FROM audit WHERE draft_id IN ({','.join('?' * len(ids))}) "
        "GROUP BY draft_id)", ids).fetchall()
    return {r["draft_id"]: dict(r) for r in rows}


def stories(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT kit FROM draft_queue ORDER BY kit")]


def forces(db, story: str = "") -> tuple[list[str], bool]:
    """Force names for the type-ahead (of one story, if chosen), at most
    MAX_SUGGESTIONS; and whether there were more."""
    sql, args = "SELECT DISTINCT force FROM draft_queue", []
    if story:
        sql, args = sql + " WHERE kit = ?", [story]
    names = [r[0] for r in db.execute(sql + " ORDER BY force LIMIT ?", [*args, MAX_SUGGESTIONS + 1])]
    return names[:MAX_SUGGESTIONS], len(names) > MAX_SUGGESTIONS


def _flags(value: str) -> list[str]:
    try:
        flags = json.loads(value)
    except ValueError:
        return []
    return [f for f in flags if isinstance(f, str)] if isinstance(flags, list) else []


# --- the activity log across drafts -------------------------------------------------

@dataclass
class ActivityResult:
    entries: list[dict]
    total: int
    page: int
    pages: int


def activity_page(db, editor: str = "", story: str = "", action: str = "",
                  page: int = 1) -> ActivityResult:
    """Every decision in the log (BOOKKEEPING left out), newest first, with
    its draft; of one editor (any case), story or kind of action."""
    sql = ["a.action NOT IN (%s)" % ",".join("?" * len(BOOKKEEPING))]
    args: list = list(BOOKKEEPING)
    if editor:
        sql.append("a.who = ? COLLATE NOCASE")
        args.append(editor)
    if story:
        sql.append("d.kit = ?")
        args.append(story)
    if action:
        sql.append("a.action = ?")
        args.append(action)
    cond = " AND ".join(sql)
    joined = "FROM audit a JOIN drafts d ON d.id = a.draft_id"
    total = db.execute(f"SELECT count(*) {joined if story else 'FROM audit a'} WHERE {cond}",
                       args).fetchone()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.execute(
        "SELECT a.id, a.draft_id, a.at, a.who, a.action, a.note, d.kit, d.period, d.force "
        f"{joined} WHERE {cond} ORDER BY a.id DESC LIMIT ? OFFSET ?",
        [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE]).fetchall()
    return ActivityResult([dict(r) for r in rows], total, page, pages)


def editors(db) -> list[str]:
    """Everyone the log names (the build too), for the activity filter."""
    return [r[0] for r in db.execute("SELECT DISTINCT who COLLATE NOCASE FROM audit ORDER BY 1")]


def actions(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit ORDER BY action")
            if r[0] not in BOOKKEEPING]
