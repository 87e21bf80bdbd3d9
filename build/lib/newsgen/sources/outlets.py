"""The outlets that take newsgen's feeds, and the forces each one covers.

`data/outlets.csv` has a row per outlet: its name, a slug for its feed's file
name, its web domain, and the forces it covers (names as any data spells
them, separated by semicolons), resolved through the force table.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from newsgen.errors import DataError
from newsgen.sources.forces import Force, ForceTable, load_forces
from newsgen.sources.files import display_path
from newsgen.paths import DATA_DIR

OUTLETS_FILE = DATA_DIR / "outlets.csv"
COLUMNS = ("outlet", "slug", "domain", "forces")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Outlet:
    name: str
    slug: str
    domain: str
    forces: tuple[Force, ...]


def slugify(text: str) -> str:
    """'East Midlands' -> 'east-midlands'; 'Express & Star' -> 'express-and-star'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ")).strip("-")


def load_outlets(path: Path = OUTLETS_FILE, forces: ForceTable | None = None) -> list[Outlet]:
    """Every outlet in the file, in slug order; each force name must resolve."""
    forces = forces or load_forces()
    shown = display_path(Path(path))
    try:
        fh = open(path, newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(shown, None, None, "no such file") from None
    outlets: dict[str, Outlet] = {}
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(shown, 1, missing[0], "missing column; expected "
                            + ", ".join(COLUMNS))
        for line, row in enumerate(reader, start=2):
            name, slug = row["outlet"].strip(), row["slug"].strip()
            if not name:
                raise DataError(shown, line, "outlet", "every outlet needs a name")
            if not _SLUG.match(slug):
                raise DataError(shown, line, "slug",
                                f"{slug!r} is not a slug (lower-case letters, digits and hyphens)")
            if slug in outlets:
                raise DataError(shown, line, "slug", f"{slug!r} is used twice")
            covered: list[Force] = []
            for part in row["forces"].split(";"):
                if not part.strip():
                    continue
                force = forces.resolve(part)
                if force is None:
                    raise DataError(shown, line, "forces", f"{part.strip()!r} names no police force")
                if force not in covered:
                    covered.append(force)
            if not covered:
                raise DataError(shown, line, "forces", "name at least one force")
            outlets[slug] = Outlet(name, slug, row["domain"].strip(), tuple(covered))
    return [outlets[s] for s in sorted(outlets)]
