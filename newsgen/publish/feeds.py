"""RSS 2.0 and Atom feeds of the stories editors released, for outlets.

A feed per force, per region, per outlet (the forces in data/outlets.csv) and
one of everything: ``feeds/<force>.xml`` and ``.atom``,
``feeds/regions/<region>.xml``, ``feeds/outlets/<outlet>.xml``,
``feeds/all.xml``. Only the public tree's stories go in (newsgen.publish.entries):
released ones past their embargo, a correction under the story's guid with
a line saying what was corrected, and a withdrawn story as a withdrawal
notice under the same guid. Every time in a feed comes from the data or a
version's record (newsgen/publish/versions.py), and entries are sorted
before they are added, so the same input gives the same bytes.

Charts: an article may carry ``extras["charts"]``, a list of dicts with
``png`` and/or ``svg`` paths relative to the output folder and ``alt`` text;
the first PNG becomes the item's enclosure and each chart a figure in the
content.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from newsgen.publish.notices import correction_line, withdrawal_text, withdrawal_title
from newsgen.publish.versions import Version
from newsgen.sources.outlets import Outlet, slugify
from newsgen.words.article import Article
from newsgen.paths import FEED_PATH

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
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
_item_memo: dict | None = None      # feed items by article, base URL, version and chart size


@contextmanager
def remembered_content():
    """Within this block each article's content_html, and its RSS item and
    Atom entry, are made once, not once per feed and format the article
    appears in (seven times, for most articles). Articles must not change
    within the block."""
    global _content_memo, _item_memo
    outer = _content_memo, _item_memo
    _content_memo, _item_memo = {}, {}
    try:
        yield
    finally:
        _content_memo, _item_memo = outer


def content_html(article: Article, base_url: str) -> str:
    """The whole article as an HTML fragment for content:encoded."""
    if _content_memo is None:
        return _content_html(article, base_url)
    key = (id(article), base_url)
    hit = _content_memo.get(key)
    if hit is None or hit[0] is not article:   # (an id is reused only once its article is gone)
        hit = _content_memo[key] = (article, _content_html(article, base_url))
    return hit[1]


def _escape(text: str) -> str:   # text and double-quoted attributes
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _content_html(article: Article, base_url: str) -> str:
    e = _escape
    out = [f'<p class="byline">By {e(AUTHOR)}. {e(byline(article))}</p>',
           f'<p class="standfirst"><strong>{e(article.standfirst)}</strong></p>']
    for chart in charts(article):
        image = chart.get("png") or chart.get("svg")
        if image:
            out.append(f'<figure><img src="{e(output_url(base_url, image))}" '
                       f'alt="{e(chart.get("alt", ""))}"></figure>')
    out += _paragraphs(article.paragraphs)
    source = article.source
    credit = e(source["credit"])
    if source.get("url"):
        credit += f' <a href="{e(source["url"])}">{e(source["url"])}</a>'
    out.append(f'<p class="credit">Source: {credit}</p>')
    notes = [n for n in article.notes if not n.startswith("Source:")]
    if notes:
        out.append('<aside class="notes-to-editors"><h2>Notes to editors</h2>'
                   + "".join(_paragraphs(notes)) + "</aside>")
    return "\n".join(out)


def _paragraphs(texts: list[str]) -> list[str]:
    """Each text as <p>, escaped in one pass over them all (NUL, which no
    text can carry into XML, marks where one ends)."""
    joined = "\0".join(texts)
    if not texts or joined.count("\0") != len(texts) - 1:
        return [f"<p>{_escape(t)}</p>" for t in texts]
    return ("<p>" + _escape(joined).replace("\0", "</p>\0<p>") + "</p>").split("\0")


def correction_html(version: Version) -> str:
    """The line a corrected (or re-released) story starts with; '' for a first release."""
    if not version.note or version.withdrawn:
        return ""
    line = correction_line(version.number, version.updated, version.note)
    return f'<p class="correction"><strong>{_escape(line)}</strong></p>\n'


def categories(article: Article, version: Version | None = None) -> list[dict]:
    cats = [
        {"term": article.topic, "scheme": "urn:newsgen:topic"},
        {"term": article.area, "scheme": "urn:newsgen:force", "label": article.area},
        {"term": article.region, "scheme": "urn:newsgen:region", "label": article.region},
    ]
    if version is not None and version.kind != "release":   # machine-readable: what this is
        cats.append({"term": "withdrawn" if version.withdrawn else "corrected",
                     "scheme": "urn:newsgen:status"})
    return cats


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
    return Feed(force.slug, f"newsgen: {force.house_label}",
                f"Data stories about the {force.house_label} area.",
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
            names = ", ".join(f.house_label for f in covered)
            feeds.append((Feed(f"outlets/{outlet.slug}", f"newsgen for {outlet.name}",
                               f"Data stories for {outlet.name}: {names}."),
                          {f.slug for f in covered}))
    return feeds


def item_updated(article: Article, version: Version) -> datetime:
    """When the item last changed: its version's time, never before its release."""
    return max(version.updated, article.release)


