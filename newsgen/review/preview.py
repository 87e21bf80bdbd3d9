"""A draft as it will be published, made by the publish stage's own
writers: the public article page (the kit's ArticleWriter), the item every
feed carrying it will have (newsgen.publish.feeds.render_feed), and which
feeds those are: the area's own, its region's, the one of everything, and
each outlet's in data/outlets.csv that covers the area (feeds.gathering_feeds).

The draft's text is the editor's current one, as approved; the rest (its
release time, source, charts) comes from the draft's JSON the last build
wrote, so there is no preview until a build has written it.
"""

from __future__ import annotations

import json
import threading
from xml.etree import ElementTree
from datetime import datetime, timezone
from pathlib import Path

from newsgen.errors import NewsgenError
from newsgen.paths import DRAFTS, FEED_PATH
from newsgen.review.drafts import current_text, parse_text
from newsgen.sources.outlets import OUTLETS_FILE, load_outlets

# The address feed links are shown with when the review page does not know
# the one the build publishes under (newsgen build --base-url).
CONTENT = "http://purl.org/rss/1.0/modules/content/"
PREVIEW_NOTE = "Links are shown on the default address; the published ones use the site's."


class Preview:
    def __init__(self, output: Path):
        self.output = Path(output)
        self._writers: dict[str, object] = {}   # kit name -> ArticleWriter (1 s to load a kit)
        self._lock = threading.Lock()
        self._tables = None                     # (forces, outlets), read once

    def document(self, row) -> dict | None:
        """The JSON the last build wrote for this draft, or None when it wrote
        none (or one of other figures than the draft's)."""
        from newsgen.publish.staging import safe_join
        try:
            doc = json.loads(safe_join(self.output / DRAFTS, f"{row['kit']}/{row['slug']}.json")
                             .read_text(encoding="utf-8"))
        except (ValueError, OSError):
            return None
        if not isinstance(doc, dict) or doc.get("fingerprint") != row["fingerprint"]:
            return None
        return doc

    def article(self, row):
        """The article this draft goes out as once approved, or None when the
        last build wrote no JSON for it (or one of other figures)."""
        from newsgen.words.article import Article
        doc = self.document(row)
        if doc is None:
            return None
        text = parse_text(current_text(row))
        frame = {"kit": doc["kit"], "kit_title": doc["title"], "topic": doc["topic"],
                 "slug": doc["slug"], "area": doc["force"], "area_label": doc["force_label"],
                 "region": doc["region"], "period": doc["period"], "headline": text.headline,
                 "standfirst": text.standfirst, "paragraphs": text.paragraphs,
                 "notes": text.notes, "source": doc["source"],
                 "illustrative": doc["illustrative"], "auto_release": False,
                 "release": doc["release"], "embargo": doc["embargo"], "reviewed": True,
                 "fingerprint": doc["fingerprint"], "charts": doc.get("charts") or []}
        article = Article.from_frame(frame)
        article.status = "approved"
        # approved, it goes out as the story's next version (a correction once out)
        article.version = row["published_version"] + 1
        return article

    def feeds(self, row, article) -> dict:
        """The feeds that will carry the article, the item they carry
        (RSS, as bytes the publish stage would write), and the outlets."""
        from newsgen.publish.feeds import (DEFAULT_BASE_URL, Feed, force_feed, gathering_feeds,
                                           render_feed)
        from newsgen.publish.versions import next_version
        try:
            forces, outlets = self.tables()
        except NewsgenError as exc:   # a bad outlets.csv: said here, the draft page still works
            return {"problem": str(exc), "feeds": [], "outlets": []}
        force = forces.by_slug.get(row["slug"])
        if force is None:
            return {"problem": f"{row['force']} is not in the force table: no feed is known "
                               "to carry it", "feeds": [], "outlets": []}
        now = datetime.now(timezone.utc)
        version = next_version(article, None, now, "" if article.version == 1 else
                               "(the note saying what it corrects is written at publishing)")
        chosen = [force_feed(force, [article])] + [feed for feed, _ in gathering_feeds([force], outlets)]
        listed, items = [], set()
        for feed in chosen:
            carried = Feed(feed.name, feed.title, feed.description, [article])
            rss = render_feed(carried, {article.key: version}, DEFAULT_BASE_URL, now)["xml"]
            text = rss.decode("utf-8")
            items.add(text[text.index("    <item>"):text.index("    </item>") + 12])
            listed.append({"name": feed.name, "title": feed.title,
                           "path": FEED_PATH.format(name=feed.name, ext="xml"),
                           "item": _item(rss)})
        covering = [o for o in outlets if force in o.forces]
        return {"feeds": listed, "outlets": covering, "item": listed[0]["item"],
                "same": len(items) == 1, "source": items.pop(), "note": PREVIEW_NOTE}

    def page(self, article) -> str:
        """The public article page, as the build writes it."""
        return self.writer(article.kit).html(article)

    def writer(self, kit: str):
        with self._lock:
            if kit not in self._writers:
                from newsgen.kit import kit_folder, read_kit
                from newsgen.words.writer import ArticleWriter
                try:
                    self._writers[kit] = ArticleWriter(read_kit(kit_folder(kit)))
                except NewsgenError as exc:
                    raise NewsgenError(f"no preview of the article page: {exc}") from None
            return self._writers[kit]

    def tables(self):
        if self._tables is None:
            from newsgen.sources.forces import load_forces
            forces = load_forces()
            self._tables = (forces, load_outlets(OUTLETS_FILE, forces=forces))
        return self._tables


def _item(rss: bytes) -> dict:
    """A feed's one item as a feed reader shows it: title, link, summary and
    content (HTML the feed writer made, every data value escaped by it)."""
    from markupsafe import Markup
    item = ElementTree.fromstring(rss).find("channel/item")
    return {"title": item.findtext("title"), "link": item.findtext("link"),
            "summary": item.findtext("description"),
            "content": Markup(item.findtext(f"{{{CONTENT}}}encoded") or ""),
            "categories": [c.text for c in item.findall("category")]}
