"""What charts cost: the drawing alone, per chart (SVG and PNG separately),
and the whole shipped build (`newsgen build --all-forces`) with and without
charts, fresh and rebuilt with nothing changed.

    python benchmarks/bench_charts.py [--runs 5] [--output-dir /dev/shm] [--root DIR]

--root runs another checkout's newsgen (say, the commit before a change, from
`git archive`), with this interpreter, so before and after are measured by the
same script on the same machine. The drawing is timed in this process (CPU
time, so other work on the machine matters less); the builds run as
`python -m newsgen.cli`-style subprocesses, each fresh build into a new folder
under --output-dir, and each rebuild into the folder its fresh build left.
Every figure is min / median / max over --runs runs. Not a test: prints
times; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def spread(values: list[float], scale: float = 1.0, digits: int = 3) -> str:
    v = sorted(x * scale for x in values)
    return (f"min {v[0]:.{digits}f}  median {statistics.median(v):.{digits}f}  "
            f"max {v[-1]:.{digits}f}")


def chart_specs():
    from newsgen.build import build_articles
    from newsgen.charts.spec import chart_setting, chart_spec, choose_type
    from newsgen.kit import select_kits

    articles, _, writers = build_articles(select_kits((), ()))
    specs = []
    for a in articles:
        kit = writers[a.kit].kit
        kind = choose_type(chart_setting(kit), a.facts.values)
        if kind:
            specs.append(chart_spec(a, kit, kind))
    return specs


def bench_drawing(runs: int) -> None:
    specs = chart_specs()
    clock = time.process_time
    started = clock()
    from newsgen.charts.picture import render
    render(specs[0])
    print(f"first chart in a process (imports, fonts):   {(clock() - started) * 1000:8.1f} ms CPU")
    try:   # drawn in steps (layout, SVG, PNG): time each
        from newsgen.charts.layout import layout
        from newsgen.charts.raster import png
        from newsgen.charts.svg import svg
    except ImportError:   # a checkout that draws in one step (matplotlib)
        layout = None
    phases: dict[str, list[float]] = {}
    slowest = 0.0
    for _ in range(runs):
        totals = dict.fromkeys(("layout", "svg", "png", "all"), 0.0)
        for spec in specs:
            t0 = clock()
            if layout is None:
                render(spec)
                t3 = clock()
            else:
                marks = layout(spec)
                t1 = clock()
                svg(spec, marks)
                t2 = clock()
                png(marks)
                t3 = clock()
                totals["layout"] += t1 - t0
                totals["svg"] += t2 - t1
                totals["png"] += t3 - t2
            totals["all"] += t3 - t0
            slowest = max(slowest, t3 - t0)
        for name, total in totals.items():
            phases.setdefault(name, []).append(total / len(specs))
    names = ("all",) if layout is None else ("layout", "svg", "png", "all")
    for name in names:
        label = {"layout": "layout (marks from spec)", "svg": "SVG (written)", "png": "PNG (painted, compressed)",
                 "all": "SVG + PNG, per chart"}[name]
        print(f"{label:44} {spread(phases[name], 1000)} ms CPU  ({len(specs)} charts, {runs} runs)")
    print(f"{'slowest single chart':44} {slowest * 1000:.3f} ms CPU")


def run_build(root: Path, output: Path, charts: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of one `newsgen build --all-forces` in a new process."""
    code = "import sys\nfrom newsgen.cli import main\nsys.argv[0] = 'newsgen'\nmain()"
    args = [sys.executable, "-c", code, "build", "--all-forces", "-q", "--output", str(output)]
    if not charts:
        args.append("--no-charts")
    env = {**os.environ, "PYTHONPATH": str(root)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench_builds(root: Path, runs: int, where: Path) -> None:
    results: dict[str, tuple[list, list]] = {}
    for _ in range(runs):
        for label, charts in (("fresh, --no-charts", False), ("fresh, with charts", True)):
            out = Path(tempfile.mkdtemp(dir=where, prefix="bench-charts-"))
            shutil.rmtree(out)
            try:
                wall, cpu = run_build(root, out, charts)
                results.setdefault(label, ([], []))[0].append(wall)
                results[label][1].append(cpu)
                if charts:   # then the same build again, nothing changed
                    wall, cpu = run_build(root, out, charts)
                    results.setdefault("no-change rebuild, with charts", ([], []))[0].append(wall)
                    results["no-change rebuild, with charts"][1].append(cpu)
            finally:
                shutil.rmtree(out, ignore_errors=True)
                for lock in where.glob(f".{out.name}*"):
                    shutil.rmtree(lock, ignore_errors=True) if lock.is_dir() else lock.unlink()
    for label, (walls, cpus) in results.items():
        print(f"build --all-forces, {label:32} wall {spread(walls, digits=2)} s; "
              f"CPU median {statistics.median(cpus):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output-dir", type=Path, default=Path("/dev/shm"))
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose newsgen is measured")
    parser.add_argument("--no-builds", action="store_true", help="time the drawing only")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    print(f"newsgen from {root}; load average (1 min) {os.getloadavg()[0]:.2f}", flush=True)
    bench_drawing(args.runs)
    if not args.no_builds:
        bench_builds(root, args.runs, args.output_dir)
    print(f"load average (1 min) {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