def feed_updated(feed: Feed, versions: dict[str, Version], fallback: datetime) -> datetime:
    """When the feed changed: when its newest item did (a time from the data
    or a version's record, not the clock)."""
    return max((item_updated(a, versions[a.key]) for a in feed.articles), default=fallback)


def entry_order(articles: list[Article], versions: dict[str, Version]) -> list[Article]:
    """Newest first; ties by key, so the order never depends on input order."""
    ordered = sorted(articles, key=lambda a: a.key)
    return sorted(ordered, key=lambda a: (item_updated(a, versions[a.key]), a.release),
                  reverse=True)


# --- RSS 2.0 and Atom, written directly -------------------------------------
#
# The feeds are written as text, not built as an element tree: the bytes are
# exactly those feedgen (on lxml, pretty-printed) wrote for the same feed,
# which tests/feedgen_reference.py keeps and tests/test_feed_writer.py holds
# this writer to. Building the tree cost about 0.3 ms a feed and 0.3 ms an
# item; here an empty feed pair costs a few microseconds, and an item is
# written once per build (see remembered_content) however many feeds carry it.

RSS_DOCS = "http://www.rssboard.org/rss-specification"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
_NAMESPACES = f'xmlns:dc="{DC}" xmlns:dcterms="{DCTERMS}"'
_RSS_OPEN = (XML_DECLARATION + f'<rss {_NAMESPACES} xmlns:atom="http://www.w3.org/2005/Atom" '
             'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">\n'
             "  <channel>\n")
_RSS_CLOSE = b"  </channel>\n</rss>\n"
_ATOM_OPEN = (XML_DECLARATION + f'<feed {_NAMESPACES} xmlns="http://www.w3.org/2005/Atom" '
              f'xml:lang="{LANGUAGE}">\n')
_ATOM_CLOSE = b"</feed>\n"

# What XML 1.0 cannot carry: lxml refused these, and so does this writer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _checked(text: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, "
                         f"no NULL bytes or control characters: {text[:60]!r}")
    return text


