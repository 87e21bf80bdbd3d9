"""From a kit's data to each area's assessed findings: the data loaded once as
grids (`prepare`), one category scanned with the story's population base
(`scan_story`), each finding scored and each area's lead valued, with its
caveats (`assess`). The budget (newsgen.leads.budget) and a kit that asks for
``facts = ["leads"]`` (`add_lead_facts`, for the build) both go through
here, so a lead and the draft written from it agree on every figure.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from newsgen.errors import NewsgenError
from newsgen.facts.factset import FactSet
from newsgen.facts.kit_facts import KitData
from newsgen.facts.periods import sort_key, span
from newsgen.kit import Kit
from newsgen.leads import breaks as series_breaks
from newsgen.leads.facts import lead_facts
from newsgen.leads.findings import Finding, find
from newsgen.leads.grid import Table, table_of
from newsgen.leads.scan import Scan, scan
from newsgen.leads.score import lead_value, score
from newsgen.leads.settings import category_of, lead_settings, one_data_file
from newsgen.sources.dataset import Source
from newsgen.sources.forces import ForceTable


@dataclass
class Assessment:
    """An area's findings in one category, best first, each with its score."""

    findings: list[Finding]
    scores: list[dict]
    value: float
    caveats: list[str]


def latest_period(periods: list[str]) -> str:
    return max(periods, key=sort_key)


def prepare(stories: list[Kit], forces: ForceTable, period: str | None = None,
            data_override: Path | None = None):
    """The data loaded once, as grids, and the period to scan."""
    if not stories:
        raise NewsgenError("no stories to scan")
    one_data_file(stories)
    loaded = KitData(forces, data_override)
    data = loaded.dataset(stories[0])
    if period is None:
        period = latest_period(data.periods)
    elif period not in data.periods:
        shown = ", ".join(sorted(data.periods, key=sort_key)[-6:])
        raise NewsgenError(f"--period {period!r} is not a period of {data.file}; its latest "
                           f"periods are {shown}")
    table = table_of(data, areas_of(data, forces))
    return loaded, data, table, period


def areas_of(data, forces: ForceTable) -> list[str]:
    """Every territorial area of the areas table, with figures or not: an
    area the data leaves out makes the set incomplete, and nothing is ranked
    against an incomplete set."""
    return [f.slug for f in forces.territorial()]


def scan_story(table: Table, story: Kit, loaded: KitData, forces: ForceTable, t: int) -> Scan:
    """One category's scan, with the story's population base and regions."""
    population = loaded.population(story)
    areas = table.areas
    by_slug = forces.by_slug
    if population is not None:
        pops = {a: population.of(a) for a in areas}
        national_pop = population.national[0] if population.national else None
        region_pops = {}
        for a in areas:
            entry = population.region(by_slug[a].region)
            if entry:
                region_pops[by_slug[a].region] = entry[0]
    else:
        pops = {a: by_slug[a].population for a in areas}
        national_pop, region_pops = None, None
    regions = {a: by_slug[a].region for a in areas}
    return scan(table, category_of(story), story, lead_settings(story), t, pops, regions,
                story.per, national_pop, region_pops)


def population_sources(loaded: KitData, story: Kit, forces: ForceTable):
    population = loaded.population(story)
    if population is not None:
        return population.sources

    def of_table(slug_: str):
        f = forces.by_slug[slug_]
        return (Source(f.table_file, f.line, "population_mid2018"),)
    return of_table


def national_cells(s: Scan, loaded: KitData, story: Kit) -> dict:
    """The cells of the national and regional sums, made once per category."""
    g, t, pt = s.grid, s.t, s.pt
    if g.national is not None:   # the data's own national row
        out = {"current": g.national_cells(t), "previous": g.national_cells(pt) if pt >= 0 else (),
               "regions": {}}
    else:
        out = {"current": tuple(c for a in range(len(g.areas)) for c in g.cells(a, t)),
               "previous": tuple(c for a in range(len(g.areas)) for c in g.cells(a, pt))
               if pt >= 0 else (), "regions": {}}
    population = loaded.population(story)
    if population is not None and population.national:
        out["population"] = (population.national[1],)
    for region in set(s.region):
        members = [a for a, r in enumerate(s.region) if r == region]
        out["regions"][region] = {
            "current": tuple(c for a in members for c in g.cells(a, t)),
            "previous": tuple(c for a in members for c in g.cells(a, pt)) if pt >= 0 else ()}
    return out




def caveats_of(s: Scan, a: int, category: str, area: str) -> list[str]:
    """The warnings a lead carries: the publisher's about the figure, and a
    change on the year that one quarter brought."""
    period = s.grid.periods[s.t]
    out = [c.note for c in series_breaks.caveats_for(category, area, period)]
    if s.lumpy_at[a] >= 0:
        out.append(f"most of the change on the year came in the quarter to "
                   f"{span(s.grid.periods[int(s.lumpy_at[a])])['end']}: check whether a single "
                   "incident with many victims recorded together, or a change in recording, "
                   "explains it")
    return out


def median_population(s: Scan) -> float:
    known = [p for p in s.pop.tolist() if p == p]
    return statistics.median(known) if known else 0.0


def assess(s: Scan, category: str) -> dict[int, Assessment]:
    """Every area with findings: its findings scored, best first, and valued."""
    median_pop = median_population(s)
    out = {}
    for a, found in find(s).items():
        caveats = caveats_of(s, a, category, s.grid.areas[a])
        scored = sorted(((score(f, s, median_pop, bool(caveats)), f) for f in found),
                        key=lambda pair: -pair[0]["value"])
        out[a] = Assessment([f for _, f in scored], [sc for sc, _ in scored],
                            lead_value([sc["value"] for sc, _ in scored]), caveats)
    return out


def add_lead_facts(per_area: dict[str, FactSet], kit: Kit, loaded: KitData,
                   forces: ForceTable) -> None:
    """Give each area's facts the scan's ``lead_*`` facts for the kit's own
    category and period (a kit with ``facts = ["leads"]``)."""
    data = loaded.dataset(kit)
    table = table_of(data, areas_of(data, forces))
    t = table.period_index(kit.current)
    if t < 0 or kit.category not in table.grids:
        return
    s = scan_story(table, kit, loaded, forces, t)
    assessed = assess(s, kit.category)
    for a, slug in enumerate(table.areas):
        if slug not in per_area:
            continue
        found = assessed.get(a)
        per_area[slug].merge(lead_facts(
            s, a, found.findings if found else [], found.value if found else None,
            caveats=found.caveats if found else ()))
