"""RSS 2.0 and Atom feeds of the stories editors released, for outlets.

A feed per force, per region, per outlet (the forces in data/outlets.csv) and
one of everything: ``feeds/<force>.xml`` and ``.atom``,
``feeds/regions/<region>.xml``, ``feeds/outlets/<outlet>.xml``,
``feeds/all.xml``. Only released stories whose embargo has passed go in.
Every time in a feed comes from the data or the version manifest
(newsgen/versions.py), never the clock, and entries are sorted before they
are added, so the same input gives the same bytes.

Charts: an article may carry ``extras["charts"]``, a list of dicts with
``png`` and/or ``svg`` paths relative to the output folder and ``alt`` text;
the first PNG becomes the item's enclosure and each chart a figure in the
content.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .article import Article
from .outlets import Outlet, slugify
from .versions import Version

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
FEED_PATH = "feeds/{name}.{ext}"          # name: "derbyshire", "regions/wales", "all"
FORMATS = (("xml", "rss"), ("atom", "atom"))
AUTHOR = "newsgen"
LANGUAGE = "en-GB"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"


def guid(article: Article) -> str:
    """The same story, force and period always give the same identifier,
    whatever the base URL or the wording."""
    return f"urn:newsgen:{article.kit}:{article.slug}:{article.period}"


def article_url(base_url: str, article: Article) -> str:
    return f"{base_url.rstrip('/')}/{article.kit}/{article.slug}.html"


def output_url(base_url: str, relative: str) -> str:
    return f"{base_url.rstrip('/')}/{relative.lstrip('/')}"


def is_public(article: Article, now: datetime) -> bool:
    """Released by an editor (or the kit), and past any embargo."""
    return article.released and (article.embargo is None or article.embargo <= now)


def byline(article: Article) -> str:
    """Who wrote it and how: a line every item carries."""
    if article.status in ("approved", "published"):
        return f"Written automatically by {AUTHOR} from official figures and checked by an editor."
    # Released by the kit's auto_release setting, which an editor set for the kit.
    return (f"Written automatically by {AUTHOR} from official figures; "
            "an editor checked and released the story kit it comes from.")


def source_credit(article: Article) -> str:
    url = article.source.get("url") or ""
    return f"Source: {article.source['credit']}" + (f" {url}" if url else "")


def charts(article: Article) -> list[dict]:
    return [c for c in article.extras.get("charts", []) if isinstance(c, dict)]


_content_memo: dict | None = None   # content_html by (id(article), base_url), see below


@contextmanager
def remembered_content():
    """Within this block each article's content_html is made once, not once
    per feed and format it appears in (seven times, for most articles)."""
    global _content_memo
    outer, _content_memo = _content_memo, {}
    try:
        yield
    finally:
        _content_memo = outer


def content_html(article: Article, base_url: str) -> str:
    """The whole article as an HTML fragment for content:encoded."""
    if _content_memo is None:
        return _content_html(article, base_url)
    key = (id(article), base_url)
    text = _content_memo.get(key)
    if text is None:
        text = _content_memo[key] = _content_html(article, base_url)
    return text


def _content_html(article: Article, base_url: str) -> str:
    def e(text: str) -> str:  # text and double-quoted attributes
        return html.escape(text, quote=False).replace('"', "&quot;")

    out = [f'<p class="byline">By {e(AUTHOR)}. {e(byline(article))}</p>',
           f'<p class="standfirst"><strong>{e(article.standfirst)}</strong></p>']
    for chart in charts(article):
        image = chart.get("png") or chart.get("svg")
        if image:
            out.append(f'<figure><img src="{e(output_url(base_url, image))}" '
                       f'alt="{e(chart.get("alt", ""))}"></figure>')
    out += [f"<p>{e(p)}</p>" for p in article.paragraphs]
    source = article.source
    credit = e(source["credit"])
    if source.get("url"):
        credit += f' <a href="{e(source["url"])}">{e(source["url"])}</a>'
    out.append(f'<p class="credit">Source: {credit}</p>')
    notes = [n for n in article.notes if not n.startswith("Source:")]
    if notes:
        out.append('<aside class="notes-to-editors"><h2>Notes to editors</h2>'
                   + "".join(f"<p>{e(n)}</p>" for n in notes) + "</aside>")
    return "\n".join(out)


def categories(article: Article) -> list[dict]:
    return [
        {"term": article.topic, "scheme": "urn:newsgen:topic"},
        {"term": article.area, "scheme": "urn:newsgen:force", "label": article.area},
        {"term": article.region, "scheme": "urn:newsgen:region", "label": article.region},
    ]


@dataclass
class Feed:
    name: str              # file name under feeds/, without extension
    title: str
    description: str
    articles: list[Article] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"urn:newsgen:feed:{self.name.replace('/', ':')}"


def force_feed(force, articles: list[Article]) -> Feed:
    """An area's own feed (written even with no stories yet, so its address
    stays valid)."""
    return Feed(force.slug, f"newsgen: {force.label}", f"Data stories about the {force.label} area.",
                [a for a in articles if a.slug == force.slug])


def gathering_feeds(forces: list, outlets: list[Outlet]) -> list[tuple[Feed, set[str] | None]]:
    """The feeds that gather many areas, each with the area slugs it takes
    (None: every area), still without articles: one of everything, one per
    region of the chosen areas, one per outlet covering any of them."""
    feeds: list[tuple[Feed, set[str] | None]] = [(Feed(
        "all", "newsgen: all stories",
        "Every data story newsgen has released, for every police force area."), None)]
    for region in sorted({f.region for f in forces}):
        feeds.append((Feed(f"regions/{slugify(region)}", f"newsgen: {region}",
                           f"Data stories about the police force areas of {region}."),
                      {f.slug for f in forces if f.region == region}))
    chosen = {f.slug for f in forces}
    for outlet in outlets:
        covered = [f for f in outlet.forces if f.slug in chosen]
        if covered:
            names = ", ".join(f.label for f in covered)
            feeds.append((Feed(f"outlets/{outlet.slug}", f"newsgen for {outlet.name}",
                               f"Data stories for {outlet.name}: {names}."),
                          {f.slug for f in covered}))
    return feeds


def _extension_classes():
    """A feedgen extension for what RSS 2.0 lacks: the byline (dc:creator),
    the updated time (dcterms:modified) and the source credit (dc:source)."""
    from feedgen.ext.base import BaseEntryExtension, BaseExtension
    from feedgen.util import xml_elem

    class NewsgenExtension(BaseExtension):
        def extend_ns(self):
            return {"dc": DC, "dcterms": DCTERMS}

    class NewsgenEntryExtension(BaseEntryExtension):
        def __init__(self):
            self.creator = self.modified = self.source = None
            self.links: list[dict] = []

        def extend_rss(self, item):
            xml_elem(f"{{{DC}}}creator", item).text = self.creator
            xml_elem(f"{{{DCTERMS}}}modified", item).text = self.modified.isoformat()
            xml_elem(f"{{{DC}}}source", item).text = self.source
            return item

        def extend_atom(self, entry):
            # feedgen 1.0 drops rel, type and length from an Atom entry's
            # links (a shadowed variable); put them back.
            by_href = {link["href"]: link for link in self.links}
            for elem in entry.iter("link", "{http://www.w3.org/2005/Atom}link"):
                for name in ("rel", "type", "length"):
                    value = by_href.get(elem.get("href"), {}).get(name)
                    if value and not elem.get(name):
                        elem.set(name, value)
            xml_elem(f"{{{DC}}}source", entry).text = self.source
            return entry

    return NewsgenExtension, NewsgenEntryExtension


def item_updated(article: Article, version: Version) -> datetime:
    """When the item last changed: its version's time, never before its release."""
    return max(version.updated, article.release)


