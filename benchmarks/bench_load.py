"""How long the ONS and Home Office loaders take on the shipped tables.

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

CASES = [
    ("ons", ROOT / "newsgen" / "shipped" / "data" / "ons-recorded-crime-pfa-2003-2018.csv", {}),
    ("home_office", ROOT / "newsgen" / "shipped" / "data" / "home-office-prc-pfa-2017-18.csv", {}),
    ("home_office", ROOT / "newsgen" / "shipped" / "data" / "home-office-prc-pfa-2017-18.csv", {"codes": ["86"]}),
]


def main(runs: int = 7) -> None:
    forces = load_forces()
    for name, path, options in CASES:
        LOADERS[name].load((path,), forces, options)  # warm: imports, disk cache
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            data = LOADERS[name].load((path,), forces, options)
            times.append(time.perf_counter() - started)
        lines = sum(1 for _ in open(path, encoding="utf-8")) - 1
        label = f"{name} {options}" if options else name
        print(f"{label:32} {path.name:42} {lines:6} rows -> {len(data.frame):6} "
              f"best {min(times):.3f}s  median {statistics.median(times):.3f}s")


if __name__ == "__main__":
    main()
