"""How long the chart stage takes: every article of `newsgen build --all-forces`,
and a synthetic load of about 200 charts (the size of the build once the ONS
and Home Office kits land), drawn serially and with 2 worker processes.

    python benchmarks/bench_charts.py [--charts 200]

Not a test: prints times; nothing is asserted.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgen import charts  # noqa: E402
from newsgen.build import build_articles  # noqa: E402
from newsgen.kit import find_kits, read_kit  # noqa: E402


def synthetic_series(seed: int, points: int = 16) -> list[dict]:
    """A plausible long-run series (year ending March 2003 onwards)."""
    value, out = 40_000 + seed * 997 % 60_000, []
    for i in range(points):
        value = int(value * (0.93 + ((seed * 31 + i * 17) % 13) / 100))
        out.append({"period": f"{2003 + i}-03-31", "value": value})
    return out


def specs_for(n: int, articles, kits) -> list[dict]:
    """n specs cycling through the three chart types over the real articles."""
    out, i = [], 0
    kinds = ("this-year-vs-last", "series", "rate-vs-region")
    while len(out) < n:
        article = articles[i % len(articles)]
        kind = kinds[(i // len(articles)) % 3]
        if kind == "series":
            article = copy.copy(article)
            article.facts = copy.deepcopy(article.facts)
            article.facts.add("series", synthetic_series(i))
        if charts._has_figures(kind, article.facts.values):
            out.append(charts.chart_spec(article, kits[article.kit], kind))
        i += 1
    return out


def timed(label: str, fn) -> float:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(f"{label:52} {seconds:6.2f}s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=200)
    args = parser.parse_args()
    kit_list = [read_kit(f) for f in find_kits()]
    kits = {k.name: k for k in kit_list}
    articles, _, _ = build_articles(kit_list)
    real = []
    for a in articles:
        kind = charts.choose_type(charts.chart_setting(kits[a.kit]), a.facts.values)
        if kind:
            real.append(charts.chart_spec(a, kits[a.kit], kind))
    # the same articles with region facts too, so every chart type can be drawn
    for kit in kit_list:
        kit.raw["chart"] = {"type": "rate-vs-region"}
    with_regions, _, _ = build_articles(kit_list)
    many = specs_for(args.charts, with_regions, kits)
    print(f"{len(articles)} articles from --all-forces, {len(real)} charts; "
          f"synthetic load: {len(many)} charts")
    import tempfile
    from newsgen.build import BuildOptions, build

    with tempfile.TemporaryDirectory() as tmp:
        for label, opts in (("no charts", {"charts": False}), ("charts, first build", {}),
                            ("charts, rebuild, same figures", {})):
            out = Path(tmp) / ("plain" if opts else "charts")
            started = time.perf_counter()
            build([read_kit(f) for f in find_kits()], BuildOptions(output=out, **opts))
            print(f"{'build --all-forces, ' + label:52} {time.perf_counter() - started:6.2f}s")
    charts.render(real[0])  # import matplotlib once, as the first chart of a build would
    timed(f"all-forces, serial ({len(real)} charts)", lambda: charts.render_all(real, 1))
    timed(f"all-forces, 2 processes ({len(real)} charts)", lambda: charts.render_all(real, 2))
    timed(f"all-forces, automatic ({len(real)} charts)", lambda: charts.render_all(real))
    cpu = time.process_time()
    serial = timed(f"synthetic, serial ({len(many)} charts)", lambda: charts.render_all(many, 1))
    cpu = time.process_time() - cpu
    print(f"{'  per chart (SVG + PNG), wall':52} {serial / len(many) * 1000:6.1f}ms")
    print(f"{'  per chart (SVG + PNG), CPU':52} {cpu / len(many) * 1000:6.1f}ms")
    print(f"{'  load average (1 min) now':52} {os.getloadavg()[0]:6.2f}")
    timed(f"synthetic, 2 processes ({len(many)} charts)", lambda: charts.render_all(many, 2))


if __name__ == "__main__":
    main()
