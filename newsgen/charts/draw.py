"""Charts: one picture per article, drawn from that article's own figures.

A chart is first described as plain data (a spec: title, labels and the exact
figures), built from the article's facts; the spec is recorded in the article
JSON, then drawn to SVG and PNG with fixed fonts and settings, so the same
figures give the same bytes.

A kit chooses its chart in kit.toml (``[chart] type = "..."``); without that
the type follows from the facts the article has.

What a chart shows is worked out in `spec`; `picture` draws it (`layout`
places the marks, `svg` writes them, `raster` paints the PNG, in well under a
millisecond a chart, so in this process). This module is the build stage: it
draws every article's chart, or links the last build's files when nothing
that decides the bytes changed.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from newsgen.charts.picture import HEIGHT_IN, PNG_DPI, WIDTH_IN, render
from newsgen.charts.spec import chart_setting, chart_spec, choose_type
from newsgen.paths import CHART_PATH

# The modules whose code decides a chart's bytes, in the order they are hashed:
# a chart module that makes or draws the spec belongs here (this one only hands
# specs to `picture.render` and files the bytes).
DRAWING_CODE = ("spec.py", "layout.py", "svg.py", "raster.py", "fonts.py", "picture.py")
FONT_FILES = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")


@functools.cache
def renderer_version() -> str:
    """What besides the spec decides the bytes: the code of `DRAWING_CODE`,
    the fonts, and the libraries that draw and compress (by version)."""
    from newsgen.charts.raster import versions

    code = hashlib.sha256()
    here = Path(__file__).parent
    for name in DRAWING_CODE + FONT_FILES:
        data = (here / name).read_bytes()
        code.update(f"{name}\0{len(data)}\0".encode() + data)
    return f"{code.hexdigest()[:16]}/{versions()}"


def spec_digest(spec: dict, renderer: str) -> str:
    import json

    payload = json.dumps([renderer, spec], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_TAIL = 16384   # bytes at the end of an article's JSON that hold its chart record, as a rule


def previous_drawing(drafts, article, digest: str) -> dict | None:
    """The last build's record of this chart (in its drafts tree), if drawn
    from the same spec by the same code and its files are unchanged since:
    drawing is deterministic, so they are the files a new drawing would give."""
    import orjson

    folder = f"{drafts}/{article.kit}/{article.slug}"
    try:
        # read and parse from the top-level "charts" key (indented two spaces;
        # after the facts, see Article.json_bytes) to the end, as an object of
        # the keys from there on: not every fact with its sources, nine tenths
        # of a series article's bytes. Anything unexpected is just a redraw.
        with open(folder + ".json", "rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(max(0, size - _TAIL))
            old = fh.read()
            tail = old.rfind(b'\n  "charts": [')
            if tail < 0 and size > _TAIL:   # a longer chart record: read it all
                fh.seek(0)
                old = fh.read()
                tail = old.rfind(b'\n  "charts": [')
        charts = orjson.loads(b"{" + old[tail + 1:])["charts"] if tail >= 0 else []
        chart = next(c for c in charts if c.get("digest") == digest)
        for kind in ("svg", "png"):
            with open(f"{folder}.{kind}", "rb") as fh:
                if _sha(fh.read()) != chart[f"{kind}_sha256"]:
                    return None
    except (OSError, ValueError, StopIteration, KeyError, TypeError, AttributeError):
        return None
    return chart


def draw_charts(articles: list, kits: dict, last_drafts, drafts) -> None:
    """OUTPUT/drafts/<kit>/<slug>.svg and .png for each article, written to
    the `drafts` tree being staged and recorded in ``article.extras["charts"]``
    for the HTML, JSON, feeds and review. `kits` by name choose the chart.

    A chart whose spec is unchanged since the last build's drafts tree
    (`last_drafts`) is not drawn again: its files are linked from there."""
    settings: dict[str, str] = {}
    renderer = renderer_version()
    for article in articles:
        kit = kits[article.kit]
        if kit.name not in settings:
            settings[kit.name] = chart_setting(kit)
        kind = choose_type(settings[kit.name], article.facts.values)
        if kind is None:
            continue
        spec = chart_spec(article, kit, kind)
        digest = spec_digest(spec, renderer)
        fields = {"kit": article.kit, "slug": article.slug}
        svg_path, png_path = CHART_PATH.format(ext="svg", **fields), CHART_PATH.format(ext="png", **fields)
        old = previous_drawing(last_drafts, article, digest)
        if old is not None and drafts.link(f"{last_drafts}/{svg_path}", svg_path) \
                and drafts.link(f"{last_drafts}/{png_path}", png_path):
            svg_sha, png_sha = old["svg_sha256"], old["png_sha256"]
        else:
            # a link made just now is the old file itself: never write through it
            Path(drafts.root, svg_path).unlink(missing_ok=True)
            svg, png = render(spec)
            drafts.write(svg_path, svg)
            drafts.write(png_path, png)
            svg_sha, png_sha = _sha(svg), _sha(png)
        article.extras.setdefault("charts", []).append({
            "type": spec["type"], "svg": svg_path, "png": png_path,
            "svg_name": f"{article.slug}.svg", "png_name": f"{article.slug}.png",
            "width": round(WIDTH_IN * PNG_DPI), "height": round(HEIGHT_IN * PNG_DPI),
            "title": spec["title"], "alt": spec["alt"], "data": spec["data"],
            "digest": digest, "svg_sha256": svg_sha, "png_sha256": png_sha,
        })