def xml_text(text: str) -> str:
    """Element content, escaped as libxml2 writes it."""
    return (_checked(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def xml_attr(text: str) -> str:
    """A double-quoted attribute value, escaped as libxml2 writes it."""
    return (xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


def rfc822(moment: datetime) -> str:
    """RSS dates: 'Tue, 18 Sep 2018 00:01:00 +0100', in English whatever the
    locale; the same text as strftime('%a, %d %b %Y %H:%M:%S %z') in the C locale."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment}: a feed time needs a UTC offset")
    minutes, rest = divmod(offset.days * 86400 + offset.seconds, 60)
    if rest or offset.microseconds or moment.year < 1000:   # rare: strftime's own forms
        zone, year = moment.strftime("%z"), moment.strftime("%Y")
    else:
        sign = "-" if minutes < 0 else "+"
        zone, year = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}", moment.year
    return (f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} {year} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} {zone}")


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"{moment}: a feed time needs a UTC offset")
    return moment.isoformat()


def render_feed(feed: Feed, versions: dict[str, Version], base_url: str,
                fallback_time: datetime, sizes: dict[str, int] | None = None) -> dict[str, bytes]:
    """The feed as {"xml": RSS 2.0 bytes, "atom": Atom bytes}."""
    sizes = sizes or {}
    entries = entry_order(feed.articles, versions)
    newest = feed_updated(feed, versions, fallback_time)
    items = [_item(article, versions[article.key], base_url, sizes) for article in entries]
    home = xml_text(output_url(base_url, ""))
    title, description = xml_text(feed.title), xml_text(feed.description)
    if not feed.title or not feed.description:
        raise ValueError(f"feed {feed.name}: a feed needs a title and a description")
    rss_self = xml_attr(output_url(base_url, FEED_PATH.format(name=feed.name, ext="xml")))
    rss = (f"{_RSS_OPEN}"
           f"    <title>{title}</title>\n"
           f"    <link>{home}</link>\n"
           f"    <description>{description}</description>\n"
           f'    <atom:link href="{rss_self}" rel="self"/>\n'
           f"    <docs>{RSS_DOCS}</docs>\n"
           f"    <generator>{AUTHOR}</generator>\n"
           f"    <language>{LANGUAGE}</language>\n"
           f"    <lastBuildDate>{rfc822(newest)}</lastBuildDate>\n").encode()
    atom_self = xml_attr(output_url(base_url, FEED_PATH.format(name=feed.name, ext="atom")))
    atom = (f"{_ATOM_OPEN}"
            f"  <id>{xml_text(feed.id)}</id>\n"
            f"  <title>{title}</title>\n"
            f"  <updated>{_stamp(newest)}</updated>\n"
            f"  <author>\n    <name>{AUTHOR}</name>\n  </author>\n"
            f'  <link href="{atom_self}" rel="self"/>\n'
            f'  <link href="{xml_attr(output_url(base_url, ""))}" rel="alternate"/>\n'
            f"  <generator>{AUTHOR}</generator>\n"
            f"  <subtitle>{description}</subtitle>\n").encode()
    return {"xml": b"".join([rss, *(i[0] for i in items), _RSS_CLOSE]),
            "atom": b"".join([atom, *(i[1] for i in items), _ATOM_CLOSE])}


def _item(article: Article, version: Version, base_url: str,
          sizes: dict[str, int]) -> tuple[bytes, bytes]:
    """The article's RSS <item> and Atom <entry>, made once per build within
    remembered_content(): the same in every feed that carries the article."""
    pngs = [c["png"] for c in charts(article) if c.get("png")]
    size = sizes.get(pngs[0], 0) if pngs else None
    if _item_memo is None:
        return _item_xml(article, version, base_url, pngs, size)
    key = (id(article), base_url, version, size)
    hit = _item_memo.get(key)
    if hit is None or hit[0] is not article:
        hit = _item_memo[key] = (article, _item_xml(article, version, base_url, pngs, size))
    return hit[1]


def _item_xml(article: Article, version: Version, base_url: str, pngs: list[str],
              size: int | None) -> tuple[bytes, bytes]:
    if not article.headline:
        raise ValueError(f"{article.key}: a feed item needs a headline")
    url = article_url(base_url, article)
    if version.withdrawn:   # the notice, and nothing of the story
        notice = withdrawal_text(article, version.updated, version.note)
        title, standfirst = xml_text(withdrawal_title(article)), xml_text(notice)
        content = xml_text(f'<p class="withdrawn"><strong>{_escape(notice)}</strong></p>')
        pngs = []
    else:
        title, standfirst = xml_text(article.headline), xml_text(article.standfirst)
        content = xml_text(correction_html(version) + content_html(article, base_url))
    ident = xml_text(guid(article))
    updated = _stamp(item_updated(article, version))
    cats = categories(article, version)
    credit = xml_text(source_credit(article))
    enclosure = output_url(base_url, pngs[0]) if pngs else None

    rss = [f"    <item>\n      <title>{title}</title>\n      <link>{xml_text(url)}</link>\n"]
    if standfirst:
        rss.append(f"      <description>{standfirst}</description>\n"
                   f"      <content:encoded>{content}</content:encoded>\n")
    else:   # feedgen's rule: the content stands in for a missing description
        rss.append(f"      <description>{content}</description>\n")
    rss.append(f'      <guid isPermaLink="false">{ident}</guid>\n')
    for cat in cats:
        value = xml_text(cat.get("label", cat["term"]))
        rss.append(f'      <category domain="{xml_attr(cat["scheme"])}">{value}</category>\n')
    if enclosure is not None:
        rss.append(f'      <enclosure url="{xml_attr(enclosure)}" length="{size}" '
                   'type="image/png"/>\n')
    rss.append(f"      <pubDate>{rfc822(article.release)}</pubDate>\n"
               f"      <dc:creator>{AUTHOR}</dc:creator>\n"
               f"      <dcterms:modified>{updated}</dcterms:modified>\n"
               f"      <dc:source>{credit}</dc:source>\n"
               "    </item>\n")

    atom = [f"  <entry>\n    <id>{ident}</id>\n    <title>{title}</title>\n"
            f"    <updated>{updated}</updated>\n"
            f"    <author>\n      <name>{AUTHOR}</name>\n    </author>\n"
            f'    <content type="html">{content}</content>\n'
            f'    <link href="{xml_attr(url)}" rel="alternate" type="text/html"/>\n']
    if enclosure is not None:
        atom.append(f'    <link href="{xml_attr(enclosure)}" rel="enclosure" type="image/png" '
                    f'length="{size}"/>\n')
    atom.append(f"    <summary>{standfirst}</summary>\n" if standfirst else "    <summary/>\n")
    for cat in cats:
        label = f' label="{xml_attr(cat["label"])}"' if cat.get("label") else ""
        atom.append(f'    <category term="{xml_attr(cat["term"])}" '
                    f'scheme="{xml_attr(cat["scheme"])}"{label}/>\n')
    atom.append(f"    <published>{_stamp(article.release)}</published>\n"
                f"    <dc:source>{credit}</dc:source>\n"
                "  </entry>\n")
    return "".join(rss).encode(), "".join(atom).encode()
