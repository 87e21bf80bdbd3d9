"""Figures a publisher marked as not available ('[x]', '[c]', '..'): which
areas lack one, and the facts that record it. A figure that is not available
is None, never zero, and cites the cell that says so; a total or a rank that
would need it is not available either (a total of the rest is not the
total; a rank among the rest is a rank against an incomplete set).
"""

from __future__ import annotations

from newsgen.facts.factset import Fact
from newsgen.sources.dataset import Dataset


def gaps(data: Dataset, category: str, period: str | None) -> dict[str, tuple]:
    """area -> (Missing, Source) for each area whose figure for `period` is
    marked not available in the data."""
    if period is None or not data.unavailable:
        return {}
    category = category.lower()
    return {area: entry for (area, p, c), entry in data.unavailable.items()
            if p == period and c == category}


def describe(entries: dict[str, tuple], names: dict[str, str] | None = None) -> str:
    """"'..' (not available) for Greater Manchester": what the cells say."""
    by_mark: dict[tuple, list[str]] = {}
    for area, ((mark, meaning), _src) in sorted(entries.items()):
        by_mark.setdefault((mark, meaning), []).append((names or {}).get(area, area))
    return "; ".join(f"{mark!r} ({meaning}) for {', '.join(areas)}"
                     for (mark, meaning), areas in by_mark.items())


def not_available(name: str, entries: dict[str, tuple], what: str,
                  names: dict[str, str] | None = None) -> Fact:
    """A fact with no value because the cells in `entries` have none."""
    sources = tuple(src for _area, (_m, src) in sorted(entries.items()))
    return Fact(name, None, sources, f"not available: {what}: {describe(entries, names)}")
