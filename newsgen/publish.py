"""The publishing stage: versions, feeds and ninjs items for the build's
articles. One stage, so the feeds and ninjs agree on every version."""

from __future__ import annotations

from datetime import datetime, timezone

from .feeds import DEFAULT_BASE_URL, EPOCH, FEED_PATH, is_public, plan_feeds, render_feed
from .ninjs import NINJS_PATH, ninjs_json
from .outlets import load_outlets
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

    for article in ctx.articles:
        version = versions.get(article.key) or \
            Version(content_digest(article), 1, article.release, article.release)
        ctx.staging.write(NINJS_PATH.format(kit=article.kit, slug=article.slug),
                          ninjs_json(article, version, base_url))

    table = load_forces()
    forces = select_forces(table, options.force_names)
    public = [a for a in ctx.articles if is_public(a, now)]
    # An empty feed is dated by the data too: the latest release in the build.
    fallback = max((a.release for a in ctx.articles), default=EPOCH)
    sizes = _chart_sizes(ctx, public)
    for feed in plan_feeds(public, forces, load_outlets(forces=table)):
        for ext, data in render_feed(feed, versions, base_url, fallback, sizes).items():
            ctx.staging.write(FEED_PATH.format(name=feed.name, ext=ext), data)


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
