"""Revisions: when a build's data changes a figure that a published story
stated, the story needs a correction, and its editors must be told.

After each build, every story the review store says went out (any period,
not only the one built: a new release can revise last year's figures) is
checked against the build's data: the figures its published text states
(the numbers the fact check traces to its facts) are recomputed for the
story's own periods, and any that changed are listed, old and new. Each
such draft is flagged ``revised``, marked stale with the published figures
as its baseline (so ``review diff`` and the review page show old against
new), and put back in the queue: nothing is republished until an editor
approves a corrected text. The build lists them on its output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from newsgen.review.numbers import fact_entry, link_numbers
from newsgen.review.store import ReviewStore, now_iso

FLAG = "revised"


@dataclass
class Revision:
    draft_id: int
    key: str
    story: str
    force: str
    period: str
    version: int                        # the version that went out
    changes: list[tuple[str, object, object]]   # (figure, as published, now)

    def __str__(self) -> str:
        return (f"{self.story}/{self.force} ({self.period}, published as version {self.version}, "
                f"draft {self.draft_id}): " + "; ".join(f"{name} {_show(old)} -> {_show(new)}"
                                                       for name, old, new in self.changes))


def _show(value) -> str:
    if value is None:
        return "not available"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _same(a, b) -> bool:
    """As an article prints them: whole numbers exactly, others to one place."""
    if isinstance(a, float) or isinstance(b, float):
        try:
            return round(float(a), 1) == round(float(b), 1)
        except (TypeError, ValueError):
            return a == b
    return a == b


def stated(text: str, facts: dict) -> list[str]:
    """The figures a text states: each number the fact check traces to a fact."""
    names = []
    for segment in link_numbers(text, facts):
        for name in segment.get("facts", []):
            if name not in names:
                names.append(name)
    return names


def changed(text: str, old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(figure, old value, new value) for each figure `text` states from `old`
    that `new` gives differently."""
    out = []
    for name in stated(text, old):
        before, after = fact_entry(old, name), fact_entry(new, name)
        if before is None or "value" not in before:
            continue
        now = after.get("value") if after is not None else None
        if not _same(before["value"], now):
            out.append((name, before["value"], now))
    return out


def published_drafts(store: ReviewStore, stories: list[str]) -> list:
    if not stories:
        return []
    marks = ",".join("?" * len(stories))
    return store.db.execute(f"SELECT * FROM drafts WHERE published_version > 0 AND kit IN ({marks}) "
                            "ORDER BY kit, force", stories).fetchall()


def find_revisions(store: ReviewStore, recompute: "Recompute") -> tuple[list[Revision], dict]:
    """The published stories whose stated figures the build's data changes.

    A draft the build already marked stale (its figures changed) has the new
    facts in the store; any other published draft's are recomputed for its
    own periods. Returns the revisions and, by draft id, the recomputed facts."""
    revisions, new_facts = [], {}
    for row in published_drafts(store, recompute.stories):
        old = json.loads(row["stale_facts"] if row["stale"] and row["stale_facts"] else row["facts"])
        if row["stale"]:
            new = json.loads(row["facts"])
        else:
            previous = (old.get("previous_period") or {}).get("value")
            new = recompute(row["kit"], row["period"], previous, row["slug"])
            if new is None:   # the data no longer holds that period or area
                continue
        text = row["published_text"] or row["machine_text"]
        changes = changed(text, old, new)
        if changes:
            if not row["stale"]:
                new_facts[row["id"]] = new
            revisions.append(Revision(row["id"], row["key"], row["kit"], row["force"],
                                      row["period"], row["published_version"], changes))
    return revisions, new_facts


class Recompute:
    """A story's facts for any of its periods, from the build's loaded data
    (newsgen.facts.kit_facts.KitData), each story and period computed once."""

    def __init__(self, loaded, kits: dict):
        self.loaded, self.kits = loaded, kits
        self.stories = sorted(kits)
        self._done: dict[tuple, dict] = {}

    def __call__(self, story: str, period: str, previous: str | None, slug: str) -> dict | None:
        kit = self.kits.get(story)
        if kit is None:
            return None
        data = self.loaded.dataset(kit)
        if period not in data.periods:
            return None
        key = (story, period, previous)
        if key not in self._done:
            self._done[key] = self.loaded.facts_for(
                kit, period, previous if previous in data.periods else None)
        facts = self._done[key].get(slug)
        return facts.as_dict() if facts is not None else None


def revisions_stage(ctx) -> None:
    """Build stage, once the output is in place: find the published stories
    the data revises, flag them for correction, and list them in the result."""
    from newsgen.review.stages import review_db_path
    if ctx.data is None:
        return
    recompute = Recompute(ctx.data, ctx.kits)
    with ReviewStore(review_db_path(ctx.options)) as store:
        revisions, new_facts = find_revisions(store, recompute)
        if revisions:
            flag_revisions(store, revisions, new_facts)
    ctx.totals.revisions = revisions


def flag_revisions(store: ReviewStore, revisions: list[Revision], new_facts: dict) -> None:
    """Flag each revised draft for correction and put it back in the queue;
    its editor's text stays. A draft already flagged with the same changes is
    left as it is (so a rebuild does not repeat the log)."""
    stamp = now_iso()
    with store.transaction() as db:
        for revision in revisions:
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (revision.draft_id,)).fetchone()
            flags = json.loads(row["flags"])
            note = "figures this story stated were revised: " + "; ".join(
                f"{n} {_show(a)} -> {_show(b)}" for n, a, b in revision.changes)
            told = db.execute("SELECT 1 FROM audit WHERE draft_id = ? AND action = 'revised' "
                              "AND note = ?", (row["id"], note)).fetchone() is not None
            if told:   # flagged before for these very changes: only keep the flag on
                if FLAG not in flags:
                    db.execute("UPDATE drafts SET flags = ? WHERE id = ?",
                               (json.dumps(flags + [FLAG]), row["id"]))
                continue
            fields = {"flags": json.dumps(flags + [FLAG] if FLAG not in flags else flags)}
            if not row["stale"]:   # the published figures are the baseline of the diff
                fields.update(stale=1, stale_facts=row["facts"],
                              stale_machine_text=row["machine_text"])
                if row["id"] in new_facts:
                    fields["facts"] = json.dumps(new_facts[row["id"]], sort_keys=True, default=str)
            if row["status"] in ("approved", "published"):
                fields["status"] = "draft"   # back in the queue: an editor corrects and approves
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"UPDATE drafts SET {sets}, version = version + 1, updated = ?, "
                       "updated_by = 'build' WHERE id = ?", (*fields.values(), stamp, row["id"]))
            db.execute("INSERT INTO audit (draft_id, at, who, action, note, detail) "
                       "VALUES (?, ?, 'build', 'revised', ?, ?)",
                       (row["id"], stamp, note, "\n".join(
                           f"{n}: {a!r} -> {b!r}" for n, a, b in revision.changes)))
