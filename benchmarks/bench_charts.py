"""What charts cost: the drawing alone, per chart (SVG and PNG separately),
and the whole shipped build (`newsgen build --all-forces`) with and without
charts, fresh and rebuilt with nothing changed.

    python benchmarks/bench_charts.py [--runs 5] [--output-dir /dev/shm] [--root DIR]

--root runs another checkout's newsgen (say, the commit before a change, from
`git archive`), with this interpreter, so before and after are measured by the
same script on the same machine. The drawing is timed in new processes, one
pass over every chart each, as a build draws them (CPU time, so other work on
the machine matters less); the builds run as
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


def one_pass() -> dict:
    """Every chart drawn once in this (new) process, as a build draws them:
    labels, glyphs and colour tables are made as the charts need them. The
    first chart of each type is drawn before the clock starts (imports,
    fonts), and timed on its own."""
    specs = chart_specs()
    clock = time.process_time
    from newsgen.charts.picture import render
    started = clock()
    firsts = {s["type"]: s for s in reversed(specs)}
    for spec in firsts.values():
        render(spec)
    out = {"first": clock() - started, "slowest": 0.0, "n": len(specs)}
    try:   # drawn in steps (layout, SVG, PNG): time each
        from newsgen.charts.layout import layout
        from newsgen.charts.raster import png
        from newsgen.charts.svg import svg
    except ImportError:   # a checkout that draws in one step (matplotlib)
        layout = None
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
        out["slowest"] = max(out["slowest"], t3 - t0)
    out.update({k: v / len(specs) for k, v in totals.items() if v or k == "all"})
    return out


def bench_drawing(root: Path, runs: int) -> None:
    import json

    passes = []
    for _ in range(runs):   # each in a new process: nothing drawn before, as in a build
        proc = subprocess.run([sys.executable, __file__, "--one-pass", "--root", str(root)],
                              check=True, capture_output=True, text=True)
        passes.append(json.loads(proc.stdout))
    labels = {"layout": "layout (marks from spec)", "svg": "SVG (written)",
              "png": "PNG (painted, compressed)", "all": "layout + SVG + PNG, per chart"}
    print(f"{'first chart of each type (imports, fonts)':44} "
          f"{spread([p['first'] for p in passes], 1000, 1)} ms CPU")
    for name, label in labels.items():
        if name in passes[0]:
            print(f"{label:44} {spread([p[name] for p in passes], 1000)} ms CPU "
                  f"({passes[0]['n']} charts, {runs} processes)")
    print(f"{'slowest single chart':44} {spread([p['slowest'] for p in passes], 1000)} ms CPU")


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
    parser.add_argument("--one-pass", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    if args.one_pass:
        import json
        print(json.dumps(one_pass()))
        return
    print(f"newsgen from {root}; load average (1 min) {os.getloadavg()[0]:.2f}", flush=True)
    bench_drawing(root, args.runs)
    if not args.no_builds:
        bench_builds(root, args.runs, args.output_dir)
    print(f"load average (1 min) {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
