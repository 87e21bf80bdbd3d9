"""The publishing stages: the public tree, its ninjs items and its feeds,
from what editors released (newsgen.publish.entries decides), so the
page, the feeds and ninjs agree on every version.

`publish_articles` runs with each batch of areas: each story of the
batch's areas gets its public entry (a new version from this build's
draft, the version outlets have, or its withdrawal), its files, its ninjs
item, and each area's own feed (RSS and Atom). `publish_feeds` runs once
every batch is done: the feeds that gather many areas (all stories, each
region, each outlet), which carry their newest FEED_LIMIT items, as a feed
of a newsroom's output does; an area's own feed carries all its stories.
The versions that went out are recorded in the review store only once the
build's output is in place (newsgen.review.stages).
"""

from __future__ import annotations

from dataclasses import replace

from newsgen.publish.entries import KEEP, NEW, NONE, WITHDRAW, Entry, decide
from newsgen.publish.feeds import (DEFAULT_BASE_URL, FEED_PATH, entry_order, feed_updated,
                                   force_feed, gathering_feeds, remembered_content, render_feed)
from newsgen.publish.notices import correction_note, reissue_note
from newsgen.publish.public import put_files, put_marker, put_ninjs, put_shared_facts
from newsgen.publish.versions import frame_digest, next_version, withdrawal
from newsgen.review.releases import AUTO, UNCHANGED, Release
from newsgen.review.sync import desk_text
from newsgen.sources.forces import Force
from newsgen.words.article import Article

FEED_LIMIT = 500   # items in a feed that gathers many areas: the newest


def publish_articles(ctx) -> None:
    """Article stage: the public entries of the batch's areas, their files
    and ninjs items, and the areas' own feeds."""
    state = ctx.state
    built = {a.key: a for a in ctx.articles}
    actions: dict[str, str] = {}
    for article in ctx.articles:
        live = state.live.get(article.key)
        actions[article.key] = decide(
            article.status, live, state.now, auto_release=article.auto_release,
            embargo=article.embargo,
            changed=lambda a=article, v=live: frame_digest(a.frame()) != v.digest)
    for force in ctx.forces:   # stories out whose article this build did not make
        for key in state.keys_by_slug.get(force.slug, ()):
            if key not in built:
                actions[key] = decide(state.released[key].status, state.live[key], state.now,
                                      built=False)
    needed = [k for k, action in actions.items() if action != NONE and k in state.live
              and (action != NEW or not state.live[k].withdrawn)]
    frames = state.frames(needed)
    entries = []
    for key, action in actions.items():
        if action == NONE:
            continue
        if action == NEW and _as_outlets_have_it(state, built[key]):
            # approved as it went out (an edit undone, say): nothing new to send
            live = state.live[key]
            ctx.out.released.append(_record(key, replace(live, kind=UNCHANGED), _by(ctx, key),
                                            {}, "", ctx.out.review_plan.get(key)))
            entries.append(Entry(Article.from_frame(frames[key]), live, KEEP))
        elif action == NEW:
            entries.append(_release(ctx, built[key], frames.get(key)))
        elif action == WITHDRAW:
            entries.append(_withdraw(ctx, key, frames[key]))
        else:
            entries.append(Entry(Article.from_frame(frames[key]), state.live[key], KEEP))
    base_url = _base_url(ctx.options)
    old_public = ctx.old_public
    for entry in entries:
        if not put_files(ctx, entry, old_public) and not _files_from_draft(ctx, entry, built):
            ctx.out.warnings.append(
                f"{entry.key}: version {entry.version.number} is out, but its files are missing "
                f"from {old_public}; its feed item and ninjs stay, its page is gone")
        put_ninjs(ctx, entry, base_url)
    versions = {e.key: e.version for e in entries}
    ctx.out.versions.update(versions)
    public = [e.article for e in entries]
    # An empty feed is dated by the data too: the latest release in the build.
    fallback = max([state.fallback, *(a.release for a in ctx.articles)])
    _write_feeds(ctx, [force_feed(force, public) for force in ctx.forces], versions, fallback)
    ctx.out.public += public


def _as_outlets_have_it(state, article: Article) -> bool:
    live = state.live.get(article.key)
    return live is not None and not live.withdrawn and \
        frame_digest(article.frame()) == live.digest


def _by(ctx, key: str) -> str:
    """Who released the story: the editor who approved it, or the kit."""
    desk = ctx.out.review_plan.get(key)
    return desk.by if desk is not None and desk.status in ("approved", "published") else AUTO


