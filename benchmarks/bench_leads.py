"""How long the lead scan takes on the shipped ONS table (22 categories x 43
forces x 52 rolling-year periods).

Run from the project root:

    .venv/bin/python benchmarks/bench_leads.py
    .venv/bin/python benchmarks/bench_leads.py --runs 9 --cli

Prints, for each step, the best and median wall time and the best CPU time
of several runs (this machine's wall times vary with what else runs on its
two cores; CPU time much less):

* load: the ONS loader and the grids of every category;
* scan, latest period: every category for every force at the latest period,
  findings scored (numbers only);
* scan, every period: the same at each of the 52 periods in turn (as a
  back-test of the findings would run);
* budget: what `newsgen leads` does before writing, load to fact-checked
  words (the two-second target is for this);
* write: leads.csv, leads.json and the 44 feeds;
* with --cli, `newsgen leads` itself in a new process (Python start-up and
  imports included).

The figures also go to benchmarks/results/bench_leads-TIME.json. Not a test:
timings belong here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgen.kit import kit_folder, read_kits  # noqa: E402
from newsgen.leads.assess import assess, prepare, scan_story  # noqa: E402
from newsgen.leads.budget import make_budget  # noqa: E402
from newsgen.leads.output import write_budget  # noqa: E402
from newsgen.sources.forces import load_forces  # noqa: E402

KIT = "ons-category"


def timed(func, runs: int) -> dict:
    func()   # warm: imports, caches, the disk
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"best": min(walls), "median": statistics.median(walls), "cpu": min(cpus)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli", action="store_true", help="also time `newsgen leads` itself")
    args = parser.parse_args()

    stories = read_kits(kit_folder(KIT))
    forces = load_forces()
    loaded, _data, table, period = prepare(stories, forces)
    t = table.period_index(period)
    scanned = [s for s in stories if s.category in table.grids]

    def scan_at(p: int) -> int:
        return sum(len(assess(scan_story(table, story, loaded, forces, p), story.category))
                   for story in scanned)

    results = {
        "load": timed(lambda: prepare(stories, forces), args.runs),
        "scan, latest period": timed(lambda: scan_at(t), args.runs),
        "scan, every period": timed(lambda: [scan_at(p) for p in range(len(table.periods))],
                                    max(1, args.runs // 2)),
        "budget": timed(lambda: make_budget(stories, forces), args.runs),
    }
    budget = make_budget(stories, forces)
    with tempfile.TemporaryDirectory() as out:
        results["write"] = timed(lambda: write_budget(budget, Path(out), forces.territorial(),
                                                      "http://127.0.0.1:8765"), args.runs)
        if args.cli:
            newsgen = [sys.executable, "-m", "newsgen", "leads", "--top", "0", "-o", out]
            walls = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run(newsgen, check=True, cwd=ROOT, capture_output=True)
                walls.append(time.perf_counter() - started)
            results["newsgen leads (new process)"] = {"best": min(walls),
                                                      "median": statistics.median(walls),
                                                      "cpu": None}
    findings = sum(len(lead.findings) for lead in budget.leads)
    print(f"{len(scanned)} categories x {len(table.areas)} areas x {len(table.periods)} periods; "
          f"{len(budget.leads)} leads ({findings} findings) for {period}")
    for step, r in results.items():
        cpu = f"  cpu {r['cpu']:.3f}s" if r["cpu"] is not None else ""
        print(f"  {step:30} best {r['best']:.3f}s  median {r['median']:.3f}s{cpu}")
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench_leads-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"leads": len(budget.leads), "findings": findings,
                                "period": period, "steps": results}, indent=1) + "\n")
    print(f"  -> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
