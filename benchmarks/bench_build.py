"""How fast newsgen writes thousands of local stories, step by step.

Makes a synthetic dataset of N areas (default 10,000; made-up figures,
labelled synthetic, written under benchmarks/results/) for each kit whose
data loader has a generator in benchmarks/synthetic.py (all three: tidy,
ons, home_office). A kit with several stories reading one file (the ONS kit,
a story per offence category) is measured by its first story, which reads
and computes over the whole file as every story does; ``--all-stories``
measures each. Then, for each:

1. builds it in this process with one job and reports each step's wall and
   CPU seconds: load, facts, phrasing and templates (rendering; phrasing is
   timed inside it), writing, and every later stage by name (feeds, review
   store, ...), plus articles per second per core for facts + rendering;
2. runs ``newsgen build --jobs 1`` and ``--jobs 2`` as a user would (a fresh
   process, imports included) and reports wall time;
3. measures peak memory (RSS) of a whole build for several N, each in a
   fresh process;
4. times ``newsgen --help``.

    .venv/bin/python benchmarks/bench_build.py                 # N = 10,000
    .venv/bin/python benchmarks/bench_build.py --n 1000 --memory 1000,10000,50000
    .venv/bin/python benchmarks/bench_build.py --profile       # pyinstrument profile too
    .venv/bin/python benchmarks/bench_build.py --out /dev/shm  # builds in memory: no disk time
    .venv/bin/python benchmarks/bench_build.py --n 1000 --jobs '' --memory '' --all-stories

The figures are printed and written as JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
OUTPUT = RESULTS   # where the builds write (--out): e.g. /dev/shm, to leave the disk out
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import GENERATORS, write_areas  # noqa: E402

# Stage function names in newsgen.build.STAGES, as the figures call them.
STAGE_NAMES = {"write_articles": "writing", "publish_articles": "public tree, ninjs, area feeds",
               "publish_feeds": "gathering feeds", "review_stage": "review store",
               "record_releases_stage": "release record",
               "write_shared_facts": "shared facts", "draw_charts": "charts",
               "fact_check_stage": "fact check"}


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "CI": "1"}


def newsgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsgen", *args]


def make_data(kit, n: int) -> tuple[Path, Path] | None:
    """(areas table, data file) for `n` synthetic areas, or None if this kit's
    loader has no generator."""
    if kit.loader not in GENERATORS:
        return None
    folder = RESULTS / f"synthetic-{n}"
    areas = folder / "areas.csv"
    if not areas.exists():
        write_areas(areas, n)
    data = folder / f"{kit.loader}.csv"
    if not data.exists():
        GENERATORS[kit.loader][0](data, n)
    return areas, data


def options_for(output: Path, areas: Path, data: Path, jobs: int = 1):
    from newsgen.build import BuildOptions

    opts = BuildOptions(output=output, data_override=data, areas_file=areas, jobs=jobs,
                        keep_articles=False)
    if hasattr(opts, "charts"):
        opts.charts = False   # a chart per area is its own benchmark
    if hasattr(opts, "review_db"):
        opts.review_db = output.parent / f"{output.name}-review.db"
    return opts


def phrasing_seconds(kit, areas: Path, data: Path) -> tuple[float, int]:
    """CPU seconds spent in phrasing filters while rendering every article,
    timed by wrapping each filter; and the number of calls."""
    from newsgen.words import templates as render
    from newsgen.build import build_articles

    spent = [0.0, 0]
    clock = time.process_time

    def timed(fn):
        if hasattr(fn, "jinja_pass_arg"):   # a template helper (specific()), not phrasing
            return fn

        def wrapper(*args, **kwargs):
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += clock() - start
                spent[1] += 1
        return wrapper

    saved = dict(render.FILTERS), dict(render.GLOBALS)
    render.FILTERS.update({k: timed(v) for k, v in saved[0].items()})
    render.GLOBALS.update({k: timed(v) for k, v in saved[1].items()})
    try:
        build_articles([kit], (), data, (), areas)
    finally:
        render.FILTERS.clear(), render.FILTERS.update(saved[0])
        render.GLOBALS.clear(), render.GLOBALS.update(saved[1])
    return spent[0], spent[1]


def in_process(kit, n: int, profile: bool) -> dict:
    """One build in this process, one job, every step timed."""
    from newsgen.build import build

    areas, data = make_data(kit, n)
    out = OUTPUT / f"out-{kit.name}-{n}"
    shutil.rmtree(out, ignore_errors=True)
    profiler = None
    if profile:
        from pyinstrument import Profiler
        profiler = Profiler()
        profiler.start()
    result = build([kit], options_for(out, areas, data))
    if profiler:
        profiler.stop()
        path = RESULTS / f"profile-{kit.name}-{n}.txt"
        path.write_text(profiler.output_text(unicode=False))
        print(f"  profile: {path.relative_to(ROOT)}")
    t = result.timings
    count = result.count
    phrasing_cpu, calls = phrasing_seconds(kit, areas, data)
    steps = {}
    for name in t.wall:
        label = STAGE_NAMES.get(name, name)
        steps[label] = {"wall": round(t.wall[name], 3), "cpu": round(t.cpu[name], 3)}
    steps["render"]["phrasing_cpu"] = round(phrasing_cpu, 3)
    steps["render"]["templates_cpu"] = round(t.cpu["render"] - phrasing_cpu, 3)
    core = t.cpu["facts"] + t.cpu["render"]
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    review_db = getattr(options_for(out, areas, data), "review_db", None)
    review_size = review_db.stat().st_size if review_db and review_db.exists() else 0
    shutil.rmtree(out, ignore_errors=True)
    if review_db:
        for extra in review_db.parent.glob(review_db.name + "*"):
            extra.unlink()
    return {
        "articles": count, "files": result.files, "steps": steps,
        "output_mib": round(size / 2**20, 1), "review_db_mib": round(review_size / 2**20, 1),
        "phrasing_calls": calls,
        "facts_render_cpu": round(core, 3),
        "articles_per_second_per_core": round(count / core) if core else None,
        "ms_per_article": round(core / count * 1000, 4) if count else None,
        "build_wall": round(result.seconds, 3),
        "build_articles_per_second": round(count / result.seconds) if result.seconds else None,
    }


def cli_wall(kit, n: int, jobs: int, runs: int = 1) -> dict:
    areas, data = make_data(kit, n)
    out = OUTPUT / f"out-cli-{kit.name}-{n}"
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(newsgen("build", "--all-forces", "--story", kit.name, "--areas", str(areas),
                               "--data", str(data), "--jobs", str(jobs), "--quiet",
                               *(["--no-charts"] if _has_option("--no-charts") else []),
                               "-o", str(out)), check=True, env=env())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((time.perf_counter() - started, after.ru_utime - before.ru_utime,
                      after.ru_stime - before.ru_stime))
    shutil.rmtree(out, ignore_errors=True)
    wall = statistics.median(w for w, _, _ in times)
    user, system = (statistics.median(t[i] for t in times) for i in (1, 2))
    return {"jobs": jobs, "wall": round(wall, 3), "walls": [round(t[0], 3) for t in times],
            "cpu": round(user + system, 3), "user": round(user, 3), "sys": round(system, 3),
            "articles_per_second": round(n / wall)}


_HELP = None


def _has_option(option: str) -> bool:
    global _HELP
    if _HELP is None:
        _HELP = subprocess.run(newsgen("build", "--help"), capture_output=True, text=True,
                               env=env()).stdout
    return option in _HELP


# Peak RSS from /proc/self/status (VmHWM): getrusage's ru_maxrss survives exec,
# so a child of this (large) process would report this process's size.
PEAK = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
CHILD = f"""
import sys
try:
    from newsgen.cli.app import cli
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print("MAXRSS", {PEAK}, file=sys.stderr)
"""


def peak_memory(kit, n: int) -> dict:
    """Peak RSS (VmHWM) of a whole one-job build of `n` areas, in a fresh process."""
    areas, data = make_data(kit, n)
    out = OUTPUT / f"out-mem-{kit.name}-{n}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, "build", "--all-forces", "--story", kit.name,
                           "--areas", str(areas), "--data", str(data), "--quiet",
                           *(["--no-charts"] if _has_option("--no-charts") else []),
                           "-o", str(out)], capture_output=True, text=True, env=env())
    wall = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    kib = int(proc.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    idle = subprocess.run([sys.executable, "-c", f"import newsgen.build.run, newsgen.publish.outputs; print({PEAK})"],
                          capture_output=True, text=True, env=env(), check=True)
    return {"n": n, "peak_rss_mib": round(kib / 1024, 1),
            "imports_only_rss_mib": round(int(idle.stdout) / 1024, 1),
            "input_mib": round((areas.stat().st_size + data.stat().st_size) / 2**20, 2),
            "wall": round(wall, 2)}


def help_time(runs: int = 7) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(newsgen("--help"), check=True, stdout=subprocess.DEVNULL, env=env())
        times.append(time.perf_counter() - started)
    return {"median": round(statistics.median(times), 3), "min": round(min(times), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="areas (default 10,000)")
    parser.add_argument("--memory", default="1000,10000,50000",
                        help="N values for peak memory, comma-separated ('' to skip)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values for the CLI wall time")
    parser.add_argument("--runs", type=int, default=1, help="CLI runs per --jobs value (median)")
    parser.add_argument("--profile", action="store_true", help="also write a pyinstrument profile")
    parser.add_argument("--kit", action="append",
                        help="only these kits or stories (repeatable), e.g. ons-recorded-crime")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="folder the builds write to (default benchmarks/results; "
                             "/dev/shm leaves the disk's own time out)")
    parser.add_argument("--all-stories", action="store_true",
                        help="every story of a kit with several (default: its first story)")
    opts = parser.parse_args()
    global OUTPUT
    OUTPUT = opts.out
    OUTPUT.mkdir(parents=True, exist_ok=True)

    from newsgen.kit import find_kits, read_kits

    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average": os.getloadavg()},
              "n": opts.n, "synthetic": True, "output_folder": str(OUTPUT),
              "kits": {}, "skipped_kits": {}}
    kits = []
    for folder in find_kits():
        stories = read_kits(folder)
        chosen = [k for k in stories
                  if not opts.kit or k.name in opts.kit or folder.name in opts.kit]
        if not opts.all_stories and not (opts.kit and set(opts.kit) & {k.name for k in chosen}):
            chosen = chosen[:1]
        kits += [(folder.name, len(stories), k) for k in chosen]
    for folder_name, count, kit in kits:
        if kit.loader not in GENERATORS:
            report["skipped_kits"][kit.name] = f"no synthetic generator for loader {kit.loader!r}"
            print(f"{kit.name}: skipped (no synthetic generator for loader {kit.loader!r})")
            continue
        if count > 1:
            print(f"{folder_name}, story {kit.name} (one of its {count} stories, "
                  f"which all read one {kit.loader!r} file): {opts.n:,} synthetic areas")
        else:
            print(f"{kit.name}: {opts.n:,} synthetic areas")
        figures = in_process(kit, opts.n, opts.profile)
        for step, t in figures["steps"].items():
            extra = ""
            if "phrasing_cpu" in t:
                extra = f"  (phrasing {t['phrasing_cpu']:.3f}s, templates {t['templates_cpu']:.3f}s CPU)"
            print(f"  {step:<14} {t['wall']:8.3f}s wall {t['cpu']:8.3f}s CPU{extra}")
        print(f"  output {figures['output_mib']:,} MiB, review store {figures['review_db_mib']:,} MiB "
              f"({figures['articles']:,} articles, {figures['files']:,} files)")
        print(f"  facts + phrasing + templates: {figures['articles_per_second_per_core']:,} "
              f"articles/s per core ({figures['ms_per_article']} ms an article)")
        figures["cli"] = []
        for jobs in (int(j) for j in opts.jobs.split(",") if j):
            run = cli_wall(kit, opts.n, jobs, opts.runs)
            figures["cli"].append(run)
            print(f"  newsgen build --jobs {jobs}: {run['wall']:.2f}s wall (median of "
                  f"{', '.join(f'{w:.2f}' for w in run['walls'])}), {run['user']:.2f}s user + "
                  f"{run['sys']:.2f}s system CPU, {run['articles_per_second']:,} articles/s")
        figures["memory"] = []
        for n in (int(x) for x in opts.memory.split(",") if x):
            mem = peak_memory(kit, n)
            figures["memory"].append(mem)
            print(f"  N={n:>6,}: peak RSS {mem['peak_rss_mib']:7.1f} MiB "
                  f"(imports alone {mem['imports_only_rss_mib']} MiB, input {mem['input_mib']} MiB)")
        figures["kit"], figures["stories_in_kit"], figures["loader"] = folder_name, count, kit.loader
        report["kits"][kit.name] = figures
    report["help"] = help_time()
    print(f"newsgen --help: {report['help']['median']:.3f}s (median)")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"bench_build-{opts.n}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"figures: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
