"""Each story as an IPTC ninjs 2.2 news item (JSON), the form news agencies
deliver through their APIs: ``ninjs/<kit>/<slug>.json``.

The uri is the feed guid, so an item and its feed entry are the same story;
version and versioncreated come from the story's release record. Only the
public tree has ninjs items: a released story is "usable" (a correction
says what it corrected in its ednote and at the top of its body); a
withdrawn one is "canceled", with the withdrawal notice in place of the
story. An item that was embargoed carries its embargo time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import lru_cache

from newsgen.fastjson import dumps_indented
from newsgen.publish.feeds import (AUTHOR, LANGUAGE, article_url, byline, charts, content_html,
                                   correction_html, guid, item_updated, output_url)
from newsgen.publish.notices import correction_line, withdrawal_text, withdrawal_title
from newsgen.publish.versions import Version
from newsgen.sources.outlets import slugify as _slugify
from newsgen.words.article import Article


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
    if version.withdrawn:
        return _canceled(ninjs_item(article, replace(version, kind="release", note=""),
                                    base_url), article, version)
    body_text = "\n\n".join([article.standfirst, *article.paragraphs])
    body_html = correction_html(version) + content_html(article, base_url)
    chars, words = len(body_text), len(body_text.split())
    ednote = [byline(article), *article.notes]
    if version.note:   # what a correction corrected
        ednote.insert(0, correction_line(version.number, version.updated, version.note))
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
        "pubstatus": "usable",
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
        "ednote": "\n\n".join(ednote),
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


def _canceled(item: dict, article: Article, version: Version) -> dict:
    """The item of a withdrawn story: the same uri, the next version,
    pubstatus "canceled", and the notice in place of every word of it."""
    notice = withdrawal_text(article, version.updated, version.note)
    item.update(version=str(version.number), versioncreated=stamp(item_updated(article, version)),
                pubstatus="canceled", ednote=notice,
                headlines=[{"role": "main", "contenttype": "text/plain",
                            "value": withdrawal_title(article)}],
                descriptions=[{"role": "summary", "contenttype": "text/plain", "value": notice}],
                bodies=[{"role": "main", "contenttype": "text/plain", "value": notice,
                         "charcount": len(notice), "wordcount": len(notice.split())}])
    item["renditions"][0]["title"] = withdrawal_title(article)
    item.pop("associations", None)
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


