"""The reference table of police forces, and resolving the names data uses.

Data files spell forces many ways ("Derbyshire Constabulary", "Devon &
Cornwall", "London, City of"); `ForceTable.resolve` maps each to one row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgen.errors import DataError
from newsgen.paths import DATA_DIR

FORCES_FILE = DATA_DIR / "police-forces.csv"

# Names that mean the whole country rather than one force.
NATIONAL_NAMES = {"united kingdom", "uk", "england and wales", "all forces"}

# An area's id names its files and is part of its addresses and feed guids.
SAFE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

_SUFFIXES = re.compile(r"\b(constabulary|police service|police force|police)$")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """A spelling-insensitive key: 'Devon & Cornwall Police' -> 'devon and cornwall'."""
    key = name.strip().lower().replace("&", " and ")
    if "," in key:  # "London, City of" -> "City of London"
        head, _, tail = key.partition(",")
        key = f"{tail.strip()} {head.strip()}"
    key = re.sub(r"[^a-z0-9]+", " ", key).strip()
    key = _SUFFIXES.sub("", key).strip()
    return re.sub(r"\s+", " ", key)


def house_from_label(label: str) -> str:
    """A force's name for body copy where the table gives none: its label
    with "and" for "&" ('Avon & Somerset Constabulary' -> 'Avon and ...')."""
    return re.sub(r"\s*&\s*", " and ", label).strip()


@dataclass(frozen=True)
class Force:
    name: str            # short name: "Derbyshire"
    slug: str            # police.uk id: "derbyshire"
    label: str           # official label as police.uk spells it: "Dyfed Powys Police"
    region: str          # ONS region: "East Midlands"
    ons_code: str
    population: int | None
    territorial: bool    # one of the 43 forces of England and Wales
    table_file: str = "data/police-forces.csv"
    line: int = 0        # its line in the reference table
    house_name: str = ""  # the house name for body copy (column house_name), if given

    @property
    def house(self) -> str:
        """The one name body copy uses: 'Dyfed-Powys Police', 'Avon and
        Somerset Constabulary', 'the Metropolitan Police' (never '&')."""
        return self.house_name or house_from_label(self.label)

    @property
    def house_label(self) -> str:
        """The house name as a label stands alone: 'Metropolitan Police'."""
        house = self.house
        return house[4:] if house.startswith("the ") else house


class ForceTable:
    def __init__(self, forces: list[Force], aliases: dict[str, Force]):
        self.forces = forces
        self._aliases = aliases
        self.by_slug = {f.slug: f for f in forces}

    def resolve(self, name: str) -> Force | None:
        """The force a name means, or None if it names no force."""
        return self._aliases.get(normalise(name))

    def territorial(self) -> list[Force]:
        return [f for f in self.forces if f.territorial]


def _shown(path: Path) -> str:
    """The table's path as facts cite it: relative to the cwd where it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@lru_cache(maxsize=4)
def load_forces(path: Path = FORCES_FILE) -> ForceTable:
    forces: list[Force] = []
    aliases: dict[str, Force] = {}
    lines: dict[str, int] = {}   # slug -> the line that gave it
    shown = "data/police-forces.csv" if Path(path) == FORCES_FILE else _shown(Path(path))
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            pop = row["population_mid2018"].strip()
            force = Force(
                name=row["short_name"], slug=row["police_uk_id"],
                label=row["official_label_police_uk_2012"], region=row["region"],
                ons_code=row["ons_pfa_code"],
                population=int(pop) if pop else None,
                territorial=bool(row["ons_pfa_code"].strip()),
                table_file=shown,
                line=line,
                house_name=(row.get("house_name") or "").strip(),
            )
            if not force.slug:
                raise DataError(str(path), line, "police_uk_id", "every force needs a slug")
            if not SAFE_SLUG.fullmatch(force.slug):
                raise DataError(str(path), line, "police_uk_id",
                                f"{force.slug!r}: expected letters, digits, '-' and '_' only "
                                "(the id names the area's files and addresses)")
            if force.slug in lines:
                raise DataError(str(path), line, "police_uk_id",
                                f"{force.slug!r} is also the id on line {lines[force.slug]}")
            lines[force.slug] = line
            forces.append(force)
            for spelling in (force.name, force.label, force.slug, force.house_label,
                             row["force_name_in_prc_2017_18"]):
                if spelling:
                    aliases[normalise(spelling)] = force
    return ForceTable(forces, aliases)
