"""Wall time of `newsgen build --all-forces` on the shipped data, as a user
runs it (a fresh process each time, imports included).

    .venv/bin/python benchmarks/bench_cli_build.py [--runs 5]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("args", nargs="*", default=["--all-forces"])
    opts = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(opts.runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "newsgen", "build", *opts.args, "-o", out],
                           check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    print(f"newsgen build {' '.join(opts.args)}: median {statistics.median(times):.2f}s, "
          f"min {min(times):.2f}s, max {max(times):.2f}s over {opts.runs} runs")


if __name__ == "__main__":
    main()
