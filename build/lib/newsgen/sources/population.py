"""The population base for rates: per force, per region and for England and
Wales, each with the cell it came from.

A kit names its base in ``[rates] population``: a file in the ONS layout
(``code,name,MYE2018,...``: ONS mid-year estimates by police force area with
region and country rows), or nothing, for the force table's
``population_mid2018`` column (regions and the nation are then the sums of
their forces).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.errors import DataError
from newsgen.sources.dataset import Source
from newsgen.sources.forces import ForceTable, normalise
from newsgen.sources.files import display_path, read_text

NATIONAL_CODE = "K04000001"   # England and Wales
WALES_CODE = "W92000004"      # Wales, the country: the "Wales" region of the forces


@dataclass
class Population:
    column: str
    areas: dict[str, tuple[int, Source]] = field(default_factory=dict)
    regions: dict[str, tuple[int, Source]] = field(default_factory=dict)   # by normalised name
    national: tuple[int, Source] | None = None

    def of(self, slug: str) -> int | None:
        entry = self.areas.get(slug)
        return entry[0] if entry else None

    def sources(self, slug: str) -> tuple[Source, ...]:
        entry = self.areas.get(slug)
        return (entry[1],) if entry else ()

    def region(self, name: str) -> tuple[int, Source] | None:
        return self.regions.get(normalise(name))


def forces_population(table: ForceTable) -> Population:
    """The force table's own column; no region or national rows."""
    pop = Population(column="population_mid2018")
    for force in table.forces:
        if force.population is not None:
            pop.areas[force.slug] = (force.population,
                                     Source(force.table_file, force.line, "population_mid2018"))
    return pop


def load_population(path: Path, table: ForceTable, column: str = "MYE2018") -> Population:
    """An ONS population file: forces by ``code``, regions and countries by name."""
    shown = display_path(path)
    text = read_text(path)
    reader = csv.DictReader(text.splitlines())
    for name in ("code", "name", column):
        if name not in (reader.fieldnames or []):
            raise DataError(shown, 1, name, f"missing column; expected code, name, {column}")
    by_code = {f.ons_code: f for f in table.forces if f.ons_code}
    pop = Population(column=column)
    for line, row in enumerate(reader, start=2):
        code, name = row["code"].strip(), row["name"].strip()
        cell = (row[column] or "").strip()
        if not cell.isdigit():
            raise DataError(shown, line, column, f"expected a whole number, got {cell!r}")
        entry = (int(cell), Source(shown, line, column))
        if code == NATIONAL_CODE:
            pop.national = entry
        elif code in by_code:
            pop.areas[by_code[code].slug] = entry
        elif code.startswith("E12") or code == WALES_CODE:
            region = name.replace("(region)", "").strip()
            pop.regions[normalise(region)] = entry
    missing = [f.name for f in table.territorial() if f.slug not in pop.areas]
    if missing:
        raise DataError(shown, None, "code", f"no population for {', '.join(missing)}")
    return pop
