"""The feeds as newsgen wrote them with feedgen (lxml) before its own writer
(newsgen/publish/feeds.py) took over: the reference the tests hold the writer to,
byte for byte. This is the code that was in newsgen/publish/feeds.py, unchanged but
for its imports; feedgen is not used by newsgen itself any more."""

from __future__ import annotations

import html
from datetime import datetime

from newsgen.words.article import Article
from newsgen.publish.feeds import (AUTHOR, DC, DCTERMS, FEED_PATH, FORMATS, LANGUAGE, Feed, article_url,
                           byline, categories, charts, entry_order, guid,
                           item_updated, output_url, source_credit)
from newsgen.publish.versions import Version



def render_feed(feed: Feed, versions: dict[str, Version], base_url: str,
                fallback_time: datetime, sizes: dict[str, int] | None = None) -> dict[str, bytes]:
    """The feed as {"xml": RSS 2.0 bytes, "atom": Atom bytes}."""
    return {ext: _generate(feed, versions, base_url, fallback_time, sizes or {}, ext, kind)
            for ext, kind in FORMATS}

def content_html_reference(article: Article, base_url: str) -> str:
    """content_html as it was written before its escaping was done in one pass."""
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
        fe.content(content_html_reference(article, base_url), type="html")
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
