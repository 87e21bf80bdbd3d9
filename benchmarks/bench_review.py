"""Time of the review stage and the review page on the shipped data:
syncing every article into a fresh and an existing store, and serving the
queue and a draft page.

    .venv/bin/python benchmarks/bench_review.py [--runs 20]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgen.build import build_articles  # noqa: E402
from newsgen.kit import find_kits, read_kit  # noqa: E402
from newsgen.review.store import ReviewStore  # noqa: E402
from newsgen.review.web import ReviewApp  # noqa: E402


def timed(fn, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    articles, _, _ = build_articles([read_kit(f) for f in find_kits()])
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
        headers = {"Host": "127.0.0.1"}
        print(f"queue page:                          "
              f"{timed(lambda: app.handle('GET', '/', headers, b''), runs)}")
        print(f"draft page (numbers linked):         "
              f"{timed(lambda: app.handle('GET', '/draft/4', headers, b''), runs)}")


if __name__ == "__main__":
    main()
