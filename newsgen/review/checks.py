"""The fact check of a draft's text: the build's own check
(newsgen.factcheck.check_article) run on the text an editor saves or
approves, against the draft's facts as the store keeps them.

What the build does not check it does not check here either: the kit's own
words (notes, the source credit, quotes and their introductions) and data
labels, which the build records per story (table ``story_texts``). A
paragraph exactly as the machine wrote it from these facts passed the
build's check already. Two things an edit can add that a build cannot are
checked as well: a quotation that is not one of the kit's (its numbers are
the editor's, not a speaker's), and residue of templates in any case
(JavaScript's "undefined").
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from newsgen.factcheck.check import Problem, Report, check_article
from newsgen.review.drafts import current_text, parse_text, where_label

_BLANKED_FIRST = re.compile(r"https?://\S+|www\.\S+|“[^”]*(?:”|$)|\"[^\"\n]*\"", re.S)
_QUOTATION = re.compile(r"“([^”]*)(?:”|$)|\"([^\"\n]*)\"", re.S)
# the build's check finds "Undefined" (Jinja's); an editor pasting from a web
# tool brings JavaScript's
_RESIDUE = re.compile(r"\bundefined\b")


def story_texts(db, kit: str) -> tuple[str, ...]:
    return tuple(r[0] for r in db.execute("SELECT text FROM story_texts WHERE kit = ? ORDER BY text",
                                          (kit,)))


def check_draft(db, row, text: str | None = None) -> Report:
    """The fact check of `text` (default: the draft's current text) against
    the draft `row`'s facts. `db` is the store's connection."""
    text = current_text(row) if text is None else text
    facts = json.loads(row["facts"])
    values = {name: f.get("value") for name, f in facts.items() if isinstance(f, dict)}
    machine = parse_text(row["machine_text"])
    blocks = (machine.headline, machine.standfirst, *machine.paragraphs, *machine.notes)
    checked = set()
    for block in blocks:
        # the check blanks addresses and quotations before it looks for
        # verbatim text, so a paragraph is passed over as the pieces between
        # them; pieces of a few words at least (a lone "." would blank the
        # point of every decimal)
        checked.update(p.strip() for p in _BLANKED_FIRST.split(block) if len(p.split()) >= 4)
    kits_own = story_texts(db, row["kit"])
    verbatim = kits_own + tuple(sorted(checked))
    known = kits_own + blocks   # where a quotation may come from
    t = parse_text(text)
    # each quotation that is not the kit's, as a field of its own (the check
    # itself passes over quotations: a speaker's words are theirs)
    fields = [("headline", t.headline), ("standfirst", t.standfirst)]
    fields += [(f"paragraphs[{i}]", p) for i, p in enumerate(t.paragraphs)]
    fields += [(f"notes[{i}]", p) for i, p in enumerate(t.notes)]
    quoted = []
    for where, field in fields:
        for m in _QUOTATION.finditer(field):
            if not any(m.group(0).rstrip("”") in v for v in known):
                quoted.append((where, m.group(1) if m.group(1) is not None else m.group(2)))
    article = SimpleNamespace(
        facts=SimpleNamespace(values=values), area=row["force"], area_label=row["force_label"],
        region="", kit_title="", headline=t.headline, standfirst=t.standfirst,
        paragraphs=t.paragraphs + [q for _w, q in quoted if q.strip()], notes=t.notes)
    report = check_article(article, verbatim)
    # name the quotations' problems by the paragraph they are in
    shown = {f"paragraphs[{len(t.paragraphs) + i}]": where
             for i, (where, _q) in enumerate(q for q in quoted if q[1].strip())}
    for problem in report.problems:
        if problem.where in shown:
            problem.where = f"{shown[problem.where]}, in a quotation not from the kit"
    for claim in report.claims:
        if claim.where in shown:
            claim.where = shown[claim.where]
    for where, field in fields:
        m = _RESIDUE.search(field)
        if m and not any(m.group(0) in v and v in field for v in known):
            report.problems.append(Problem(where, field, f"template residue {m.group(0)!r} in the text"))
    return report


def describe(problem: Problem) -> dict:
    """A problem as the review page and the log show it."""
    return {"where": where_label(problem.where), "message": problem.message, "sentence": problem.sentence}


def summary(problems: list[Problem]) -> str:
    """The problems as lines for the log (and the command line)."""
    return "\n".join(f"{where_label(p.where)}: {p.message}: “{p.sentence}”" for p in problems)