def entry_order(articles: list[Article], versions: dict[str, Version]) -> list[Article]:
    """Newest first; ties by key, so the order never depends on input order."""
    ordered = sorted(articles, key=lambda a: a.key)
    return sorted(ordered, key=lambda a: (item_updated(a, versions[a.key]), a.release),
                  reverse=True)


def render_feed(feed: Feed, versions: dict[str, Version], base_url: str,
                fallback_time: datetime, sizes: dict[str, int] | None = None) -> dict[str, bytes]:
    """The feed as {"xml": RSS 2.0 bytes, "atom": Atom bytes}."""
    return {ext: _generate(feed, versions, base_url, fallback_time, sizes or {}, ext, kind)
            for ext, kind in FORMATS}


def _generate(feed: Feed, versions: dict[str, Version], base_url: str,
              fallback_time: datetime, sizes: dict[str, int], ext: str, kind: str) -> bytes:
    from feedgen.feed import FeedGenerator

    feed_ext, entry_ext = _extension_classes()
    fg = FeedGenerator()
    fg.register_extension("newsgen", feed_ext, entry_ext)
    fg.id(feed.id)
    fg.title(feed.title)
    fg.description(feed.description)
    fg.subtitle(feed.description)
    fg.author({"name": AUTHOR})
    fg.language(LANGUAGE)
    fg.generator(AUTHOR)
    # feedgen takes the RSS channel's <link> from the last link given.
    fg.link(href=output_url(base_url, FEED_PATH.format(name=feed.name, ext=ext)), rel="self")
    fg.link(href=output_url(base_url, ""), rel="alternate")
    entries = entry_order(feed.articles, versions)
    # The feed changed when its newest item did: a time from the data, not the clock.
    newest = max((item_updated(a, versions[a.key]) for a in entries), default=fallback_time)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for article in entries:
        version = versions[article.key]
        fe = fg.add_entry(order="append")
        fe.guid(guid(article), permalink=False)
        fe.title(article.headline)
        link = {"href": article_url(base_url, article), "rel": "alternate", "type": "text/html"}
        fe.link(**link)
        fe.newsgen.links.append(link)
        fe.published(article.release)
        fe.updated(item_updated(article, version))
        fe.content(content_html(article, base_url), type="html")
        fe.description(article.standfirst, isSummary=True)
        fe.category(categories(article))
        fe.author({"name": AUTHOR})
        fe.newsgen.creator = AUTHOR
        fe.newsgen.modified = item_updated(article, version)
        fe.newsgen.source = source_credit(article)
        pngs = [c["png"] for c in charts(article) if c.get("png")]
        if pngs:
            enclosure = {"href": output_url(base_url, pngs[0]), "rel": "enclosure",
                         "type": "image/png", "length": str(sizes.get(pngs[0], 0))}
            fe.enclosure(enclosure["href"], enclosure["length"], enclosure["type"])
            fe.newsgen.links.append(enclosure)
    return fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)
