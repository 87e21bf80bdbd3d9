"""A lead's figures as facts: every number a lead's reason (and a story kit
written from it) states, each with the data cells it came from or how it was
computed. Numbers and labels only.

Two sets of names. The plain ones are the figures of the area's own
article (``current``, ``previous``, ``change_pct``, ``rate``, ``rate_rank``,
``national_rate``, ``share``... as newsgen.facts.compute names them); the
``lead_*`` ones are the scan's: what is comparable, the record, how unusual
the change is, the run, the trend, and the findings themselves. A kit that
asks for ``facts = ["leads"]`` gets the ``lead_*`` facts beside its own.
"""

from __future__ import annotations

import calendar
import math

import numpy as np

from newsgen.facts import judgements
from newsgen.facts.factset import FactSet
from newsgen.facts.periods import days, sort_key
from newsgen.leads import breaks as series_breaks
from newsgen.leads.findings import Finding
from newsgen.leads.scan import Scan


def _pct(log_change: float) -> float:
    return (math.exp(log_change) - 1) * 100


def lead_facts(s: Scan, a: int, found: list[Finding], value: float | None = None,
               national_cells: dict | None = None, sources=None,
               caveats: list[str] = ()) -> FactSet:
    """The ``lead_*`` facts of area `a` (and, with `sources`, the plain
    figures: see `figures`)."""
    g, fs = s.grid, FactSet()
    periods, values = g.periods, g.values
    cell = g.cells
    t = s.t
    kinds = [f.kind for f in found]
    by_kind = {f.kind: f for f in found}
    top = found[0] if found else None
    fs.add("lead_kind", top.kind if top else None, how="the finding with the highest news value")
    fs.add("lead_kinds", kinds, how="every finding for this area and category")
    fs.add("lead_value", value, how="news value (README: Finding the stories)")
    fs.add("lead_same", top.same if top else None,
           how=f"areas with the same finding for {g.category} in {periods[t]}")
    fs.add("lead_category", g.category)
    fs.add("lead_caveats", list(caveats), how="warnings about the figure (newsgen.leads.budget)")

    # what is comparable
    has = ~np.isnan(values[a, : t + 1])
    fs.add("lead_series_first", periods[int(has.argmax())] if has.any() else None,
           how="the first period with a figure for the area")
    first = int(s.first[a])
    fs.add("lead_comparable_from", periods[first] if first >= 0 else None, cell(a, first) if first >= 0 else (),
           "the first period counted the same way as the current one, with no one-off event")
    mine = s.breaks[a]
    reached = [b for b in mine if b.date <= sort_key(periods[t])]
    latest = reached[-1] if reached else None
    fs.add("lead_break_date", latest.date.isoformat() if latest else None,
           how=latest.source if latest else "no series break declared")
    fs.add("lead_break_change", latest.change if latest else None,
           how=latest.source if latest else "")
    fs.add("lead_break_month", f"{calendar.month_name[latest.date.month]} {latest.date.year}"
           if latest else None, how="the month lead_break_date falls in")
    fs.add("lead_change_comparable", bool(s.change_ok[a]),
           how="the year before was counted the same way and holds no one-off event")
    events = series_breaks.events_for(g.category, g.areas[a])
    for name, p in (("lead_current_event", t), ("lead_previous_event", s.pt)):
        start, end = judgements.bounds(periods[p]) if p >= 0 else (None, None)
        hit = [e for e in events if p >= 0 and start <= e.date <= end]
        fs.add(name, hit[0].what if hit else None, how=hit[0].source if hit else
               "no one-off event declared in these 12 months (newsgen.leads.breaks)")

    # the record
    record = "high" if "record-high" in kinds else "low" if "record-low" in kinds else None
    fs.add("lead_record", record, how="the current figure against every earlier comparable one")
    at = int(s.high_at[a] if record == "high" else s.low_at[a]) if record else -1
    fs.add("lead_record_before", int(values[a, at]) if at >= 0 else None,
           cell(a, at) if at >= 0 else ())
    fs.add("lead_record_before_period", periods[at] if at >= 0 else None, cell(a, at) if at >= 0 else ())
    fs.add("lead_record_years", round(float(s.years[a]), 1) if record else None,
           how="years from the start of lead_comparable_from to the end of the current period")

    # how unusual the change is
    unusual = "rise" if "unusual-rise" in kinds else "fall" if "unusual-fall" in kinds else None
    fs.add("lead_unusual", unusual, how="robust z-score of the change on the year")
    z = s.z[a]
    fs.add("lead_z", None if np.isnan(z) else round(float(z), 2),
           how="(log change on the year - median past log change) / "
               "max(1.4826 x their median absolute deviation, sqrt(1/current + 1/previous))")
    has_past = s.n_past[a] > 0
    fc = int(s.first_change[a])
    fs.add("lead_changes", int(s.n_past[a]),
           how="past changes on the year within the comparable figures")
    fs.add("lead_changes_from", periods[fc] if has_past and fc >= 0 else None,
           cell(a, fc) if has_past and fc >= 0 else (),
           "the period of the earliest of them")
    for name, v in (("lead_typical_pct", s.typical[a]), ("lead_typical_low_pct", s.q25[a]),
                    ("lead_typical_high_pct", s.q75[a])):
        fs.add(name, None if not has_past or np.isnan(v) else _pct(float(v)),
               how={"lead_typical_pct": "median", "lead_typical_low_pct": "25th percentile",
                    "lead_typical_high_pct": "75th percentile"}[name]
               + " of the past changes on the year, as a percentage")

    # the run
    run = int(s.run[a])
    in_run = abs(run) >= s.settings.run_years
    fs.add("lead_run", abs(run) if in_run else None, how="changes on the year the same way in a row")
    fs.add("lead_run_direction", ("rise" if run > 0 else "fall") if in_run else None)
    start = s.chain[abs(run)] if in_run and abs(run) < len(s.chain) else -1
    fs.add("lead_run_from", int(values[a, start]) if start >= 0 else None, cell(a, start) if start >= 0 else ())
    fs.add("lead_run_from_period", periods[start] if start >= 0 else None, cell(a, start) if start >= 0 else ())
    fs.add("lead_run_change_pct", judgements.pct_change(float(s.cur[a]), float(values[a, start]))
           if start >= 0 else None, cell(a, t) + (cell(a, start) if start >= 0 else ()),
           "(current - lead_run_from) / lead_run_from x 100")

    # ranks, trends, share
    rate_end = "highest" if "highest-rate" in kinds else "lowest" if "lowest-rate" in kinds else None
    fs.add("lead_rate_end", rate_end)
    region_end = ("highest" if "highest-rate-in-region" in kinds else
                  "lowest" if "lowest-rate-in-region" in kinds else None)
    fs.add("lead_region_end", region_end)
    fs.add("lead_held", int(s.held[a]) if rate_end else None,
           how="years in a row at this end of the ranking, by rates on this year's populations")
    against = by_kind.get("against-trend")
    fs.add("lead_against", against.detail["scope"] if against else None,
           how="a clear change one way while the nation or region changed clearly the other")
    share = by_kind.get("large-share")
    fs.add("lead_large_share", bool(share))
    q = int(s.lumpy_at[a])
    fs.add("lead_one_quarter", periods[q] if q >= 0 else None,
           cell(a, q) + cell(a, q - 1) if q >= 0 else (),
           "the quarter that brought most of the change on the year (rolling totals a quarter apart)")
    fs.add("lead_population_share", float(s.pop[a]) / s.national["pop"]
           if s.national["pop"] and not np.isnan(s.pop[a]) else None,
           how="population / national population")
    if sources is not None:
        figures(fs, s, a, national_cells or {}, sources)
    return fs


