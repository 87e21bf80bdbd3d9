"""Facts beyond one year against the last: the whole series, the region and
the national rate. Numbers and labels only; words live in newsgen.words.phrasing.

Added to every area's FactSet by ``compute_facts(..., extended=True)``:

* the series: ``series`` (every point up to the current one, for charts),
  ``series_first`` (the earliest period the area has figures
  for that is comparable with the current one), ``series_first_year``, ``series_points``, ``series_high`` /
  ``series_low`` (the current figure is above / below *every* earlier
  figure), ``series_first_value``, ``series_max_before`` and ``series_min_before`` with their
  periods, and ``last_higher_period`` / ``last_lower_period`` (the latest
  earlier period with a figure at least as high / low: "the highest since").
  Every period in the data is a full 12 months; where the kit declares a
  series break, only the periods comparable with the current one count
  (newsgen.facts.breaks, which adds the break facts).
* the region: ``region``, ``region_current``, ``region_previous``,
  ``region_change_pct``, ``region_direction``, ``region_population``,
  ``region_rate``, ``region_rank`` / ``region_rate_rank`` among
  ``region_ranked`` forces, ``rate_vs_region``.
* the nation: ``national_population``, ``national_rate``,
  ``rate_vs_national``, ``against_trend``, and ``national_series_high`` /
  ``national_series_low`` for the national total.
"""

from __future__ import annotations

import pandas as pd

from newsgen.facts import judgements
from newsgen.facts.breaks import applying, limit_how, series_marks
from newsgen.facts.factset import FactSet
from newsgen.facts.periods import sort_key, span


def _compare(rate: float | None, other: float | None) -> str | None:
    """'above', 'below' or 'level' (equal to one decimal place, as printed)."""
    if rate is None or other is None:
        return None
    if round(rate, 1) == round(other, 1):
        return "level"
    return "above" if rate > other else "below"


def _ratio(rate: float | None, other: float | None) -> float | None:
    return rate / other if rate is not None and other else None


_SERIES_FACTS = ("series_high", "series_low", "series_first", "series_first_year",
                 "series_first_value", "series_points", "last_higher_period", "last_lower_period")


def _series(fs: FactSet, values: dict, cells, area: str, current: str, prefix: str = "",
            how: str = "", brief: bool = False, breaks=(), slug: str | None = None) -> None:
    """Where the current figure stands in the area's series: among the
    figures comparable with it (judgements.comparable: none from before a
    break the kit declares; `breaks` are the kit's, `slug` the area's, None
    for the national series)."""
    # `values`: period -> figure, NaN where there is none. Plain dicts: a
    # pandas lookup per period per comparison was most of the time.
    values = {p: v for p, v in values.items() if v == v}
    ends = {p: sort_key(p) for p in values}
    order = sorted(values, key=ends.__getitem__)
    end = sort_key(current) if order else None
    upto = [p for p in order if ends[p] <= end]
    mine = applying(breaks, slug)
    same, limit = judgements.comparable(upto, current, [b.date for b in mine])
    earlier = [p for p in same if p != current]
    if breaks:   # only kits that declare breaks have these facts
        fs.add(prefix + "series_break", limit.isoformat() if limit else None,
               how=limit_how(breaks, slug, limit))
        fs.add(prefix + "series_from_break", bool(limit and earlier),
               how="the comparable figures begin at series_break, not where the data begin")
        fs.add(prefix + "series_comparable", bool(earlier),
               how="some earlier figure is comparable with the current one")
    if not prefix and current in upto and len(upto) > 1:   # every point, for a line chart (charts.draw)
        fs.add("series", [{"period": p, "value": int(values[p])} for p in upto],
               tuple(x for p in upto for x in cells(area, p)),
               f"every 12-month figure from {upto[0]} to {current}")
        if breaks:
            fs.add("series_breaks", series_marks(breaks, slug, upto), how=limit_how(breaks, slug, limit)
                   if limit else "the declared breaks inside the series")
    if current not in upto or not earlier:
        for name in _SERIES_FACTS:
            fs.add(prefix + name, None)
        return
    c = values[current]
    src = (lambda p: cells(area, p))
    first = earlier[0]
    hi = max(earlier, key=lambda p: (values[p], ends[p]))
    lo = min(earlier, key=lambda p: (values[p], -ends[p].toordinal()))
    since = "comparable 12-month figure" if limit else "12-month figure"
    compared = f"{current} against every earlier {since} since {first}{how}"
    if brief:   # each point cites many cells: cite the extremes only, once
        def src(p):
            return cells(area, p) if p in (hi, lo) else ()
        compared += f" (the current figure against {prefix}series_max_before / _min_before)"
    fs.add(prefix + "series_first", first, src(first))
    fs.add(prefix + "series_first_year", span(first)["year"], how=f"the year {first} ends in")
    fs.add(prefix + "series_first_value", int(values[first]), src(first),
           "" if src(first) else "the figure for series_first")
    fs.add(prefix + "series_points", len(same), how=f"periods from {first} to {current}")
    fs.add(prefix + "series_high", bool(c > values[hi]),
           () if brief else src(current) + src(hi), compared)
    fs.add(prefix + "series_low", bool(c < values[lo]),
           () if brief else src(current) + src(lo), compared)
    fs.add(prefix + "series_max_before", int(values[hi]), src(hi))
    fs.add(prefix + "series_max_before_period", hi, src(hi))
    fs.add(prefix + "series_min_before", int(values[lo]), src(lo))
    fs.add(prefix + "series_min_before_period", lo, src(lo))
    # "the highest since P": every comparable figure after P is below the current one.
    higher = [p for p in earlier if values[p] >= c]
    lower = [p for p in earlier if values[p] <= c]
    fs.add(prefix + "last_higher_period", higher[-1] if higher else None,
           src(higher[-1]) if higher and not brief else (),
           "the latest earlier comparable period with a figure at least as high")
    fs.add(prefix + "last_lower_period", lower[-1] if lower else None,
           src(lower[-1]) if lower and not brief else (),
           "the latest earlier comparable period with a figure at least as low")


