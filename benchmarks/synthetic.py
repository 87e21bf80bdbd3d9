"""Synthetic data for benchmarks: N made-up areas and figures for them.

Everything here is invented (seeded random numbers) and labelled synthetic in
every row; it is written to a temporary folder or benchmarks/results/, never
into data/, and never shipped as real figures.

    from benchmarks.synthetic import write_areas, write_tidy
    areas = write_areas(folder / "areas.csv", 10_000)
    data = write_tidy(folder / "tidy.csv", 10_000)
    newsgen build --all-forces --areas areas.csv --story child-abuse-images --data tidy.csv
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

AREA_COLUMNS = ("short_name", "ons_pfa_code", "region", "police_uk_id",
                "official_label_police_uk_2012", "force_name_in_prc_2017_18",
                "population_mid2018")
REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands",
           "West Midlands", "East", "London", "South East", "South West", "Wales")
SOURCE = "synthetic benchmark data, not real figures"
CATEGORIES = ("possession of an indecent photograph",
              "taking, making or distributing indecent photographs")


def area_name(i: int) -> str:
    return f"Synthetic Area {i:05d}"


def area_slug(i: int) -> str:
    return f"synthetic-area-{i:05d}"


def write_areas(path: Path, n: int, seed: int = 1) -> Path:
    """A reference table of `n` synthetic areas in the police-forces.csv format.
    Every area is 'territorial' (it has a made-up ONS-style code)."""
    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(AREA_COLUMNS)
        for i in range(1, n + 1):
            name = area_name(i)
            population = "" if i % 97 == 0 else rng.randint(20_000, 2_000_000)
            out.writerow((name, f"X99{i:06d}", REGIONS[i % len(REGIONS)], area_slug(i),
                          f"{name} Police (synthetic)", name, population))
    return path


def write_tidy(path: Path, n: int, seed: int = 2) -> Path:
    """A tidy CSV (force, period, category, offences, source) for `n` synthetic
    areas, in the shape of the NSPCC kit's data: two years of totals, a
    breakdown for some areas, a national total, and the awkward cases (one
    year only, up from none, unchanged, no breakdown, all unspecified)."""
    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    nat_prev = nat_cur = 0
    for i in range(1, n + 1):
        name = area_name(i)
        cur = rng.randint(0, 2_000) if i % 50 else rng.randint(0, 20)
        kind = i % 20
        if kind == 1:
            prev = None                       # one year only
        elif kind == 2:
            prev = 0                          # up from none
        elif kind == 3:
            prev = cur                        # unchanged
        else:
            prev = max(0, int(cur * rng.uniform(0.5, 1.6)))
        if prev is not None:
            rows.append((name, "2016-17", "all", prev))
            nat_prev += prev
        rows.append((name, "2017-18", "all", cur))
        nat_cur += cur
        if kind in (4, 5, 6, 7) and cur > 0:      # a breakdown
            first = rng.randint(0, cur)
            second = rng.randint(0, cur - first)
            rows.append((name, "2017-18", CATEGORIES[0], first))
            rows.append((name, "2017-18", CATEGORIES[1], second))
            if kind == 5 and cur - first - second:
                rows.append((name, "2017-18", "unspecified", cur - first - second))
        elif kind == 8:
            rows.append((name, "2017-18", "unspecified", cur))
    rows.append(("United Kingdom", "2016-17", "all", nat_prev))
    rows.append(("United Kingdom", "2017-18", "all", nat_cur))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(("force", "period", "category", "offences", "source"))
        for row in rows:
            out.writerow((*row, SOURCE))
    return path


# The data a kit's loader reads, by loader name: (write function, description).
GENERATORS = {
    "tidy": (write_tidy, "tidy CSV in the NSPCC kit's shape"),
}
