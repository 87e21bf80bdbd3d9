"""Wall and CPU time of `newsgen build --all-forces` on the shipped data, as a
user runs it: a fresh process each time, imports included.

    .venv/bin/python benchmarks/bench_cli_build.py [--runs 5] [--case fresh] [-- ARGS]

Cases (all by default):
  fresh         a build into a new, empty output folder each run
  fresh-charts  the same with charts (the shipped build as users run it)
  rebuild       a build into a folder the same build has just written
                (nothing changed: the no-change rebuild)
  help          `newsgen --help`

Output goes under --dir (default: /dev/shm when there is one, so the disk
does not set the pace). The machine is shared: give min, median and max,
and the CPU seconds (user + system of the child), which a loaded machine
stretches less than wall time.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

NOW = ["--now", "2018-09-18T09:00:00+01:00"]


def run(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of `newsgen ARGV` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsgen", *argv], check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def case(name: str, runs: int, args: list[str], folder: str) -> list[tuple[float, float]]:
    out = os.path.join(folder, "out")
    build = ["build", "--all-forces", "--quiet", *NOW, *args, "-o", out]
    if name == "help":
        return [run(["--help"]) for _ in range(runs)]
    if name == "fresh":
        build.insert(2, "--no-charts")
    times = []
    if name == "rebuild":
        run(build)   # the build the rebuilds repeat
    for _ in range(runs):
        if name != "rebuild":
            shutil.rmtree(folder)
            os.makedirs(folder)
        times.append(run(build))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", action="append",
                        choices=["fresh", "fresh-charts", "rebuild", "help"])
    parser.add_argument("--dir", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    parser.add_argument("args", nargs="*", help="more `newsgen build` arguments")
    opts = parser.parse_args()
    for name in opts.case or ["fresh", "fresh-charts", "rebuild", "help"]:
        folder = tempfile.mkdtemp(prefix="newsgen-bench-", dir=opts.dir)
        try:
            times = case(name, opts.runs, opts.args, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        print(f"{name:<13} wall min {min(walls):.2f}s median {statistics.median(walls):.2f}s "
              f"max {max(walls):.2f}s | CPU min {min(cpus):.2f}s "
              f"median {statistics.median(cpus):.2f}s max {max(cpus):.2f}s ({opts.runs} runs)",
              flush=True)


if __name__ == "__main__":
    main()
