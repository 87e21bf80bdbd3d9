"""CPU cost of writing feeds and ninjs, per area and per item.

Builds the articles of N synthetic areas once (benchmarks/synthetic.py; made-up
figures), then times, in CPU seconds (`time.process_time`):

- empty: every article a draft, so each area's feed pair (RSS + Atom) is
  empty; per area = one `render_feed` of its force feed + one `ninjs_json`;
- items: every article approved; per-area feeds with one item each, plus the
  region, outlet and all-stories feeds (each article in four or more feeds);
  the figure is CPU per item written (an item = one article in one feed, in
  both formats);
- the publishing stages of a real build (`publish_articles` and
  `publish_feeds`, newsgen.build.run) both ways, with `--build`.

    .venv/bin/python benchmarks/bench_feed_items.py [--n 2000] [--build] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_areas, write_tidy  # noqa: E402
from newsgen.build import stages as build_module  # noqa: E402
from newsgen.build import build as run_build  # noqa: E402
from newsgen.build import BuildOptions, build_articles, select_forces  # noqa: E402
from newsgen.publish.feeds import (Feed, force_feed, gathering_feeds,  # noqa: E402
                           remembered_content, render_feed)
from newsgen.sources.forces import load_forces  # noqa: E402
from newsgen.kit import kit_folder, read_kit  # noqa: E402
from newsgen.publish.ninjs import ninjs_json  # noqa: E402
from newsgen.sources.outlets import load_outlets  # noqa: E402
from newsgen.publish.versions import Version, content_digest  # noqa: E402

NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)
BASE = "http://127.0.0.1:8000"


def cpu(fn, repeat: int = 3) -> float:
    """The least CPU time of `repeat` runs: other processes on a shared
    machine only ever add to it."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def every_feed(public: list, forces: list, outlets: list) -> list[Feed]:
    """Each area's feed and every gathering feed with all its stories (the
    build keeps only the newest FEED_LIMIT in a gathering feed; here all, to
    weigh items)."""
    by_area: dict[str, list] = {}
    for article in public:
        by_area.setdefault(article.slug, []).append(article)
    feeds = [force_feed(force, by_area.get(force.slug, [])) for force in forces]
    for feed, slugs in gathering_feeds(forces, outlets):
        feed.articles = [a for a in public if slugs is None or a.slug in slugs]
        feeds.append(feed)
    return feeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--build", action="store_true",
                        help="also time the publishing stages of two whole builds")
    parser.add_argument("--profile", action="store_true")
    opts = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    areas = write_areas(tmp / "areas.csv", opts.n)
    tidy = write_tidy(tmp / "tidy.csv", opts.n)
    articles, _, _ = build_articles([read_kit(kit_folder("child-abuse-images"))],
                                          data_override=tidy, areas_file=areas)
    table = load_forces(areas)
    forces = select_forces(table, ())
    outlets = load_outlets(forces=load_forces())
    versions = {a.key: Version(content_digest(a), 1, a.release, a.release) for a in articles}
    fallback = max(a.release for a in articles)
    print(f"{len(articles)} articles, {len(forces)} areas")

    # Empty feeds: one force feed pair + one ninjs per area.
    empty = [Feed(f.slug, f"newsgen: {f.label}", f"Data stories about the {f.label} area.")
             for f in forces]

    def empty_run():
        for feed in empty:
            render_feed(feed, versions, BASE, fallback, {})
        for article in articles:
            ninjs_json(article, versions[article.key], BASE)

    def feeds_only():
        for feed in empty:
            render_feed(feed, versions, BASE, fallback, {})

    def ninjs_only():
        for article in articles:
            ninjs_json(article, versions[article.key], BASE)

    for article in articles:
        article.status = "approved"
    plans = every_feed([a for a in articles if a.released and (a.embargo is None or a.embargo <= NOW)],
                       forces, outlets)
    items = sum(len(f.articles) for f in plans)

    def items_run():
        with remembered_content():
            for feed in plans:
                render_feed(feed, versions, BASE, fallback, {})

    empty_plans = [Feed(f.name, f.title, f.description) for f in plans]

    def empty_plans_run():
        for feed in empty_plans:
            render_feed(feed, versions, BASE, fallback, {})

    def publish_run(status) -> float:
        """CPU of the publishing stages in a whole build of the N areas."""
        def set_status(ctx):
            for article in ctx.articles:
                article.status = status
        stages = build_module.STAGES
        at = [f.__name__ for f in stages].index("publish_articles")
        build_module.STAGES = [*stages[:at], set_status, *stages[at:]]
        try:
            with tempfile.TemporaryDirectory() as out:
                result = run_build(
                    [read_kit(kit_folder("child-abuse-images"))],
                    BuildOptions(output=Path(out) / "o", data_override=tidy, areas_file=areas,
                                 charts=False, now=NOW))
        finally:
            build_module.STAGES = stages
        return result.timings.cpu["publish_articles"] + result.timings.cpu["publish_feeds"]

    for article in articles:
        article.status = "draft"
    t_feeds, t_ninjs = cpu(feeds_only), cpu(ninjs_only)
    print(f"empty: {1000 * (t_feeds + t_ninjs) / len(forces):.3f} ms CPU per area "
          f"(feed pair {1000 * t_feeds / len(forces):.3f} ms, "
          f"ninjs {1000 * t_ninjs / len(articles):.3f} ms)")
    for article in articles:
        article.status = "approved"
    t_items, t_frame = cpu(items_run), cpu(empty_plans_run)
    print(f"items: {items} items in {len(plans)} feeds: {t_items:.2f}s CPU, "
          f"{1000 * (t_items - t_frame) / items:.3f} ms per item over the empty feeds' "
          f"{t_frame:.2f}s")
    if opts.build:
        print(f"publishing stages of a build, all drafts: {publish_run('draft'):.2f}s CPU; "
              f"all approved: {publish_run('approved'):.2f}s CPU")
    if opts.profile:
        for name, fn in (("empty", empty_run), ("items", items_run)):
            prof = cProfile.Profile()
            prof.runcall(fn)
            print(f"--- profile: {name}")
            pstats.Stats(prof).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
