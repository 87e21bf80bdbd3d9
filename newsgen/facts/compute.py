"""Per-area figures computed from a Dataset, each with the cells it came from.

Facts are numbers and labels only, never words. Arithmetic is done for all
areas at once on the pandas table; then each area's figures are collected
into a `FactSet` that templates read (``f.current``) and articles record.
"""

from __future__ import annotations

import pandas as pd

from newsgen.facts import judgements
from newsgen.sources.forces import Force
from newsgen.sources.dataset import NATIONAL, TOTAL, UNSPECIFIED, Dataset, Source, row_sources
from newsgen.facts.breaks import applying, change_facts
from newsgen.facts.extended import add_extended_facts
from newsgen.facts.factset import Fact, FactSet, LazyFacts
from newsgen.facts.periods import days, is_period
from newsgen.facts.unavailable import gaps, not_available


def period_days(label: str) -> int:
    """Days in a period: '2017-18' -> 365, '2019-20' -> 366; also a rolling
    year by its end date, '2016-12-31' -> 366 (see newsgen.facts.periods)."""
    if not is_period(label):
        raise ValueError(f"not a financial year: {label!r}")
    return days(label)


def is_category(frame: pd.DataFrame, category: str) -> pd.Series:
    """Which rows are of `category`, in any case: each distinct name lowered
    once, not a lowered copy of every row's (a table of millions of rows)."""
    names = [c for c in frame["category"].unique().tolist() if c.lower() == category.lower()]
    return frame["category"].isin(names)


def cell_sources(data: Dataset, frame: pd.DataFrame) -> dict[tuple, tuple[Source, ...]]:
    """(area, period) -> the cells its value came from: its line, or every
    line of a value summed from several (a ``lines`` column), each in its
    own file and sheet where the data says (newsgen.sources.dataset)."""
    # Plain lists rather than itertuples: pandas boxes every string cell
    # one by one when iterating rows.
    areas, periods = frame["area"].tolist(), frame["period"].tolist()
    return dict(zip(zip(areas, periods), row_sources(data, frame)))