def add_extended_facts(result: dict[str, FactSet], national: FactSet, data, totals: pd.DataFrame,
                       cells: dict, forces: dict, current: str, previous: str | None,
                       per: int, population, rates: pd.Series, gaps: dict | None = None,
                       breaks=()) -> None:
    """`gaps`: areas whose current figure the publisher marked not available:
    no national series and no total or rank for their region (newsgen.facts.unavailable).
    `breaks`: the kit's series breaks (newsgen.facts.breaks)."""
    if not result:
        return
    gaps = gaps or {}
    gap_regions = {forces[slug].region for slug in gaps if slug in forces}
    wide = totals.pivot(index="area", columns="period", values="value")

    def cell(area, period):
        return cells.get((area, period), ())

    # The national series: the sum over areas, for periods every area has.
    slugs = list(result)
    nat = FactSet()
    area_wide = wide.loc[[s for s in slugs if s in wide.index]]
    complete = [p for p in area_wide.columns if area_wide[p].notna().all()]
    nat_series = area_wide[complete].sum()
    if "national" in wide.index:   # a national row of its own wins
        nat_series = wide.loc["national"]

        def nat_cell(_area, period):
            return cell("national", period)
        how = ""
    else:
        def nat_cell(_area, period):
            return tuple(s for slug in slugs for s in cell(slug, period))
        how = f", each the sum of the {len(slugs)} areas"
    if gaps and "national" not in wide.index:   # a series of the rest is no national series
        nat_series = nat_series.iloc[0:0]
    _series(nat, dict(zip(nat_series.index.tolist(), nat_series.tolist())), nat_cell, "national", current, "national_", how,
            brief="national" not in wide.index, breaks=breaks, slug=None)

    # The population base.
    if population is not None and population.national is not None:
        nat_pop, nat_pop_src, nat_pop_how = population.national[0], (population.national[1],), ""
    else:
        pops = {s: forces[s].population for s in slugs}
        nat_pop = sum(p for p in pops.values() if p) if all(pops.values()) else None
        nat_pop_src = tuple(s for slug in slugs for s in result[slug].sources("population"))
        nat_pop_how = f"sum of the {len(slugs)} areas' populations"
    nat_cur = national.facts.get("national_current")
    if nat_pop and nat_cur is not None and nat_cur.value is not None:
        nat.add("national_population", nat_pop, nat_pop_src, nat_pop_how)
        nat.add("national_rate", nat_cur.value / nat_pop * per, nat_pop_src,
                f"national_current / national_population x {per:,}")
    else:
        nat.add("national_population", None)
        nat.add("national_rate", None)
    national.merge(nat)

    # Regions: sums of their forces.
    by_region: dict[str, list[str]] = {}
    for slug in slugs:
        by_region.setdefault(forces[slug].region, []).append(slug)
    for region, members in by_region.items():
        if region in gap_regions:
            _region_not_available(result, members, region, gaps, forces)
            continue
        rf = FactSet()
        cur = sum(result[s].values["current"] for s in members)
        rf.add("region", region)
        rf.add("region_forces", len(members), how=f"forces in {region} with figures")
        rf.add("region_current", cur, tuple(x for s in members for x in result[s].sources("current")),
               f"sum of the {len(members)} forces in {region}")
        prevs = [result[s].values.get("previous") for s in members]
        if all(p is not None for p in prevs):
            prev = sum(prevs)
            src = tuple(x for s in members for x in result[s].sources("previous"))
            rf.add("region_previous", prev, src, f"sum of the {len(members)} forces in {region}")
            rf.add("region_change_pct", judgements.pct_change(cur, prev),
                   how="(region_current - region_previous) / region_previous x 100")
            rf.add("region_direction", judgements.direction(cur, prev),
                   how="region_current against region_previous")
        else:
            for name in ("region_previous", "region_change_pct", "region_direction"):
                rf.add(name, None)
        given = population.region(region) if population is not None else None
        if given is not None:
            rpop, rsrc, rhow = given[0], (given[1],), ""
        else:
            pops = [result[s].values.get("population") for s in members]
            rpop = sum(pops) if all(pops) else None
            rsrc = tuple(x for s in members for x in result[s].sources("population"))
            rhow = f"sum of the populations of the {len(members)} forces in {region}"
        if rpop:
            rf.add("region_population", rpop, rsrc, rhow)
            rf.add("region_rate", cur / rpop * per, rsrc,
                   f"region_current / region_population x {per:,}")
        else:
            rf.add("region_population", None)
            rf.add("region_rate", None)
        counts = pd.Series({s: result[s].values["current"] for s in members})
        rank = dict(zip(members, counts.rank(ascending=False, method="min").astype(int).tolist()))
        rrank = dict(zip(members, rates[members].rank(ascending=False, method="min").tolist()))
        rf.add("region_ranked", len(members))
        for s in members:
            fs = result[s]
            fs.merge(rf)
            fs.add("region_rank", int(rank[s]), how=f"rank by count among the forces in {region}")
            fs.add("region_rate_rank", int(rrank[s]) if rrank[s] == rrank[s] else None,
                   how=f"rank by rate among the forces in {region}")
            fs.add("rate_vs_region", _compare(fs.values.get("rate"), rf.values.get("region_rate")),
                   how="rate against region_rate, to one decimal place")

    # each area's row of the table as plain numbers, read once (not a pandas
    # lookup per area)
    periods = wide.columns.tolist()
    rows = dict(zip(wide.index.tolist(), wide.to_numpy(dtype=float).tolist()))
    for slug, fs in result.items():
        fs.merge(nat)
        if forces[slug].region in gap_regions:
            fs.add("rate_vs_region", None)
        fs.add("rate_vs_national", _compare(fs.values.get("rate"), nat.values.get("national_rate")),
               how="rate against national_rate, to one decimal place")
        # "2.7 times the national rate", and how far from it a rate is (news value)
        fs.add("rate_ratio", _ratio(fs.values.get("rate"), nat.values.get("national_rate")),
               how="rate / national_rate")
        fs.add("region_rate_ratio", _ratio(fs.values.get("rate"), fs.values.get("region_rate")),
               how="rate / region_rate")
        d, nd = fs.values.get("direction"), national.values.get("national_direction")
        fs.add("against_trend", bool(d and nd and "unchanged" not in (d, nd) and d != nd),
               how="direction is the opposite of national_direction")
        _series(fs, dict(zip(periods, rows[slug])), cell, slug, current, breaks=breaks, slug=slug)


_REGION_FACTS = ("region_current", "region_previous", "region_change_pct", "region_direction",
                 "region_population", "region_rate", "region_rank", "region_rate_rank")


def _region_not_available(result: dict, members: list[str], region: str, gaps: dict,
                          forces: dict) -> None:
    """A region one of whose forces' figures is not available: its total and
    ranks would be of the rest, so none is given."""
    from newsgen.facts.unavailable import not_available
    mine = {slug: entry for slug, entry in gaps.items() if forces[slug].region == region}
    names = {slug: forces[slug].name for slug in mine}
    missing = not_available("region_current", mine, f"a sum of every force in {region}, but", names)
    for slug in members:
        fs = result[slug]
        fs.add("region", region)
        fs.add("region_forces", len(members), how=f"forces in {region} with figures")
        fs.add("region_ranked", len(members))
        fs.merge({name: missing._replace(name=name) for name in _REGION_FACTS})
