"""CPU time of writing each article's files and syncing the review store,
part by part, on synthetic areas (made-up figures, never shipped):

- JSON: ``article.as_json()`` encoded as the article's .json file
- HTML: ``ArticleWriter.html`` (the Jinja page)
- text: ``article.text()``
- file writes: ``Staging.write`` of the three files, data made beforehand
- write_articles: the whole stage (the three above, and their writes)
- sync (new): ``ReviewStore.sync`` into a fresh store
- sync (rebuild): the same articles again, figures unchanged (a second build)
- sync (batches): the fresh and rebuild syncs in batches of 500

    .venv/bin/python benchmarks/bench_write.py                   # 2,000 areas
    .venv/bin/python benchmarks/bench_write.py --n 10000 --runs 3
    .venv/bin/python benchmarks/bench_write.py --profile json    # cProfile one part

Figures are CPU milliseconds per article (best of --runs), user and system
(the kernel's share of file writes varies a lot on a busy machine), printed
and written as JSON to benchmarks/results/.

On the 2-core machine, 2,000 areas, before and after the writing work
(orjson, os.open, the page without Jinja, batched review sync), CPU ms per
article: JSON 0.301 -> 0.040; HTML 0.041 -> 0.020; file writes (3 files)
0.111 -> 0.017 user, plus 0.27-0.30 system either way; write_articles 0.548
-> 0.104 user (0.94 -> 0.44 with system); sync new 0.307 -> 0.117; sync
rebuild unchanged 0.210 -> 0.051.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_areas, write_tidy  # noqa: E402

KIT = "child-abuse-images"
STAGED = ("file writes", "write_articles")   # parts given a fresh staging folder


def synthetic(n: int) -> tuple[Path, Path]:
    folder = RESULTS / f"synthetic-{n}"
    areas, data = folder / "areas.csv", folder / "tidy.csv"
    folder.mkdir(parents=True, exist_ok=True)
    if not areas.exists():
        write_areas(areas, n)
    if not data.exists():
        write_tidy(data, n)
    return areas, data


def _encoder():
    """What write_articles encodes an article's JSON with (before this
    change: the pure-Python encoder on as_json())."""
    from newsgen.words.article import Article
    if hasattr(Article, "json_bytes"):
        return Article.json_bytes
    from newsgen.fastjson import dumps_indented
    return lambda a: dumps_indented(a.as_json()) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="synthetic areas (default 2,000)")
    parser.add_argument("--runs", type=int, default=3, help="repeats of each part (best is kept)")
    parser.add_argument("--profile", help="cProfile this part and print the top functions")
    parser.add_argument("--label", default="", help="a name for the figures file")
    opts = parser.parse_args()

    from newsgen.build.context import BuildContext

    from newsgen.build import BuildOptions, build_articles

    from newsgen.build.stages import write_articles
    from newsgen.kit import kit_folder, read_kit
    from newsgen.review.stages import review_stage
    from newsgen.review.store import ReviewStore
    from newsgen.publish.staging import Staging

    areas, data = synthetic(opts.n)
    kit = read_kit(kit_folder(KIT))
    articles, _, writers = build_articles([kit], (), data, (), areas)
    count = len(articles)
    writer = writers[KIT]
    encode = _encoder()
    tmp = Path(tempfile.mkdtemp(prefix="bench-write-"))
    sources: dict = {}
    for article in articles:
        for fact in article.facts.facts.values():
            for s in fact.sources:
                sources.setdefault(s.file, str(Path(s.file).resolve()))
    fresh = iter(range(10**6))

    def sync_new():
        forget_fingerprints()
        with ReviewStore(tmp / f"new-{next(fresh)}.db") as store:
            store.sync(articles, sources, {})

    rebuild_db = tmp / "rebuild.db"
    with ReviewStore(rebuild_db) as store:   # the first build; also gives the extras
        store.sync(articles, sources, {})

    def sync_rebuild():
        forget_fingerprints()
        with ReviewStore(rebuild_db) as store:
            store.sync(articles, sources, {})

    def batches(path):
        forget_fingerprints()
        with ReviewStore(path) as store:
            for i in range(0, count, 500):
                store.sync(articles[i:i + 500], sources, {})

    def sync_new_batches():
        batches(tmp / f"new-{next(fresh)}.db")

    def sync_rebuild_batches():
        batches(rebuild_db)

    def json_part():
        for a in articles:
            encode(a)

    def html_part():
        for a in articles:
            writer.html(a)

    def text_part():
        for a in articles:
            a.text()

    payload = [(f"{KIT}/{a.slug}.{ext}", data)
               for a in articles[:count]
               for ext, data in (("txt", a.text()), ("html", writer.html(a)), ("json", encode(a)))]

    def writes_part(staging):
        for relative, data in payload:
            staging.write(relative, data)

    def stage_part(staging):
        write_articles(BuildContext(articles, writers, staging, BuildOptions(output=staging.target)))

    def forget_fingerprints():
        """As in a build, where the review stage is the first to ask."""
        for a in articles:
            a.__dict__.pop("_fingerprint", None)

    parts = {"json": json_part, "html": html_part, "text": text_part, "file writes": writes_part,
             "write_articles": stage_part, "sync (new)": sync_new,
             "sync (rebuild unchanged)": sync_rebuild, "sync (new, batches of 500)": sync_new_batches,
             "sync (rebuild, batches of 500)": sync_rebuild_batches}
    _ = review_stage   # (the stage itself: ReviewStore.sync plus collecting sources)
    try:
        if opts.profile:
            profiler = cProfile.Profile()
            staging = Staging(tmp / "profiled") if opts.profile in STAGED else None
            profiler.runcall(parts[opts.profile], *((staging,) if staging else ()))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            return
        figures = {}
        print(f"{count:,} articles; CPU ms per article (best of {opts.runs}): total = user + system")
        for name, fn in parts.items():
            best = None
            for _ in range(opts.runs):
                staging = Staging(tmp / f"out-{next(fresh)}") if name in STAGED else None
                args = (staging,) if staging else ()
                before = resource.getrusage(resource.RUSAGE_SELF)
                fn(*args)
                after = resource.getrusage(resource.RUSAGE_SELF)
                if staging:
                    staging.abandon()   # (not timed)
                user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
                if best is None or user + system < sum(best):
                    best = (user, system)
            ms = [round(x / count * 1000, 4) for x in (sum(best), *best)]
            figures[name] = dict(zip(("cpu", "user", "system"), ms))
            print(f"{name:<32} {ms[0]:8.4f} = {ms[1]:8.4f} + {ms[2]:8.4f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"bench_write-{opts.n}{'-' + opts.label if opts.label else ''}-{stamp}.json"
    path.write_text(json.dumps({"n": opts.n, "articles": count, "synthetic": True,
                                "ms_cpu_per_article": figures}, indent=2) + "\n")
    print(f"figures: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
