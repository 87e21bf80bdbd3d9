"""The plan of a build: the chosen areas, each kit's data loaded and facts
computed, and which areas get no article; and rendering a plan in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsgen.build.context import Skip
from newsgen.build.progress import SILENT, Progress, Timings
from newsgen.charts.draw import chart_setting
from newsgen.errors import NewsgenError
from newsgen.facts.compute import add_region_rates
from newsgen.facts.factset import FactSet, LazyFacts
from newsgen.facts.kit_facts import KitData
from newsgen.facts.shared import cites_many, mark_shared
from newsgen.kit import Kit
from newsgen.parallel import map_chunks
from newsgen.sources.forces import Force, ForceTable, load_forces
from newsgen.words.article import Article
from newsgen.words.writer import ArticleWriter


def select_forces(forces: ForceTable, names: tuple[str, ...]) -> list[Force]:
    """The forces named on the command line, or all 43 territorial forces."""
    if not names:
        return forces.territorial()
    chosen = []
    for name in names:
        force = forces.resolve(name)
        if force is None:
            raise NewsgenError(f"--force {name!r}: no such police force; "
                               "names are as in data/police-forces.csv (e.g. 'Derbyshire')")
        if force not in chosen:
            chosen.append(force)
    return chosen


def render(todo: list) -> list[Article]:
    """The article for each (writer, force, facts) of `todo`, in order."""
    return [writer.article(force, facts) for writer, force, facts in todo]


def _render_chunk(todo: list, start: int, stop: int) -> list[Article]:
    """Articles for todo[start:stop], without their facts (the caller has
    them: only the words travel back from a worker process)."""
    out = render(todo[start:stop])
    for article in out:
        article.facts = None
    return out


@dataclass
class Plan:
    """What a build knows before it writes a word: the chosen areas, each
    kit's writer and per-area facts, and the areas that get no article."""

    forces: list[Force]
    kits: list[tuple["ArticleWriter", dict[str, FactSet]]]
    skipped: list[Skip]
    table: ForceTable
    loaded: KitData | None = None    # each kit's data, as loaded for the facts

    @property
    def periods(self) -> list[tuple[str, str, str | None, str]]:
        """(story, current, previous, how they were chosen) for each story."""
        return [(w.kit.name, w.kit.current, w.kit.previous, w.kit.periods_note) for w, _ in self.kits]

    @property
    def writers(self) -> dict[str, "ArticleWriter"]:
        return {writer.kit.name: writer for writer, _ in self.kits}

    def todo(self, start: int = 0, stop: int | None = None) -> list[tuple]:
        """(writer, force, facts) for the areas forces[start:stop]: area by
        area, each area's stories in kit order. (So the articles' order, and
        the review store's draft ids, are the same however the areas are cut
        into batches.)"""
        return [(writer, force, per_area[force.slug]) for force in self.forces[start:stop]
                for writer, per_area in self.kits if force.slug in per_area]

    def per_force(self) -> list[int]:
        """How many articles each chosen area gets."""
        return [sum(force.slug in per_area for _, per_area in self.kits) for force in self.forces]


def plan_build(kits: list[Kit], force_names: tuple[str, ...] = (),
               data_override: Path | None = None, user_templates: tuple[Path, ...] = (),
               areas_file: Path | None = None, timings: Timings | None = None) -> Plan:
    """Load each kit's data and compute its facts for the chosen areas."""
    timings = timings or Timings()
    with timings.step("load"):
        table = load_forces(Path(areas_file)) if areas_file else load_forces()
        chosen = select_forces(table, force_names)
    skipped: list[Skip] = []
    planned = []
    loaded = KitData(table, data_override)
    for kit in kits:
        if data_override:   # notes about the kit's own file do not hold for another
            kit = kit.for_other_data()
        with timings.step("load"):
            loaded.dataset(kit)      # loaded once; facts() below reads it
            kit = loaded.resolve(kit)   # periods.current = "latest": named from the data
        with timings.step("facts"):
            # Facts made area by area as batches need them, unless later steps
            # here work on every area's facts at once.
            lazy = not kit.facts and chart_setting(kit) != "rate-vs-region"
            per_area = loaded.facts(kit, lazy)
            if isinstance(per_area, LazyFacts) and cites_many(per_area):
                per_area = {slug: per_area[slug] for slug in per_area}
            if chart_setting(kit) == "rate-vs-region":
                add_region_rates(per_area, table.by_slug, kit.per)
            if "leads" in kit.facts:   # the lead scan's figures: only on-demand kits ask
                from newsgen.leads.assess import add_lead_facts   # (the scan's eight modules)
                add_lead_facts(per_area, kit, loaded, table)
            # facts citing many cells, held by many areas: cited once per story
            shared = {} if isinstance(per_area, LazyFacts) else \
                mark_shared(kit.name, per_area, table.by_slug)
            usable = []
            for force in chosen:
                if kit.areas and force.slug not in kit.areas:
                    continue   # a story built only for the areas an editor asked for
                reason = loaded.unusable(kit, per_area.get(force.slug), force.slug)
                if reason:
                    skipped.append(Skip(kit.name, force.name, reason))
                else:
                    usable.append(force.slug)
            usable = per_area.only(usable) if isinstance(per_area, LazyFacts) else \
                {slug: per_area[slug] for slug in usable}
        writer = ArticleWriter(kit, user_templates)
        writer.shared_facts = shared
        # each region's areas with figures, for the brief's "compare with neighbours"
        for slug in per_area:
            force = table.by_slug.get(slug)
            if force is not None:
                writer.neighbours.setdefault(force.region, []).append(force)
        planned.append((writer, usable))
    return Plan(chosen, planned, skipped, table, loaded)


def build_articles(kits: list[Kit], force_names: tuple[str, ...] = (),
                   data_override: Path | None = None,
                   user_templates: tuple[Path, ...] = (),
                   areas_file: Path | None = None, *, jobs: int = 1,
                   progress: Progress = SILENT,
                   timings: Timings | None = None) -> tuple[list[Article], list[Skip], dict]:
    """Every article of every kit for the chosen forces, in memory; nothing is
    written. `jobs` > 1 renders in that many processes (the same articles)."""
    timings = timings or Timings()
    plan = plan_build(kits, force_names, data_override, user_templates, areas_file, timings)
    todo = plan.todo()
    with timings.step("render"), progress.bar("writing", len(todo)) as bar:
        chunks = map_chunks(_render_chunk, todo, jobs, bar)
    articles = [article for chunk in chunks for article in chunk]
    for article, (_writer, _force, facts) in zip(articles, todo):
        article.facts = facts
    return articles, plan.skipped, plan.writers
