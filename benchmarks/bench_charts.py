"""How long the chart stage takes: every article of `newsgen build --all-forces`
(fresh builds with and without charts, and a rebuild), and the drawing alone,
serially and in 2 worker processes, with the CPU time each chart costs.

    python benchmarks/bench_charts.py [--regions] [--repeat 2]

--regions gives every kit without a [chart] table the rate-vs-region chart, so
all 273 articles get one (as once the Home Office kit chooses its chart).

Wall times depend on what else the machine is doing; CPU per chart does not
much, so the script also prints what the chart stage would take on idle cores
(drawing CPU / processes). Not a test: prints times; nothing is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgen.build import stages as build_module

from newsgen.charts import draw as charts  # noqa: E402
from newsgen.build import BuildOptions, build, build_articles  # noqa: E402
from newsgen.kit import select_kits  # noqa: E402

# drawing CPU, summed over whichever processes draw (fork inherits the patch)
_CPU = multiprocessing.Value("d", 0.0)
_COUNT = multiprocessing.Value("i", 0)
_render = charts.render


def _counted_render(spec):
    started = time.process_time()
    out = _render(spec)
    with _CPU.get_lock():
        _CPU.value += time.process_time() - started
        _COUNT.value += 1
    return out


charts.render = _counted_render


def kits(regions: bool):
    out = select_kits((), ())
    if regions:
        for kit in out:
            kit.raw.setdefault("chart", {"type": "rate-vs-region"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    workers = min(2, os.cpu_count() or 1)

    stage = {}
    real_stage = build_module.draw_charts   # the stage (build.stages), not the drawing

    def timed_stage(ctx):
        _CPU.value, _COUNT.value = 0.0, 0
        started = time.perf_counter()
        real_stage(ctx)
        stage.update(wall=time.perf_counter() - started, cpu=_CPU.value, n=_COUNT.value)

    build_module.STAGES[build_module.STAGES.index(real_stage)] = timed_stage

    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            for label, opts, out in (("no charts", {"charts": False}, "plain"),
                                     ("charts, first build", {}, "charts"),
                                     ("charts, rebuild, same figures", {}, "charts")):
                stage.clear()
                started = time.perf_counter()
                result = build(kits(args.regions), BuildOptions(output=Path(tmp) / out, **opts))
                line = (f"build --all-forces, {label:30} {time.perf_counter() - started:6.2f}s "
                        f"({len(result.articles)} articles)")
                if stage.get("n"):
                    line += (f"; chart stage {stage['wall']:.2f}s for {stage['n']} charts, "
                             f"{stage['cpu'] / stage['n'] * 1000:.1f} ms CPU each, "
                             f"{stage['cpu'] / workers:.2f}s on {workers} idle cores")
                print(line, flush=True)
        print(f"  load average (1 min) {os.getloadavg()[0]:.2f}", flush=True)

    kit_list = kits(args.regions)
    articles, _, writers = build_articles(kit_list)
    specs = []
    for a in articles:
        kit = writers[a.kit].kit
        kind = charts.choose_type(charts.chart_setting(kit), a.facts.values)
        if kind:
            specs.append(charts.chart_spec(a, kit, kind))
    started = time.process_time()
    charts.render(specs[0])
    print(f"{'first chart in a process (imports matplotlib)':52} "
          f"{time.process_time() - started:6.2f}s CPU")
    for label, n in (("serial", 1), (f"{workers} processes", workers)):
        _CPU.value, _COUNT.value = 0.0, 0
        started = time.perf_counter()
        charts.render_all(specs, n)
        wall = time.perf_counter() - started
        print(f"{f'drawing {len(specs)} charts, {label}':52} {wall:6.2f}s wall, "
              f"{_CPU.value / len(specs) * 1000:5.1f} ms CPU per chart")
    print(f"  load average (1 min) {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
