"""How long the fact check takes per article: CPU milliseconds.

Run from the project root:

    .venv/bin/python benchmarks/bench_factcheck.py
    .venv/bin/python benchmarks/bench_factcheck.py benchmarks/results/synthetic-2000

Renders the articles once (every shipped story, or with a folder holding a
synthetic areas.csv and tidy.csv, the child-abuse-images story for those
areas), then checks them all several times, each time with the fact check's
cache emptied, and prints the best and median CPU time per article and per
number. Not a test.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgen.factcheck import claims  # noqa: E402
from newsgen import kit as kits_module  # noqa: E402
from newsgen.build import build_articles  # noqa: E402
from newsgen.factcheck.check import check_article, verbatim_of  # noqa: E402


def every_kit():
    if hasattr(kits_module, "select_kits"):
        return kits_module.select_kits(())
    return [kits_module.read_kit(f) for f in kits_module.find_kits()]


def articles_of(synthetic: Path | None):
    if synthetic is None:
        return build_articles(every_kit())
    kit = kits_module.read_kit(kits_module.kit_folder("child-abuse-images"))
    return build_articles([kit], (), synthetic / "tidy.csv", (), synthetic / "areas.csv")


def main(synthetic: Path | None = None, runs: int = 5) -> None:
    articles, _skipped, writers = articles_of(synthetic)
    verbatim = {name: verbatim_of(w.kit) for name, w in writers.items()}
    times, numbers = [], 0
    for _ in range(runs):
        claims._extract.cache_clear()
        started = time.process_time()
        numbers = sum(len(check_article(a, verbatim[a.kit]).claims) for a in articles)
        times.append(time.process_time() - started)
    best, median = min(times), statistics.median(times)
    print(f"{len(articles)} articles, {numbers} numbers: CPU best {best:.3f}s, median {median:.3f}s; "
          f"{best / len(articles) * 1000:.3f} ms an article (median "
          f"{median / len(articles) * 1000:.3f}), {best / max(numbers, 1) * 1e6:.1f} µs a number")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
