"""Linking the numbers in a draft's text to the facts they came from, and
reading the data cells a fact cites, for the review page.
"""

from __future__ import annotations

import re

from newsgen.review.store import ReviewStore

HEDGES_UP = ("more than", "over", "just over", "above")         # the fact is a bit above
HEDGES_DOWN = ("nearly", "almost", "just under", "fewer than", "less than", "under")
HEDGES_NEAR = ("about", "around", "roughly", "some")
NUMBER = re.compile(
    r"(?P<hedge>\b(?i:%s)\s+)?(?P<num>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?)"
    r"(?P<pct>%%)?(?P<period>-\d\d\b)?" % "|".join(
        re.escape(h) for h in sorted(HEDGES_UP + HEDGES_DOWN + HEDGES_NEAR + ("one in",),
                                     key=len, reverse=True)))
PREFERRED = ("current", "previous", "national_current", "national_previous", "change",
             "change_pct", "national_change_pct", "rate", "rank", "rate_rank")


def _numeric_facts(facts: dict) -> list[tuple[str, float, dict]]:
    out = []
    for name, fact in facts.items():
        v = fact.get("value")
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            continue
        out.append((name, v, fact))
    for name, fact in facts.items():  # breakdown items, each with its own cell
        if name == "breakdown" and isinstance(fact.get("value"), list):
            for i, item in enumerate(fact["value"]):
                src = fact.get("sources", [])[i:i + 1]
                out.append((f"breakdown.{i}", item.get("value"),
                            {"value": item.get("value"), "sources": src,
                             "how": f"breakdown: {item.get('category')}"}))
    order = {n: i for i, n in enumerate(PREFERRED)}
    out.sort(key=lambda t: (order.get(t[0], len(order)),
                            not (t[2].get("sources") or t[2].get("cited_in")), t[0]))
    return out


def match_number(text_num: str, pct: bool, hedge: str, facts: dict) -> list[str]:
    """Names of the facts a number in the text states, best first."""
    n = float(text_num.replace(",", ""))
    decimals = len(text_num.split(".")[1]) if "." in text_num else 0
    hedge = " ".join(hedge.split()).lower()
    exact, near = [], []
    for name, v, _fact in _numeric_facts(facts):
        if v is None:
            continue
        if hedge == "one in":
            if name == "share" and v > 0 and abs(1 / v - n) / n <= 0.05:
                exact.append(name)
            continue
        if pct != ("pct" in name):
            continue
        value = abs(v) if pct else v
        if round(value, decimals) == n:
            exact.append(name)
        elif hedge and n:
            # a hedged number is rounded to its last non-zero digit: "more than 200"
            # is 201 to 299, "nearly 23,000" 22,001 to 22,999
            unit = _rounding_unit(n) if n == int(n) else 10 ** -decimals
            if hedge in HEDGES_UP and n < value < n + unit:
                near.append(name)
            elif hedge in HEDGES_DOWN and n - unit < value < n:
                near.append(name)
            elif hedge in HEDGES_NEAR and abs(value - n) <= unit / 2:
                near.append(name)
    return exact or near


def _rounding_unit(n: float) -> int:
    n, unit = int(n), 1
    while n and n % 10 == 0:
        n, unit = n // 10, unit * 10
    return unit


def link_numbers(text: str, facts: dict) -> list[dict]:
    """The text as segments: {'text'} or {'text', 'facts', 'hedged'} or
    {'text', 'untraced': True} for a number no fact explains."""
    out, pos = [], 0
    urls = [u.span() for u in re.finditer(r"https?://\S+", text)]
    for m in NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in urls):
            continue  # part of an address
        if m.group("period") or re.fullmatch(r"(19|20)\d\d", m.group("num")) or \
                (m.group("num") == "12" and text.startswith(" months", m.end())):
            continue  # a year, a period label or "12 months": not a figure
        names = match_number(m.group("num"), bool(m.group("pct")), m.group("hedge") or "", facts)
        if re.match(r"\s+(forces|areas)\b", text[m.end():]):   # "the 15 forces": a count of areas
            names.sort(key=lambda n: not n.endswith("ranked"))
        if pos < m.start():
            out.append({"text": text[pos:m.start()]})
        seg = {"text": m.group(0)}
        if names:
            seg.update(facts=names, hedged=bool(m.group("hedge")))
        else:
            seg["untraced"] = True
        out.append(seg)
        pos = m.end()
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


SHOWN_CELLS = 20   # cells shown of a fact citing many (the rest are counted)


def cells_for(store: ReviewStore, fact: dict, limit: int = SHOWN_CELLS) -> list[dict]:
    """Each source cell of a fact (the first `limit`): the file's header and
    the line, column marked."""
    import csv
    cells, files = [], {}
    for s in fact.get("sources", [])[:limit]:
        cell = {"file": s["file"], "line": s["line"], "column": s["column"],
                "header": [], "row": [], "error": ""}
        try:
            if s["file"] not in files:   # each file read once, however many cells cite it
                path = store.source_path(s["file"])
                if path is None:
                    raise FileNotFoundError
                with open(path, encoding="utf-8-sig", newline="") as fh:
                    files[s["file"]] = list(csv.reader(fh))
            rows = files[s["file"]]
            cell["header"] = rows[0]
            cell["row"] = rows[int(s["line"]) - 1]
        except (OSError, IndexError, ValueError, UnicodeDecodeError):
            files.setdefault(s["file"], [])
            cell["error"] = "the data file cannot be read here"
        cells.append(cell)
    return cells


def full_fact(store: ReviewStore, draft, fact: dict) -> dict:
    """The fact with every cell it cites: a fact citing many cells is kept
    once per story (its "cited_in"), not in each draft."""
    if "cited_in" not in fact or fact.get("sources"):
        return fact
    shared = store.shared_fact(draft["kit"], draft["period"], fact["cited_in"])
    if shared is None:
        return {**fact, "sources": []}
    return {**fact, "value": shared["value"], "sources": shared["sources"]}

