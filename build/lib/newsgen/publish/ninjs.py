"""Each story as an IPTC ninjs 2.2 news item (JSON), the form news agencies
deliver through their APIs: ``ninjs/<kit>/<slug>.json``.

The uri is the feed guid, so an item and its feed entry are the same story;
version and versioncreated come from the version manifest. A story that is
not released is written with pubstatus "withheld"; an embargoed one carries
its embargo time.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from newsgen.words.article import Article
from newsgen.fastjson import dumps_indented
from newsgen.publish.feeds import (AUTHOR, LANGUAGE, article_url, byline, charts, content_html, guid,
                    item_updated, output_url)
from newsgen.sources.outlets import slugify as _slugify
from newsgen.publish.versions import Version


NINJS_PATH = "ninjs/{kit}/{slug}.json"
SCHEMA_URL = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
DIGITAL_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"
IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


# Topics and regions repeat across thousands of items: slug each once.
slugify = lru_cache(maxsize=1024)(_slugify)


def stamp(moment: datetime) -> str:
    """RFC 3339 with the offset, as ninjs date-times need."""
    return moment.isoformat()


def _renditions(article: Article, base_url: str) -> list[dict]:
    return [{"name": "html", "href": article_url(base_url, article),
             "contenttype": "text/html", "title": article.headline}]


def _associations(article: Article, base_url: str) -> list[dict]:
    """Charts, each a graphic with a rendition per file format."""
    out = []
    for i, chart in enumerate(charts(article), start=1):
        renditions = [{"name": fmt, "href": output_url(base_url, chart[fmt]),
                       "contenttype": IMAGE_TYPES[fmt]}
                      for fmt in ("png", "svg") if chart.get(fmt)]
        if not renditions:
            continue
        item = {"name": f"chart{i}", "uri": f"{guid(article)}:chart{i}", "type": "graphic",
                "renditions": renditions}
        if chart.get("alt"):
            item["descriptions"] = [{"role": "alt", "contenttype": "text/plain",
                                     "value": chart["alt"]}]
        out.append(item)
    return out


def ninjs_item(article: Article, version: Version, base_url: str) -> dict:
    body_text = "\n\n".join([article.standfirst, *article.paragraphs])
    body_html = content_html(article, base_url)
    chars, words = len(body_text), len(body_text.split())
    item = {
        "standard": {"name": "ninjs", "version": "2.2", "schema": SCHEMA_URL},
        "uri": guid(article),
        "type": "text",
        "representationtype": "full",
        "profile": "newsgen-article",
        "version": str(version.number),
        "firstcreated": stamp(version.created),
        "versioncreated": stamp(item_updated(article, version)),
        "contentcreated": stamp(article.release),
        "pubstatus": "usable" if article.released else "withheld",
        "language": LANGUAGE,
        "slugline": f"{article.kit}-{article.slug}",
        "title": f"{article.kit_title}: {article.area_label}, {article.period}",
        "by": AUTHOR,
        "located": article.area,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.headline}],
        "descriptions": [{"role": "summary", "contenttype": "text/plain",
                          "value": article.standfirst}],
        "bodies": [
            {"role": "main", "contenttype": "text/html", "value": body_html,
             "charcount": chars, "wordcount": words},
            {"role": "main", "contenttype": "text/plain", "value": body_text,
             "charcount": chars, "wordcount": words},
        ],
        "ednote": "\n\n".join([byline(article), *article.notes]),
        "subjects": [
            {"name": article.topic, "rel": "about", "literal": f"topic:{slugify(article.topic)}"},
            {"name": article.kit_title, "rel": "about", "literal": f"story:{article.kit}"},
            {"name": article.area_label, "rel": "about", "literal": f"force:{article.slug}"},
        ],
        "organisations": [
            {"name": article.area_label, "rel": "about", "literal": f"force:{article.slug}"},
        ],
        "places": [
            {"name": article.area, "rel": "about", "literal": f"force-area:{article.slug}"},
            {"name": article.region, "rel": "within",
             "literal": f"region:{slugify(article.region)}"},
        ],
        "infosources": [_source(article)],
        "digitalsourcetype": {"name": "Created by an algorithm from data",
                              "uri": DIGITAL_SOURCE},
        "altids": [{"role": "key", "value": article.key},
                   {"role": "fingerprint", "value": article.fingerprint}],
        "renditions": _renditions(article, base_url),
    }
    if article.embargo is not None:
        item["embargoed"] = stamp(article.embargo)
    associations = _associations(article, base_url)
    if associations:
        item["associations"] = associations
    return item


def _source(article: Article) -> dict:
    source = {"name": article.source["name"], "role": "originator"}
    if article.source.get("url"):
        source["uri"] = article.source["url"]
    return source


def ninjs_json(article: Article, version: Version, base_url: str) -> str:
    """The item as JSON text: the same as ``json.dumps(item, indent=2,
    ensure_ascii=False)`` (newsgen.fastjson, by orjson)."""
    return dumps_indented(ninjs_item(article, version, base_url)) + "\n"