def _release(ctx, article: Article, old_frame: dict | None) -> Entry:
    """The article goes out as the story's next version, saying what it corrects."""
    state = ctx.state
    live = state.live.get(article.key)
    frame = article.frame()
    if old_frame is not None:
        note = correction_note(Article.from_frame(old_frame), article)
    else:
        note = reissue_note(live.updated) if live is not None else ""
    version = next_version(article, live, state.now, note, frame_digest(frame))
    ctx.out.released.append(_record(article.key, version, _by(ctx, article.key), frame,
                                    desk_text(article), ctx.out.review_plan.get(article.key)))
    return Entry(article, version, NEW)


def _withdraw(ctx, key: str, frame: dict) -> Entry:
    """The story outlets have is withdrawn: the next version says so, and why."""
    state = ctx.state
    desk = ctx.out.review_plan.get(key)
    released = state.released[key]
    reason = desk.reason if desk is not None else released.reason
    by = desk.by if desk is not None else released.desk_by
    article = Article.from_frame(frame)
    version = withdrawal(state.live[key], state.now, reason)
    ctx.out.released.append(_record(key, version, by, frame, article.text(), desk, released))
    return Entry(article, version, WITHDRAW)


def _record(key, version, by, frame, text, desk, released=None) -> Release:
    draft_id = desk.draft_id if desk is not None else (released.draft_id if released else None)
    revision = desk.revision if desk is not None else (released.revision if released else None)
    return Release(key, version.number, version.kind, version.updated.isoformat(),
                   version.created.isoformat(), by, version.note, version.digest, frame, text,
                   draft_id, revision)


def _files_from_draft(ctx, entry: Entry, built: dict) -> bool:
    """A version that stays but whose files are gone from the last public
    tree: the draft's files, if this build's article is that very version."""
    article = built.get(entry.key)
    if article is None or frame_digest(article.frame()) != entry.version.digest:
        return False
    return put_files(ctx, Entry(article, entry.version, NEW), ctx.old_public)


def publish_feeds(ctx) -> None:
    """Final stage: the feeds that gather many areas, the shared facts the
    public articles cite, and the public tree's marker."""
    versions = ctx.totals.versions
    _write_feeds(ctx, ctx.totals.gathered.feeds(versions), versions, ctx.state.fallback)
    out = {key.split("/", 1)[0] for key, v in versions.items() if not v.withdrawn}
    new = {r.key.split("/", 1)[0] for r in ctx.totals.released if r.kind != "withdrawal"}
    put_shared_facts(ctx, new, out, ctx.old_public)
    put_marker(ctx, _base_url(ctx.options))


def outside_areas(forces: list[Force], table, state) -> list[Force]:
    """Areas outside this build (a build of fewer forces, an area gone from
    the data) with stories out: their public entries stay, so their own
    feeds are written too (newsgen.build.batches)."""
    chosen = {f.slug for f in forces}
    slugs = sorted(s for s in state.keys_by_slug if s not in chosen)
    missing = [state.keys_by_slug[s][0] for s in slugs if s not in table.by_slug]
    frames = state.frames(missing) if missing else {}
    areas = []
    for slug in slugs:
        force = table.by_slug.get(slug)
        if force is None:   # not in this table of areas: as the story described it
            frame = frames.get(state.keys_by_slug[slug][0])
            if frame is None:
                continue
            force = Force(frame["area"], slug, frame["area_label"], frame["region"], "", None,
                          False)
        areas.append(force)
    return areas


def _write_feeds(ctx, feeds: list, versions: dict, fallback) -> None:
    articles = {id(a): a for feed in feeds for a in feed.articles}
    sizes = _chart_sizes(ctx, articles.values())
    base_url = _base_url(ctx.options)
    with remembered_content():
        for feed in feeds:
            when = feed_updated(feed, versions, fallback).timestamp()
            for ext, data in render_feed(feed, versions, base_url, fallback, sizes).items():
                ctx.public.write(FEED_PATH.format(name=feed.name, ext=ext), data, when)


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
    """Byte sizes of the public charts' PNGs, for enclosures."""
    sizes = {}
    for article in articles:
        for chart in article.extras.get("charts", []):
            png = chart.get("png") if isinstance(chart, dict) else None
            path = ctx.public.root / png if png else None
            if path is not None and path.is_file():
                sizes[png] = path.stat().st_size
    return sizes


def _base_url(options) -> str:
    return options.base_url or DEFAULT_BASE_URL
