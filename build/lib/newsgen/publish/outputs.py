"""The publishing stages: versions, ninjs items and feeds, so the feeds and
ninjs agree on every version.

`publish_articles` runs with each batch of areas: the versions of its
released stories, a ninjs item per story, and each area's own feed (RSS and
Atom). `publish_feeds` runs once every batch is done: the version manifest
and the feeds that gather many areas (all stories, each region, each
outlet), which carry their newest FEED_LIMIT items, as a feed of a
newsroom's output does; an area's own feed carries all of its stories.
"""

from __future__ import annotations

from newsgen.publish.feeds import (DEFAULT_BASE_URL, FEED_PATH, entry_order, force_feed, gathering_feeds, is_public,
                    remembered_content, render_feed)
from newsgen.publish.ninjs import NINJS_PATH, ninjs_json
from newsgen.publish.versions import MANIFEST, manifest_json, next_version, unreleased_version

FEED_LIMIT = 500   # items in a feed that gathers many areas: the newest


def publish_articles(ctx) -> None:
    """Article stage: versions, ninjs/ and the batch's areas' feeds/."""
    state, options = ctx.state, ctx.options
    # Only released stories are versioned: a draft an editor is still working on
    # is not a version, so the first text that goes out is version 1 and each
    # approved correction after it the next.
    versions = {a.key: next_version(a, state.previous.get(a.key), state.now)
                for a in ctx.articles if a.released}
    ctx.out.versions.update(versions)
    for article in ctx.articles:
        version = versions.get(article.key) or unreleased_version(article)
        ctx.staging.write(NINJS_PATH.format(kit=article.kit, slug=article.slug),
                          ninjs_json(article, version, _base_url(options)))
    public = [a for a in ctx.articles if is_public(a, state.now)]
    # An empty feed is dated by the data too: the latest release in the build.
    fallback = max([state.fallback, *(a.release for a in ctx.articles)])
    _write_feeds(ctx, [force_feed(force, public) for force in ctx.forces], versions, fallback)
    ctx.out.public += public


def publish_feeds(ctx) -> None:
    """Final stage: the version manifest, and the feeds that gather many areas."""
    versions = {**ctx.state.previous, **ctx.totals.versions}
    ctx.staging.write(MANIFEST, manifest_json(versions))
    _write_feeds(ctx, ctx.totals.gathered.feeds(versions), versions, ctx.state.fallback)


def _write_feeds(ctx, feeds: list, versions: dict, fallback) -> None:
    articles = {id(a): a for feed in feeds for a in feed.articles}
    sizes = _chart_sizes(ctx, articles.values())
    with remembered_content():
        for feed in feeds:
            for ext, data in render_feed(feed, versions, _base_url(ctx.options), fallback,
                                         sizes).items():
                ctx.staging.write(FEED_PATH.format(name=feed.name, ext=ext), data)


class Gatherer:
    """The feeds that gather many areas, filled batch by batch; each keeps
    only its newest FEED_LIMIT items, so memory does not grow with the areas."""

    def __init__(self, forces: list, outlets: list):
        self._feeds = gathering_feeds(forces, outlets)

    def add(self, articles: list, versions: dict) -> None:
        for feed, slugs in self._feeds:
            feed.articles += [a for a in articles if slugs is None or a.slug in slugs]
            if len(feed.articles) > 2 * FEED_LIMIT:
                feed.articles = entry_order(feed.articles, versions)[:FEED_LIMIT]

    def feeds(self, versions: dict) -> list:
        for feed, _ in self._feeds:
            feed.articles = entry_order(feed.articles, versions)[:FEED_LIMIT]
        return [feed for feed, _ in self._feeds]


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


def _base_url(options) -> str:
    return options.base_url or DEFAULT_BASE_URL
