"""Linking the numbers in a draft's text to the facts they came from (as the
fact check reads them), and reading the data cells a fact cites, for the
review page.
"""

from __future__ import annotations

import re

from newsgen.errors import NewsgenError
from newsgen.factcheck.claims import extract
from newsgen.factcheck.match import match
from newsgen.review.store import ReviewStore

# Numbers that are not figures to link: a year or period label the article's
# periods explain, or a length of time ("12 months").
_NOT_FIGURES = ("year", "period", "duration")
_BREAKDOWN_ITEM = re.compile(r"breakdown\[(\d+)\]\.value")


def fact_entry(facts: dict, name: str) -> dict | None:
    """The draft's fact by its link name: a breakdown item is "breakdown.1",
    with its own cell; anything else is the fact itself."""
    if name.startswith("breakdown."):
        index = name.partition(".")[2]
        fact = facts.get("breakdown") or {}
        items = fact.get("value") if isinstance(fact.get("value"), list) else []
        if not index.isdigit() or int(index) >= len(items):
            return None
        i = int(index)
        return {"value": items[i].get("value"), "sources": fact.get("sources", [])[i:i + 1],
                "how": f"breakdown: {items[i].get('category')}"}
    return facts.get(name)


def _link_name(fact: str, value, after: str, values: dict) -> str:
    m = _BREAKDOWN_ITEM.fullmatch(fact)
    if m:
        return f"breakdown.{m.group(1)}"
    if re.match(r"\s+(forces|areas)\b", after):   # "the 15 forces": how many were ranked
        ranked = [n for n, v in values.items() if n.endswith("ranked") and v == value]
        if ranked:
            return ranked[0]
    return fact


def link_numbers(text: str, facts: dict) -> list[dict]:
    """The text as segments: {'text'} or {'text', 'facts', 'hedged'} for a
    number the fact check traces to a fact (or a true, close hedge of one), or
    {'text', 'untraced': True} for one it does not. The review page links the
    numbers the build's own fact check reads, by the same rules."""
    values = {name: fact.get("value") for name, fact in facts.items() if isinstance(fact, dict)}
    out, pos = [], 0
    for claim in extract(text):
        match(claim, values)
        end = claim.start + len(claim.text)
        if claim.matched and claim.kind in _NOT_FIGURES:
            continue
        if pos < claim.start:
            out.append({"text": text[pos:claim.start]})
        seg = {"text": claim.text}
        if claim.matched:
            seg.update(facts=[_link_name(claim.fact, claim.fact_value, text[end:], values)],
                       hedged=claim.parts[0] != "exactly")
        else:
            seg["untraced"] = True
        out.append(seg)
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


SHOWN_CELLS = 20   # cells shown of a fact citing many (the rest are counted)


def cells_for(store: ReviewStore, fact: dict, limit: int = SHOWN_CELLS) -> list[dict]:
    """Each source cell of a fact (the first `limit`): the file's header and
    the line, column marked; a spreadsheet's cell by its reference
    ('x.xlsx!Table P1!L25') in its sheet's row."""
    import csv
    cells, files = [], {}
    for s in fact.get("sources", [])[:limit]:
        cell = {"file": s["file"], "line": s["line"], "column": s["column"],
                "cell": s.get("cell", ""), "header": [], "row": [], "hit": None, "error": ""}
        try:
            if s["file"] not in files:   # each file read once, however many cells cite it
                path = store.source_path(s["file"])
                if path is None:
                    raise FileNotFoundError
                if cell["cell"]:
                    from newsgen.sources.sheets import read_workbook
                    files[s["file"]] = {sh.name: sh.rows for sh in read_workbook(path, s["file"])}
                else:
                    with open(path, encoding="utf-8-sig", newline="") as fh:
                        files[s["file"]] = list(csv.reader(fh))
            if cell["cell"]:
                cell.update(_sheet_cell(files[s["file"]], cell["cell"]))
            else:
                rows = files[s["file"]]
                cell["header"] = rows[0]
                cell["row"] = rows[int(s["line"]) - 1]
        except (OSError, IndexError, ValueError, KeyError, UnicodeDecodeError, NewsgenError):
            files.setdefault(s["file"], [])
            cell["error"] = "the data file cannot be read here"
        cells.append(cell)
    return cells


def _sheet_cell(sheets: dict, ref: str) -> dict:
    """The row of 'file!Sheet!L25' and its header (the nearest row above with
    text in the cell's column), the cell's column marked."""
    from newsgen.sources.sheets import cell_text, marker, whole_number
    _file, sheet, at = ref.rsplit("!", 2)
    m = re.fullmatch(r"([A-Z]+)(\d+)", at)
    letters, row = m.group(1), int(m.group(2))
    hit = 0
    for ch in letters:
        hit = hit * 26 + ord(ch) - 64
    hit -= 1
    rows = sheets[sheet]
    def is_label(c) -> bool:   # words, not a figure or a marker such as '..'
        return isinstance(c, str) and bool(c.strip()) and marker(c) is None and whole_number(c) is None

    header = next((r for r in reversed(rows[:row - 1])
                   if hit < len(r) and is_label(r[hit]) and sum(map(is_label, r)) > 1), [])
    return {"header": [cell_text(c) for c in header], "row": [cell_text(c) for c in rows[row - 1]],
            "hit": hit}


def full_fact(store: ReviewStore, draft, fact: dict) -> dict:
    """The fact with every cell it cites: a fact citing many cells is kept
    once per story (its "cited_in"), not in each draft."""
    if "cited_in" not in fact or fact.get("sources"):
        return fact
    shared = store.shared_fact(draft["kit"], draft["period"], fact["cited_in"])
    if shared is None:
        return {**fact, "sources": []}
    return {**fact, "value": shared["value"], "sources": shared["sources"]}

