"""The public tree's files: what `newsgen serve` and outlets see.

Each public story has its page, text, JSON and charts at the same paths as
its draft (``<kit>/<slug>.html`` ...) and a ninjs item; a new version's
files are the draft's own bytes, linked from the drafts tree; a version
that stays is linked from the public tree the last build left, so its
bytes never change; a withdrawn story keeps only a notice page. Each file's
modification time is its version's time, so `newsgen serve` answers
If-Modified-Since from the content, not from when a build ran.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsgen.publish.entries import NEW, Entry
from newsgen.publish.ninjs import ninjs_json
from newsgen.publish.notices import withdrawal_page
from newsgen.paths import ARTICLE_PATH, NINJS_PATH, SHARED_FACTS_FILE

ARTICLE_FILES = ("html", "txt", "json")
MARKER = ".newsgen-public.json"       # what this tree is, and the address it was built for


def stamp(entry: Entry) -> float:
    return entry.version.updated.timestamp()


def article_files(entry: Entry) -> list[str]:
    """The paths of a released story's files in either tree: page, text,
    JSON, and its charts' SVG and PNG."""
    a = entry.article
    paths = [ARTICLE_PATH.format(kit=a.kit, slug=a.slug, ext=ext) for ext in ARTICLE_FILES]
    for chart in a.extras.get("charts", []):
        paths += [chart[fmt] for fmt in ("svg", "png") if isinstance(chart, dict) and chart.get(fmt)]
    return paths


def put_files(ctx, entry: Entry, old_public: Path) -> bool:
    """Stage the entry's files in the public tree; False if a version that
    stays has no files in the last public tree to keep (it was removed)."""
    a = entry.article
    if entry.version.withdrawn:   # only the notice: nothing of the story stays readable
        page = withdrawal_page(a, entry.version.updated, entry.version.note)
        ctx.public.write(ARTICLE_PATH.format(kit=a.kit, slug=a.slug, ext="html"), page,
                         stamp(entry))
        return True
    if entry.action == NEW:
        for path in article_files(entry):
            ctx.public.link(ctx.drafts.root / path, path, stamp(entry))
        return True
    # KEEP: the very files outlets have; their times are already the version's
    found = [ctx.public.link(old_public / path, path) for path in article_files(entry)]
    return found[0]


def put_ninjs(ctx, entry: Entry, base_url: str) -> None:
    a = entry.article
    ctx.public.write(NINJS_PATH.format(kit=a.kit, slug=a.slug),
                     ninjs_json(a, entry.version, base_url), stamp(entry))


def put_shared_facts(ctx, stories_new: set[str], stories_out: set[str], old_public: Path) -> None:
    """Each story's shared facts file (newsgen.facts.shared), which its
    articles' JSON cite: the build's when it released a version of the
    story, else the one outlets have."""
    for story in sorted(stories_out):
        path = f"{story}/{SHARED_FACTS_FILE}"
        if story in stories_new or not ctx.public.link(old_public / path, path):
            ctx.public.link(ctx.drafts.root / path, path)


def put_marker(ctx, base_url: str) -> None:
    ctx.public.write(MARKER, json.dumps({"format": 1, "base_url": base_url}) + "\n")


def read_marker(folder: Path) -> dict | None:
    """The public tree's marker, if `folder` is one."""
    try:
        return json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