def figures(fs: FactSet, s: Scan, a: int, national_cells: dict, population_sources) -> None:
    """The plain figures a lead states, as an article would name them."""
    g = s.grid
    cell, periods, t, pt = g.cells, g.periods, s.t, s.pt
    cur = int(s.cur[a])
    prev = None if pt < 0 or np.isnan(s.prev[a]) else int(s.prev[a])
    fs.add("current", cur, cell(a, t))
    fs.add("current_period", periods[t])
    fs.add("previous", prev, cell(a, pt) if prev is not None else ())
    fs.add("previous_period", periods[pt] if pt >= 0 else None)
    src = cell(a, t) + (cell(a, pt) if prev is not None else ())
    fs.add("change", cur - prev if prev is not None else None, src, "current - previous")
    fs.add("change_pct", judgements.pct_change(cur, prev) if prev is not None else None, src,
           "(current - previous) / previous x 100")
    fs.add("direction", judgements.direction(cur, prev), src)
    fs.add("size", judgements.change_size(cur, prev) if prev is not None else None, src)
    fs.add("days", days(periods[t]), how=f"days in {periods[t]}")
    fs.add("per_day", cur / days(periods[t]), cell(a, t), f"current / {days(periods[t])} days")
    pop_src = population_sources(g.areas[a])
    has_pop = not np.isnan(s.pop[a])
    fs.add("population", int(s.pop[a]) if has_pop else None, pop_src)
    fs.add("per", s.per, how="rates per this many people (the kit's [rates] per)")
    fs.add("rate", float(s.rate[a]) if has_pop else None, cell(a, t) + pop_src,
           f"current / population x {s.per:,}")
    fs.add("rate_rank", int(s.rank[a]) if s.ranked else None, how="rank by rate, highest first")
    fs.add("rate_ranked", s.ranked or None, how="areas ranked (every area with figures)")
    nat = s.national
    n = nat["areas"]

    def summed(p: int) -> str:
        return "" if n is None or p < 0 else f"sum of the {n} areas' figures for {periods[p]}"
    fs.add("national_current", int(nat["cur"]) if nat["cur"] is not None else None,
           national_cells.get("current", ()), summed(t))
    fs.add("national_previous", int(nat["prev"]) if nat["prev"] is not None else None,
           national_cells.get("previous", ()), summed(s.pt))
    fs.add("national_change_pct", judgements.pct_change(nat["cur"], nat["prev"])
           if nat["prev"] else None, how="(national_current - national_previous) / national_previous x 100")
    fs.add("national_direction", judgements.direction(nat["cur"], nat["prev"]) if nat["prev"] else None,
           how="national_current against national_previous")
    fs.add("national_rate", nat["rate"], national_cells.get("population", ()),
           f"national_current / national population x {s.per:,}")
    fs.add("share", cur / nat["cur"] if nat["cur"] else None, cell(a, t),
           "current / national_current")
    region = s.region[a]
    reg = nat["regions"].get(region, {})
    fs.add("region", region)
    reg_cells = national_cells.get("regions", {}).get(region, {})
    fs.add("region_current", int(reg["cur"]) if reg.get("cur") is not None else None,
           reg_cells.get("current", ()), f"sum of the {reg.get('areas', 0)} areas in {region}")
    fs.add("region_previous", int(reg["prev"]) if reg.get("prev") is not None else None,
           reg_cells.get("previous", ()), f"sum of the {reg.get('areas', 0)} areas in {region}")
    fs.add("region_change_pct", judgements.pct_change(reg["cur"], reg["prev"])
           if reg.get("prev") else None,
           how="(region_current - region_previous) / region_previous x 100")
    fs.add("region_direction", judgements.direction(reg["cur"], reg["prev"]) if reg.get("prev") else None)
    fs.add("region_rate", reg.get("rate"), how=f"region_current / region population x {s.per:,}")
    fs.add("region_rate_rank", int(s.region_rank[a]) if s.region_ranked[a] else None,
           how=f"rank by rate among the areas in {region}")
    fs.add("region_ranked", int(s.region_ranked[a]) or None, how=f"areas in {region}")
