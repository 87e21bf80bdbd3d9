"""Server time of the review page at scale: a store of 50,000 synthetic
drafts (benchmarks.synthetic.write_drafts: made-up areas, figures and
editors, labelled synthetic), and the queue page, a search, a filtered and
sorted page, a deep page, the activity page and a story's page timed through
ReviewApp.handle (no network): median and worst wall time of 20 each, and
the median CPU time (steadier when others load the machine). A page slower
than 2 s is timed 3 times only.

    .venv/bin/python benchmarks/bench_review.py [--drafts 50000] [--runs 20] [--db PATH]
    .venv/bin/python benchmarks/bench_review.py --shipped   # sync and pages, shipped data

--db keeps the store (built once if missing) for another run.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write_drafts  # noqa: E402
from newsgen.review.store import ReviewStore  # noqa: E402
from newsgen.review.web import ReviewApp  # noqa: E402

HEADERS = {"Host": "127.0.0.1"}
SLOW = 2.0   # seconds: a page this slow is timed SLOW_RUNS times only
SLOW_RUNS = 3


def timed(fn, runs):
    """Wall time (median, worst) and CPU time (median: steadier on a busy machine)."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if times[0] > SLOW and len(times) >= SLOW_RUNS:
            break
    return (f"median {statistics.median(times) * 1000:7.1f} ms, worst {max(times) * 1000:7.1f} ms"
            f", CPU {statistics.median(cpu) * 1000:7.1f} ms ({len(times)} runs)")


def page(app, target, runs, label):
    response = app.handle("GET", target, HEADERS, b"")
    size = len(response.body.encode("utf-8")) if isinstance(response.body, str) else 0
    if response.status != 200:
        print(f"{label:<34} {target}: status {response.status}, not timed")
        return
    result = timed(lambda: app.handle("GET", target, HEADERS, b""), runs)
    print(f"{label:<34} {result}; {size / 1000:,.0f} kB  {target}")


def at_scale(n: int, runs: int, db: Path) -> None:
    if not db.exists():
        started = time.perf_counter()
        with ReviewStore(db) as store:
            logged = write_drafts(store, n)
        print(f"wrote {n:,} synthetic drafts and {logged:,} log rows in "
              f"{time.perf_counter() - started:.1f} s ({db.stat().st_size / 1e6:,.0f} MB)")
    started = time.perf_counter()
    with ReviewStore(db) as store:   # a store of the schema before: migrated here, once
        count = store.db.execute("SELECT count(*) FROM drafts").fetchone()[0]
        story = store.db.execute("SELECT kit || '?period=' || period FROM drafts "
                                 "ORDER BY id DESC LIMIT 1").fetchone()[0]
    print(f"opened the store ({count:,} drafts) in {time.perf_counter() - started:.2f} s")
    app = ReviewApp(db)
    page(app, "/", runs, "queue, first page")
    page(app, "/?page=500", runs, "queue, page 500")
    page(app, "/?q=burglary", runs, "search, a word in 1 draft in 6")
    page(app, "/?q=offences", runs, "search, a word in every draft")
    page(app, "/?q=%22synthetic+area+00007%22", runs, "search, a phrase")
    page(app, "/?status=draft&flag=big-change&sort=updated&order=desc", runs,
         "filtered (status, flag) + sorted")
    page(app, "/?force=Synthetic+Area+00042&sort=story", runs, "force filter + sorted")
    page(app, "/?sort=flags&order=desc&page=3", runs, "sorted by flags, page 3")
    page(app, "/activity", runs, "activity, first page")
    page(app, "/activity?editor=Synthetic+Editor+Ada&page=4", runs, "activity, an editor, page 4")
    page(app, f"/story/{story}", runs, "story view (one story, period)")


def shipped(runs: int) -> None:
    """Sync of the shipped articles into a fresh and an existing store, and
    the queue and a draft page over them."""
    from newsgen.build import build_articles
    from newsgen.kit import find_kits, read_kits
    kits = [k for f in find_kits() for k in read_kits(f) if not k.on_demand]   # as --all-forces
    articles, _, _ = build_articles(kits)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = iter(range(10**6))

        def sync_fresh():
            with ReviewStore(Path(tmp) / f"fresh-{next(fresh)}.db") as store:
                store.sync(articles)

        db = Path(tmp) / "review.db"
        with ReviewStore(db) as store:
            store.sync(articles)

        def sync_again():
            with ReviewStore(db) as store:
                store.sync(articles)

        print(f"sync {len(articles)} articles into a new store: {timed(sync_fresh, runs)}")
        print(f"sync {len(articles)} articles, unchanged:       {timed(sync_again, runs)}")
        app = ReviewApp(db)
        page(app, "/", runs, "queue page")
        page(app, "/draft/4", runs, "draft page (numbers linked)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--drafts", type=int, default=50_000)
    parser.add_argument("--db", type=Path, help="keep the synthetic store here")
    parser.add_argument("--shipped", action="store_true", help="the shipped data's sync and pages")
    args = parser.parse_args()
    if args.shipped:
        shipped(args.runs)
    elif args.db:
        at_scale(args.drafts, args.runs, args.db)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            at_scale(args.drafts, args.runs, Path(tmp) / "review.db")


if __name__ == "__main__":
    main()
