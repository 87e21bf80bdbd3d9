"""The news budget: every category of a dataset scanned for every area at one
period, each finding scored and put into words, the words fact-checked, and
the leads (an area and a category, with all their findings) ranked overall
and per area.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from newsgen.charts.spec import chart_spec
from newsgen.facts.factset import FactSet
from newsgen.facts.kit_facts import KitData
from newsgen.kit import Kit
from newsgen.leads.assess import assess, national_cells, population_sources, prepare, scan_story
from newsgen.leads.facts import lead_facts
from newsgen.leads.reasons import Nouns, check, sentence, title
from newsgen.leads.scan import Scan
from newsgen.sources.forces import ForceTable

SHARED_FACTS = ("national_current", "national_previous", "national_rate", "region_current",
                "region_previous")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Lead:
    """One area and one category: its findings, best first, and its value."""

    id: str                  # "<category-slug>/<area-slug>"
    area: str                # slug
    area_name: str
    area_label: str
    region: str
    category: str
    story: str               # the story that writes it up (a kit's own, else the scanned one)
    period: str
    value: float
    findings: list[dict]     # kind, title, reason, value, factors; best first
    facts: FactSet
    caveats: list[str] = field(default_factory=list)
    chart: dict = field(default_factory=dict)   # a series chart spec (newsgen.charts.spec)
    rank: int = 0            # overall, from 1
    area_rank: int = 0       # among the area's leads, from 1

    @property
    def kind(self) -> str:
        return self.findings[0]["kind"]

    @property
    def title(self) -> str:
        return self.findings[0]["title"]

    @property
    def reason(self) -> str:
        return self.findings[0]["reason"]


@dataclass
class Budget:
    period: str
    previous: str | None
    national_name: str
    file: str
    leads: list[Lead]
    categories: list[str]            # scanned
    not_scanned: dict[str, str]      # category -> why
    withheld: list[tuple[str, list[str]]] = field(default_factory=list)   # (id, problems)
    shared: dict = field(default_factory=dict)   # "<category-slug>#<fact>" -> Fact
    seconds: dict = field(default_factory=dict)  # step -> wall seconds
    release: object = None       # when the figures were published (feeds are dated by it)
    source: dict = field(default_factory=dict)   # the stories' [source]


def make_budget(stories: list[Kit], forces: ForceTable, period: str | None = None,
                data_override: Path | None = None, writers: dict[str, str] | None = None
                ) -> Budget:
    """Scan every story's category for every area at `period` (default: the
    latest in the data) and rank what is found. `writers` names, by category,
    a story of its own that writes a category up instead of the scanned one
    (the five shipped ONS stories: see `own_stories`)."""
    clock = time.perf_counter()
    seconds = {"load": 0.0, "scan": 0.0, "words": 0.0}
    loaded, data, table, period = prepare(stories, forces, period, data_override)
    seconds["load"] = time.perf_counter() - clock
    t = table.period_index(period)
    pt = int(table.year_before[t])
    previous = table.periods[pt] if pt >= 0 else None
    budget = Budget(period, previous, table.national_name, data.file, [], [], {},
                    release=stories[0].release, source=dict(stories[0].source))
    for story in stories:
        if story.category not in table.grids:
            budget.not_scanned[story.category] = f"no rows for it in {data.file}"
            continue
        story = story.with_periods(period, previous)
        clock = time.perf_counter()
        s = scan_story(table, story, loaded, forces, t)
        assessed = assess(s, story.category)
        seconds["scan"] += time.perf_counter() - clock
        if np.isnan(s.cur).all():
            budget.not_scanned[story.category] = f"no figures for {period}"
            continue
        clock = time.perf_counter()
        budget.categories.append(story.category)
        write_up(budget, s, assessed, story, loaded, forces,
                 (writers or {}).get(story.category, story.name))
        seconds["words"] += time.perf_counter() - clock
    rank_leads(budget.leads)
    budget.seconds = seconds
    return budget


def own_stories(scanned: list[Kit], every: list[Kit]) -> dict[str, str]:
    """Category -> the story built for every area that writes it up from the
    same data (a kit's own, not an on-demand one): a lead in such a category
    is that story's, so "write this story" never makes a second draft of it."""
    data = {(k.loader, k.data_files) for k in scanned}
    out: dict[str, str] = {}
    for kit in every:
        if not kit.on_demand and (kit.loader, kit.data_files) in data:
            out.setdefault(kit.category, kit.name)
    return out


def write_up(budget: Budget, s: Scan, assessed: dict, story: Kit, loaded: KitData,
             forces: ForceTable, writer: str) -> None:
    """Each assessed area of one category as a lead: its facts, its findings
    in words, fact-checked (a lead whose words fail is withheld)."""
    cells = national_cells(s, loaded, story)
    pop_sources = population_sources(loaded, story, forces)
    nouns = Nouns(story.measure["singular"], story.measure["plural"],
                  str(story.story.get("rate_noun") or story.measure["plural"]),
                  str(story.story.get("headline_noun") or ""))
    cat_slug = slug(story.category)
    for a, found in assessed.items():
        area = forces.by_slug[s.grid.areas[a]]
        facts = lead_facts(s, a, found.findings, found.value, cells, pop_sources, found.caveats)
        for name in SHARED_FACTS:   # cited once in leads.json, not in every lead
            key = f"{cat_slug}#{name}" if not name.startswith("region_") else \
                f"{cat_slug}#{name}@{slug(area.region)}"
            if facts.facts[name].sources:
                budget.shared.setdefault(key, facts.facts[name])
                facts.shared[name] = f"leads.json#{key}"
        v = facts.values
        findings = [{"kind": f.kind,
                     "title": title(f.kind, v, area, nouns, budget.national_name),
                     "reason": sentence(f.kind, v, area, nouns, budget.national_name),
                     **sc} for f, sc in zip(found.findings, found.scores)]
        problems = check([(x["title"], x["reason"]) for x in findings], facts, area,
                         story.category)
        lead_id = f"{cat_slug}/{area.slug}"
        if problems:
            budget.withheld.append((lead_id, problems))
            continue
        budget.leads.append(Lead(lead_id, area.slug, area.name, area.label, area.region,
                                 story.category, writer, budget.period, found.value,
                                 findings, facts, found.caveats, chart_of(s, a, story, area)))


def chart_of(s: Scan, a: int, story: Kit, area) -> dict:
    """A line chart of the area's comparable figures, as newsgen.charts draws one."""
    g = s.grid
    points = [{"period": g.periods[p], "value": int(g.values[a, p])}
              for p in range(s.t + 1) if s.comp[a, p]]
    stand_in = SimpleNamespace(facts=SimpleNamespace(values={"series": points}),
                               area=area.name, region=area.region)
    return chart_spec(stand_in, story, "series") if len(points) > 1 else {}


def rank_leads(leads: list[Lead]) -> None:
    """Best first, overall and within each area; ties by category, then area."""
    leads.sort(key=lambda lead: (-lead.value, lead.category, lead.area))
    per_area: dict[str, int] = {}
    for i, lead in enumerate(leads, start=1):
        lead.rank = i
        per_area[lead.area] = per_area.get(lead.area, 0) + 1
        lead.area_rank = per_area[lead.area]
