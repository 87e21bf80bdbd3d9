"""How long the ONS and Home Office loaders take on the shipped tables, and
on the spreadsheets as published (tests/data/spreadsheets/): the ONS
workbook's Table P1 through the loader, every sheet of the workbook read,
and the Home Office table as an .ods.

Run from the project root:

    .venv/bin/python benchmarks/bench_load.py

Prints the best and median of several runs for each loader (the force table
is loaded once beforehand, as in a build). Not a test: timings belong here.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgen.sources.forces import load_forces  # noqa: E402
from newsgen.sources.loaders import LOADERS  # noqa: E402

SHEETS = ROOT / "tests" / "data" / "spreadsheets"
ONS_XLSX = SHEETS / "ons" / "policeforceareatablesyearendingdecember2018.xlsx"
CASES = [
    ("ons", ROOT / "newsgen" / "shipped" / "data" / "ons-recorded-crime-pfa-2003-2018.csv", {}),
    ("home_office", ROOT / "newsgen" / "shipped" / "data" / "home-office-prc-pfa-2017-18.csv", {}),
    ("home_office", ROOT / "newsgen" / "shipped" / "data" / "home-office-prc-pfa-2017-18.csv", {"codes": ["86"]}),
    ("ons", ONS_XLSX, {}),
    ("home_office", SHEETS / "home-office-prc-pfa-2017-18.ods", {"codes": ["86"]}),
]


def rows_in(path: Path) -> int:
    if path.suffix in (".xlsx", ".ods"):
        from newsgen.sources.sheets import read_workbook
        return sum(len(s.rows) for s in read_workbook(path, path.name))
    return sum(1 for _ in open(path, encoding="utf-8")) - 1


def whole_workbook(runs: int) -> None:
    """Every sheet of the ONS workbook read (what a loader looking for its
    table pays at most), against the shipped long CSV's load."""
    from newsgen.sources.sheets import read_workbook
    read_workbook(ONS_XLSX, ONS_XLSX.name)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        sheets = read_workbook(ONS_XLSX, ONS_XLSX.name)
        times.append(time.perf_counter() - started)
    cells = sum(len(row) for sheet in sheets for row in sheet.rows)
    print(f"{'every sheet of the workbook':32} {ONS_XLSX.name:42} {cells:6} cells "
          f"best {min(times):.3f}s  median {statistics.median(times):.3f}s")


def main(runs: int = 7) -> None:
    forces = load_forces()
    for name, path, options in CASES:
        LOADERS[name].load((path,), forces, options)  # warm: imports, disk cache
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            data = LOADERS[name].load((path,), forces, options)
            times.append(time.perf_counter() - started)
        lines = rows_in(path)
        label = f"{name} {options}" if options else name
        print(f"{label:32} {path.name:42} {lines:6} rows -> {len(data.frame):6} "
              f"best {min(times):.3f}s  median {statistics.median(times):.3f}s")
    whole_workbook(runs)


if __name__ == "__main__":
    main()
