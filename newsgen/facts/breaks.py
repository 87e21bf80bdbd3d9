"""Facts about the series breaks a kit declares (kit.SeriesBreak): whether an
area's change on the year reaches across one, and which break limits its
long-run comparisons. What is comparable is judged in newsgen.facts.judgements;
this module only records it, citing the kit's declaration.

Added only for kits that declare breaks (other kits' facts are unchanged):

* ``change_across_break``: the previous and current periods were counted
  differently; with it ``break_date`` (ISO), ``break_change`` (the kit's
  plain words), ``break_source`` and ``break_url``, and ``break_brief`` (the
  kit's few words for the body's sentence beside the change, or its plain
  words); all None when the change is like for like.
* the series facts of newsgen.facts.extended, limited to the periods
  comparable with the current one, and ``series_break`` (the break that
  limits them), ``series_from_break`` (the comparable figures begin at a
  break, not where the data begin), ``series_comparable`` (some earlier
  figure is comparable) and ``series_breaks`` (each break inside the
  series, for the chart).
"""

from __future__ import annotations

from newsgen.facts import judgements
from newsgen.facts.factset import Fact

BREAK_FACTS = ("change_across_break", "break_date", "break_change", "break_source", "break_url",
               "break_brief")


def applying(breaks, slug: str | None) -> list:
    """The breaks that apply to an area (None: to the national series)."""
    return [b for b in breaks if b.applies_to(slug)]


def _declared(b) -> str:
    return f"declared in {b.where}: {b.source}" + (f", {b.url}" if b.url else "")


def change_facts(breaks, slug: str | None, current: str, previous: str | None,
                 prefix: str = "") -> dict[str, Fact]:
    """The break facts of a change from `previous` to `current` (an empty
    dict for a kit without breaks)."""
    if not breaks:
        return {}
    mine = applying(breaks, slug)
    when = judgements.crossed(previous, current, [b.date for b in mine]) if previous else None
    names = [prefix + n for n in BREAK_FACTS]
    if when is None:
        return {names[0]: Fact(names[0], False, (), "no declared break between the two periods"),
                **{n: Fact(n, None) for n in names[1:]}}
    b = max((b for b in mine if b.date == when), key=lambda b: b.where)
    how = _declared(b)
    values = (True, when.isoformat(), b.change, b.source, b.url or None, b.brief or b.change)
    return {n: Fact(n, v, (), how) for n, v in zip(names, values)}


def series_marks(breaks, slug: str | None, periods: list[str]) -> list[dict]:
    """Each break inside the span of `periods` (oldest first), for a chart:
    [{"date": "2018-04-01", "label": "Counting changed"}]."""
    if not periods:
        return []
    first, _ = judgements.bounds(periods[0])
    _, last = judgements.bounds(periods[-1])
    return [{"date": b.date.isoformat(), "label": b.label}
            for b in applying(breaks, slug) if first < b.date <= last]


def limit_how(breaks, slug: str | None, limit) -> str:
    """How the comparable part of a series was found, citing the break."""
    if limit is None:
        return "no declared break in the series"
    b = next(b for b in applying(breaks, slug) if b.date == limit)
    return f"periods after the break of {limit.isoformat()} ({_declared(b)})"