def compute_facts(data: Dataset, forces: dict[str, Force], current: str,
                  previous: str | None, per: int = 100_000, *, category: str = TOTAL,
                  population=None, extended: bool = False,
                  lazy: bool = False, judged: judgements.Settings = judgements.DEFAULT,
                  breaks=(), no_rank: tuple[str, ...] = ()) -> tuple[dict[str, FactSet], FactSet]:
    """Facts for every area with a figure for `current`, and the national facts.

    `category` picks the rows a story is about (an area's total by default).
    `forces` maps slugs to forces; `population` (newsgen.sources.population) gives
    the population base for rates, by default the force table's. With
    `extended`, facts about the whole series, the region and the national
    rate are added (newsgen.facts.extended). Returns ({slug: FactSet}, national
    FactSet). With `lazy` (not with `extended`), the mapping makes each
    area's FactSet when it is asked for and keeps only a row of numbers per
    area, so a build of many areas holds one batch's facts at a time.
    """
    frame = data.frame
    totals = frame[is_category(frame, category)]
    wide = totals.pivot(index="area", columns="period", values="value")
    cells = cell_sources(data, totals)
    how_value = data.value_how

    def cell_source(area, period) -> tuple[Source, ...]:
        return cells.get((area, period), ())

    def add_value(fs: FactSet, name: str, value, sources) -> None:
        fs.add(name, value, sources, how_value if len(sources) > 1 else "")

    # Figures the publisher marked not available ('[x]', '..'), by area.
    cur_gaps, prev_gaps = gaps(data, category, current), gaps(data, category, previous)
    nat_gaps = {a: e for a, e in cur_gaps.items() if a == NATIONAL}
    nat_prev_gaps = {a: e for a, e in prev_gaps.items() if a == NATIONAL}
    cur_gaps = {a: e for a, e in cur_gaps.items() if a != NATIONAL}
    prev_gaps = {a: e for a, e in prev_gaps.items() if a != NATIONAL}
    names = {slug: force.name for slug, force in forces.items()}
    national = FactSet()
    nat_cur = nat_prev = None
    if nat_gaps:
        national.merge({"national_current": not_available(
            "national_current", nat_gaps, f"the national figure for {current}", names)})
    if nat_prev_gaps:
        national.merge({"national_previous": not_available(
            "national_previous", nat_prev_gaps, f"the national figure for {previous}", names)})
    if NATIONAL in wide.index:
        row = wide.loc[NATIONAL]
        if current in row.index and pd.notna(row[current]):
            nat_cur = int(row[current])
            add_value(national, "national_current", nat_cur, cell_source(NATIONAL, current))
        if previous and previous in row.index and pd.notna(row[previous]):
            nat_prev = int(row[previous])
            add_value(national, "national_previous", nat_prev, cell_source(NATIONAL, previous))

    areas = wide.drop(index=NATIONAL, errors="ignore")
    if current in areas.columns:
        areas = areas[areas[current].notna()]
    summed = data.national_from_areas and NATIONAL not in wide.index and not nat_gaps
    if summed and cur_gaps:   # the sum of the rest is not the national total
        national.merge({"national_current": not_available(
            "national_current", cur_gaps, f"a sum of every area's figure for {current}, but",
            names)})
    elif summed and current in areas.columns:
        n = len(areas)
        nat_cur = int(areas[current].sum())
        national.add("national_current", nat_cur,
                     tuple(s for slug in areas.index for s in cell_source(slug, current)),
                     f"sum of the {n} areas' figures for {current}")
        if prev_gaps:
            national.merge({"national_previous": not_available(
                "national_previous", prev_gaps,
                f"a sum of every area's figure for {previous}, but", names)})
        elif previous and previous in areas.columns and areas[previous].notna().all():
            nat_prev = int(areas[previous].sum())
            national.add("national_previous", nat_prev,
                         tuple(s for slug in areas.index for s in cell_source(slug, previous)),
                         f"sum of the {n} areas' figures for {previous}")
    # A national total summed from every area cites all their cells once, in
    # national_current and national_previous; facts derived from it name those
    # facts in `how` rather than repeat the cells.
    by_name = data.national_from_areas and NATIONAL not in wide.index
    if nat_cur is not None and nat_prev is not None:
        src = () if by_name else national.sources("national_current", "national_previous")
        of = " (national_current, national_previous)" if by_name else ""
        national.add("national_change", nat_cur - nat_prev, src, "current - previous" + of)
        national.add("national_change_pct", judgements.pct_change(nat_cur, nat_prev), src,
                     "(current - previous) / previous x 100" + of)
        national.add("national_direction", judgements.direction(nat_cur, nat_prev), src,
                     "national_current against national_previous" if by_name else "")
    national.add("national_name", data.national_name)
    if nat_cur is not None and nat_prev is not None:
        national.merge(change_facts(breaks, None, current, previous, prefix="national_"))

    if current not in areas.columns:
        return {}, national
    cur = areas[current].astype(int)
    has_prev = previous is not None and previous in areas.columns
    prev = areas[previous] if has_prev else pd.Series(float("nan"), index=areas.index)
    if population is None:
        pop = pd.Series({slug: forces[slug].population for slug in areas.index}, dtype="float")
    else:
        pop = pd.Series({slug: population.of(slug) for slug in areas.index}, dtype="float")
    rate = cur / pop * per
    rank = cur.rank(ascending=False, method="min").astype(int)
    # areas whose rate per resident is not comparable (the kit's no_rate: the
    # City of London) are left out of every rate rank, so that Cambridgeshire's
    # bicycle thefts are the highest rate, not "the second highest" behind a
    # rate the City's own article says misleads
    rank_rates = rate.mask(rate.index.isin(list(no_rank)))   # NaN: in no rank
    rate_rank = rank_rates.rank(ascending=False, method="min")
    if cur_gaps:   # never a rank against an incomplete set
        rank = pd.Series(None, index=cur.index, dtype="object")
        rate_rank = pd.Series(float("nan"), index=cur.index)
    days = period_days(current)
    ranked, rate_ranked = len(areas), int(rank_rates.notna().sum())
    # How many areas could have figures: a rank among fewer (the forces whose
    # figures happen to be known) is not a rank among all (newsgen.facts.newsvalue).
    in_table = sum(1 for f in forces.values() if getattr(f, "territorial", True))
    rates_in_table = in_table - sum(1 for s in no_rank if s in forces)
    rate_series = rank_rates

    breakdowns = _breakdowns(data, current) if category.lower() == TOTAL else {}
    part_gaps: dict[str, list] = {}   # area -> [(category, (Missing, Source))]
    for (area, p, c), entry in data.unavailable.items():
        if p == current and c not in (TOTAL, UNSPECIFIED) and category.lower() == TOTAL:
            part_gaps.setdefault(area, []).append((c, entry))
    # Facts that are the same in every area, made once and shared (a Fact is
    # immutable); the order they are added in is the order JSON lists them.
    same = {name: Fact(name, value, (), how) for name, value, how in (
        ("current_period", current, ""), ("previous_period", previous, ""),
        ("days", days, f"days in {current}"), ("ranked", ranked, "areas with figures for " + current),
        ("rate_ranked", rate_ranked, ""), ("per", per, ""),
        ("rates_in_table", rates_in_table, "areas in the table whose rates may be ranked"),
        ("areas_in_table", in_table, "areas in the areas table that may have figures"))}
    unknown = {name: Fact(name, None) for name in (   # facts an area has no figure for
        "previous", "change", "change_pct", "direction", "size", "unspecified",
        "population", "rate", "rate_rank", "rate_ranked", "share", "versus_national")}
    no_previous = [unknown[name] for name in ("previous", "change", "change_pct", "direction", "size")]
    no_rate = [unknown[name] for name in ("population", "rate", "rate_rank", "rate_ranked")]
    unranked = (not_available("rank", cur_gaps, "ranks only among every area, but", names)
                if cur_gaps else None)
    per_day_how, rate_how = f"current / {days} days", f"current / population x {per:,}"
    national_facts = national.facts
    nat_change_pct = national_facts.get("national_change_pct")
    share_how = "current / national_current" if by_name else "current / national current"
    share_src = () if by_name else national.sources("national_current")
    # The break facts depend only on which breaks apply to an area: most
    # areas share one set.
    break_memo: dict[tuple, dict[str, Fact]] = {}

    def break_facts(slug) -> dict[str, Fact]:
        mine = tuple(applying(breaks, slug))
        if mine not in break_memo:
            break_memo[mine] = change_facts(breaks, slug, current, previous)
        return break_memo[mine]

    def area_facts(slug, c, p, pp, r, rk, rrk) -> FactSet:
        cur_src = cell_source(slug, current)
        facts = {"current": Fact("current", c, cur_src, how_value if len(cur_src) > 1 else ""),
                 "current_period": same["current_period"],
                 "previous_period": same["previous_period"],
                 "days": same["days"],
                 "per_day": Fact("per_day", c / days, cur_src, per_day_how)}
        if p == p:   # not NaN: a previous figure
            p = int(p)
            prev_src = cell_source(slug, previous)
            src = cur_src + prev_src
            facts["previous"] = Fact("previous", p, prev_src, how_value if len(prev_src) > 1 else "")
            facts["change"] = Fact("change", c - p, src, "current - previous")
            facts["change_pct"] = Fact(
                "change_pct", judgements.pct_change(c, p), src, "(current - previous) / previous x 100")
            facts["direction"] = Fact("direction", judgements.direction(c, p), src)
            facts["size"] = Fact("size", judgements.change_size(c, p, judged), src)
        else:
            facts.update((fact.name, fact) for fact in no_previous)
            if slug in prev_gaps:
                facts["previous"] = not_available("previous", {slug: prev_gaps[slug]},
                                                  f"the figure for {previous}", names)
        facts.update(break_facts(slug))
        items, unspecified = breakdowns.get(slug, ([], None))
        facts["breakdown"] = Fact("breakdown", [{"category": cat, "value": v} for cat, v, _ in items],
                                  tuple(s for _, _, s in items))
        facts["unspecified"] = (Fact("unspecified", unspecified[0], unspecified[1:]) if unspecified
                                else unknown["unspecified"])
        if slug in part_gaps:   # a part of the breakdown the publisher did not give
            facts["breakdown_unavailable"] = Fact(
                "breakdown_unavailable",
                [{"category": c, "marker": m.marker, "meaning": m.meaning}
                 for c, (m, _src) in sorted(part_gaps[slug])],
                tuple(src for _c, (_m, src) in sorted(part_gaps[slug])),
                "categories of the breakdown marked not available")
        facts["ranked"] = same["ranked"]
        facts["rank"] = Fact("rank", rk, (), "rank by count, highest first") if unranked is None \
            else unranked
        if r == r:   # not NaN: a rate
            if population is None:
                force = forces[slug]
                population_src = (Source(force.table_file, force.line, "population_mid2018"),)
            else:
                population_src = population.sources(slug)
            facts["population"] = Fact("population", int(pp), population_src)
            facts["rate"] = Fact("rate", float(r), cur_src + population_src, rate_how)
            if rrk != rrk:   # NaN: an area left out of rate ranks (no_rank)
                facts["rate_rank"] = Fact("rate_rank", None, (), "not ranked: its rate per "
                                          "resident is not comparable (the kit's no_rate)")
            else:
                facts["rate_rank"] = Fact("rate_rank", int(rrk), (), "rank by rate, highest first") \
                    if unranked is None else unranked._replace(name="rate_rank")
            facts["rate_ranked"] = same["rate_ranked"]
        else:
            facts.update((fact.name, fact) for fact in no_rate)
        facts["per"] = same["per"]
        facts["areas_in_table"] = same["areas_in_table"]
        facts["rates_in_table"] = same["rates_in_table"]
        facts["share"] = (Fact("share", c / nat_cur, cur_src + share_src, share_how) if nat_cur
                          else unknown["share"])
        facts.update(national_facts)
        if nat_change_pct is not None:
            local = facts["change_pct"]
            facts["versus_national"] = Fact(
                "versus_national", judgements.versus_trend(local.value, nat_change_pct.value),
                tuple(dict.fromkeys(local.sources + nat_change_pct.sources)),
                "local change against national change")
        else:
            facts["versus_national"] = unknown["versus_national"]
        return FactSet(facts)

    # Plain Python values, a row at a time: a pandas lookup per area per
    # figure was most of the time (and counting rates per area, quadratic).
    rows = zip(areas.index, cur.tolist(), prev.tolist(), pop.tolist(), rate.tolist(),
               rank.tolist(), rate_rank.tolist())
    if lazy and not extended:
        return LazyFacts({row[0]: row for row in rows}, area_facts), national
    result: dict[str, FactSet] = {row[0]: area_facts(*row) for row in rows}
    if extended:
        add_extended_facts(result, national, data, totals, cells, forces, current, previous,
                           per, population, rate_series, cur_gaps, breaks)
    return result, national


