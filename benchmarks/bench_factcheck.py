"""How long the fact check takes per article, on every shipped story.

Run from the project root:

    .venv/bin/python benchmarks/bench_factcheck.py

Renders every article once, then checks them all several times and prints
the best and median time per article and per number. Not a test.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgen import kit as kits_module  # noqa: E402
from newsgen.build import build_articles  # noqa: E402
from newsgen.factcheck import check_article, verbatim_of  # noqa: E402


def every_kit():
    if hasattr(kits_module, "select_kits"):
        return kits_module.select_kits(())
    return [kits_module.read_kit(f) for f in kits_module.find_kits()]


def main(runs: int = 5) -> None:
    articles, _skipped, writers = build_articles(every_kit())
    verbatim = {name: verbatim_of(w.kit) for name, w in writers.items()}
    times, numbers = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        numbers = sum(len(check_article(a, verbatim[a.kit]).claims) for a in articles)
        times.append(time.perf_counter() - started)
    best, median = min(times), statistics.median(times)
    print(f"{len(articles)} articles, {numbers} numbers: best {best:.3f}s, median {median:.3f}s "
          f"({best / len(articles) * 1000:.2f} ms an article, "
          f"{best / max(numbers, 1) * 1e6:.0f} µs a number)")


if __name__ == "__main__":
    main()
