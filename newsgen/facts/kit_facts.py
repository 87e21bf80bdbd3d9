"""A kit's data and facts for the build: each data file is loaded once even
when many stories (one per category) read it, and a kit's periods and
category are checked against the data with errors that name the kit field.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from newsgen.facts.compute import compute_facts, is_category
from newsgen.facts.factset import FactSet
from newsgen.facts.periods import latest, span, year_before
from newsgen.sources.forces import ForceTable
from newsgen.kit import Kit
from newsgen.sources.dataset import Dataset
from newsgen.sources.loaders import LOADERS
from newsgen.sources.population import Population, load_population


class KitData:
    def __init__(self, table: ForceTable, data_override: Path | None = None):
        self.table = table
        self.data_override = data_override
        self._data: dict[str, Dataset] = {}
        self._population: dict[str, Population] = {}
        self._categories: dict[int, set[str]] = {}   # id(dataset) -> its categories, lower case

    def dataset(self, kit: Kit) -> Dataset:
        files = (Path(self.data_override),) if self.data_override else kit.data_files
        key = json.dumps([kit.loader, [str(f) for f in files], kit.options],
                         sort_keys=True, default=str)
        if key not in self._data:
            self._data[key] = LOADERS[kit.loader].load(files, self.table, kit.options)
        return self._data[key]

    def resolve(self, kit: Kit) -> Kit:
        """The kit with its periods named: for ``current = "latest"``, the
        newest period the data has for the kit's category, compared with the
        same period a year before (the previous financial year, or the 12
        months to the same date) when the data has it."""
        if not kit.follows_latest:
            return kit
        data = self.dataset(kit)
        self._check_category(kit, data)
        category = kit.category.lower()
        frame = data.frame
        held = set(frame.loc[is_category(frame, category), "period"].unique().tolist())
        held |= {p for (_a, p, c) in data.unavailable if c == category}
        current = latest(held)
        if current is None:
            raise kit.error("periods.current", f"'latest', but {data.file} has no figures for "
                                               f"category {kit.category!r}")
        before = year_before(current)
        if before in held:
            note = f"the latest in the data; compared with {span(before)['label']}, a year before"
            return kit.with_periods(current, before, note)
        note = (f"the latest in the data; no figures for {span(before)['label']}, a year before, "
                "so no comparison")
        return kit.with_periods(current, None, note)

    def population(self, kit: Kit) -> Population | None:
        if kit.population_file is None:
            return None
        key = str(kit.population_file)
        if key not in self._population:
            self._population[key] = (None if self._names_none_of_the_areas(kit.population_file)
                                     else load_population(kit.population_file, self.table))
        return self._population[key]

    def _names_none_of_the_areas(self, path: Path) -> bool:
        """True if the population file has a row for none of the table's
        areas: an areas table of other areas (``--areas``) then brings its own
        populations (its population_mid2018 column), as for a kit without a
        population file. A file that covers some areas but not all is still
        an error (load_population)."""
        codes = {f.ons_code.strip() for f in self.table.territorial()}
        with open(path, newline="", encoding="utf-8-sig") as fh:
            return not any((row.get("code") or "").strip() in codes for row in csv.DictReader(fh))

    def facts(self, kit: Kit, lazy: bool = False) -> dict[str, FactSet]:
        """{slug: FactSet} for the kit's story; with `lazy` (a kit without
        extended facts), made area by area when asked for (facts.LazyFacts)."""
        kit = self.resolve(kit)   # a no-op for a kit that names its periods
        self._check(kit, self.dataset(kit))
        return self.facts_for(kit, kit.current, kit.previous, lazy)

    def facts_for(self, kit: Kit, current: str, previous: str | None,
                  lazy: bool = False) -> dict[str, FactSet]:
        """{slug: FactSet} for the kit's story in any two of its periods (the
        build's, or an earlier one the revisions stage looks back at), made
        by the kit's own rules: one call of compute_facts for both."""
        per_area, _national = compute_facts(
            self.dataset(kit), self.table.by_slug, current, previous, kit.per,
            category=kit.category, population=self.population(kit),
            extended=bool(kit.facts), lazy=lazy, judged=kit.judgements, breaks=kit.breaks,
            no_rank=kit.news_value.no_rate)
        return per_area

    def _check(self, kit: Kit, data: Dataset) -> None:
        error = kit.error

        def listing(items) -> str:
            items = list(items)
            return ", ".join(items[-8:]) + (f" (and {len(items) - 8} more)" if len(items) > 8 else "")

        for field, period in (("periods.current", kit.current), ("periods.previous", kit.previous)):
            if period is not None and period not in data.periods:
                raise error(field, f"{period!r} is not a period of {data.file}; "
                                   f"its periods include: {listing(data.periods)}")
        self._check_category(kit, data)

    def _check_category(self, kit: Kit, data: Dataset) -> None:
        error = kit.error

        def listing(items) -> str:
            items = list(items)
            return ", ".join(items[-8:]) + (f" (and {len(items) - 8} more)" if len(items) > 8 else "")

        if kit.category.lower() != "all" or kit.loader != "tidy":
            if id(data) not in self._categories:   # once per data file, not per story
                self._categories[id(data)] = {c.lower() for c in data.frame["category"].unique().tolist()}
            categories = self._categories[id(data)]
            if kit.category.lower() not in categories:
                field = "data.category" if not kit.story else "category"
                names = sorted(data.frame["category"].unique())
                raise error(field, f"story {kit.name!r}: no rows for category {kit.category!r} "
                                   f"in {data.file}; categories: {listing(names)}")

    def unusable(self, kit: Kit, facts: FactSet | None, slug: str = "") -> str | None:
        """Why this area gets no article, or None."""
        if facts is None:
            missing = self.dataset(kit).missing(slug, kit.current, kit.category)
            if missing is not None:
                (mark, meaning), src = missing
                return (f"the figure for {kit.current} is not available: {mark!r} ({meaning}) "
                        f"at {src.file}!{src.cell if src.cell else src.line}")
            return f"no figures for {kit.current}"
        values = facts.values
        for name in ("current", "previous"):
            if values.get(name) is not None and values[name] < 0:
                return (f"the published {name} figure is negative ({values[name]}), "
                        "an adjustment, not a count")
        return None
