"""Flags and diffs: what in a draft needs a human look, and what changed."""

from __future__ import annotations

import difflib

FLAGS = {
    "big-change": "change of more than 50% on the previous year",
    "missing-breakdown": "no breakdown by type of offence",
    "zero": "a zero among the figures",
    "first-year": "no previous year: first year of data",
    "outlier-rank": "highest or lowest of the forces, by count or by rate",
    "revised": "published, but the data now revises figures it stated: needs a correction",
}


def flags_for(values: dict) -> list[str]:
    out = []
    pct = values.get("change_pct")
    if isinstance(pct, (int, float)) and abs(pct) > 50:
        out.append("big-change")
    if not values.get("breakdown"):
        out.append("missing-breakdown")
    numbers = [values.get("current"), values.get("previous")]
    numbers += [b.get("value") for b in values.get("breakdown") or []]
    if any(n == 0 for n in numbers if isinstance(n, (int, float))):
        out.append("zero")
    if values.get("previous") is None:
        out.append("first-year")
    rank, ranked = values.get("rank"), values.get("ranked")
    rrank, rranked = values.get("rate_rank"), values.get("rate_ranked")
    if (ranked and ranked > 2 and rank in (1, ranked)) or \
            (rranked and rranked > 2 and rrank in (1, rranked)):
        out.append("outlier-rank")
    return out


def figure_diff(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(fact, old value, new value) for every fact whose value changed."""
    rows = []
    for name in sorted(set(old) | set(new)):
        a = (old.get(name) or {}).get("value") if name in old else None
        b = (new.get(name) or {}).get("value") if name in new else None
        if a != b:
            rows.append((name, a, b))
    return rows


def text_diff(a: str, b: str, a_name: str, b_name: str) -> str:
    return "".join(difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                        a_name, b_name))