def _breakdowns(data: Dataset, period: str) -> dict[str, tuple[list, tuple | None]]:
    """Per area: ([(category, value, Source)] largest first, unspecified)."""
    frame = data.frame
    parts = frame[(frame["period"] == period) & ~is_category(frame, TOTAL)]
    groups: dict[str, tuple[list, list]] = {}   # area -> (items, [unspecified])
    for area, category, value, sources in zip(parts["area"].tolist(), parts["category"].tolist(),
                                              parts["value"].tolist(), row_sources(data, parts)):
        items, unspecified = groups.setdefault(area, ([], []))
        src = sources[0]
        if category.lower() == UNSPECIFIED:
            unspecified[:] = [(int(value), src)]
        else:
            items.append((category, int(value), src))
    out: dict[str, tuple[list, tuple | None]] = {}
    for area, (items, unspecified) in groups.items():
        items.sort(key=lambda item: (-item[1], item[0]))
        out[area] = (items, unspecified[0] if unspecified else None)
    return out



def add_region_rates(per_area: dict[str, FactSet], forces: dict[str, Force], per: int) -> None:
    """Give each area the rates of every area in its region with figures, highest
    first ("region_rates"), and their combined rate ("region_rate").

    Only for kits that show an area against its region (a rate-vs-region
    chart): these facts make one force's correction change its neighbours'.
    """
    regions: dict[str, list[str]] = {}
    for slug, fs in per_area.items():
        if fs.values.get("rate") is not None:
            regions.setdefault(forces[slug].region, []).append(slug)
    for region, slugs in regions.items():
        peers = sorted(slugs, key=lambda s: (-per_area[s].values["rate"], s))
        sources = tuple(src for s in peers for src in per_area[s].sources("current", "population"))
        rates = [{"area": forces[s].name, "slug": s, "rate": per_area[s].values["rate"]}
                 for s in peers]
        combined = (sum(per_area[s].values["current"] for s in peers)
                    / sum(per_area[s].values["population"] for s in peers) * per)
        for slug in peers:
            fs = per_area[slug]
            fs.add("region_rates", rates, sources,
                   f"each area in {region} with figures: current / population x {per:,}")
            if fs.values.get("region_rate") is None:   # a kit's own region facts come first
                fs.add("region_rate", combined, sources,
                       f"sum of current / sum of population x {per:,}, areas in {region} with figures")
