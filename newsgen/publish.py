"""The publishing stage: versions, feeds and ninjs items for the build's
articles. One stage, so the feeds and ninjs agree on every version."""

from __future__ import annotations

from datetime import datetime, timezone

from .feeds import (DEFAULT_BASE_URL, EPOCH, FEED_PATH, is_public, plan_feeds,
                    remembered_content, render_feed)
from .ninjs import NINJS_PATH, ninjs_json
from .outlets import load_outlets
from .parallel import map_chunks
from .progress import SILENT
from .versions import (MANIFEST, Version, content_digest, manifest_json, read_manifest,
                       track_versions)


def publish(ctx) -> None:
    """Stage: feeds/ (RSS and Atom), ninjs/, and the version manifest."""
    from .build import select_forces
    from .forces import load_forces

    options = ctx.options
    now = options.now or datetime.now(timezone.utc)
    base_url = getattr(options, "base_url", None) or DEFAULT_BASE_URL
    # Only released stories are versioned: a draft an editor is still working on
    # is not a version, so the first text that goes out is version 1 and each
    # approved correction after it the next.
    released = [a for a in ctx.articles if a.released]
    versions = track_versions(released, read_manifest(options.output), options.now)
    ctx.staging.write(MANIFEST, manifest_json(versions))

    jobs, progress = getattr(options, "jobs", 1), getattr(options, "progress", SILENT)

    def ninjs_chunk(articles, start, stop) -> int:
        before = ctx.staging.count
        for article in articles[start:stop]:
            version = versions.get(article.key) or \
                Version(content_digest(article), 1, article.release, article.release)
            ctx.staging.write(NINJS_PATH.format(kit=article.kit, slug=article.slug),
                              ninjs_json(article, version, base_url))
        return ctx.staging.count - before

    before = ctx.staging.count
    with progress.bar("ninjs", len(ctx.articles)) as bar:
        written = map_chunks(ninjs_chunk, ctx.articles, jobs, bar)
    ctx.staging.count = before + sum(written)

    table = load_forces()   # outlets.csv names police forces
    areas = getattr(options, "areas_file", None)
    forces = select_forces(load_forces(areas) if areas else table, options.force_names)
    public = [a for a in ctx.articles if is_public(a, now)]
    # An empty feed is dated by the data too: the latest release in the build.
    fallback = max((a.release for a in ctx.articles), default=EPOCH)
    sizes = _chart_sizes(ctx, public)
    plans = plan_feeds(public, forces, load_outlets(forces=table))

    def feed_chunk(feeds, start, stop) -> int:
        before = ctx.staging.count
        with remembered_content():
            for feed in feeds[start:stop]:
                for ext, data in render_feed(feed, versions, base_url, fallback, sizes).items():
                    ctx.staging.write(FEED_PATH.format(name=feed.name, ext=ext), data)
        return ctx.staging.count - before

    # Feeds are independent of each other: with --jobs N, N processes write them.
    before = ctx.staging.count
    with progress.bar("feeds", len(plans)) as bar:
        written = map_chunks(feed_chunk, plans, jobs, bar)
    ctx.staging.count = before + sum(written)


def _chart_sizes(ctx, articles) -> dict[str, int]:
    """Byte sizes of chart PNGs an earlier stage staged, for enclosures."""
    sizes = {}
    for article in articles:
        for chart in article.extras.get("charts", []):
            png = chart.get("png") if isinstance(chart, dict) else None
            path = ctx.staging.root / png if png else None
            if path is not None and path.is_file():
                sizes[png] = path.stat().st_size
    return sizes
