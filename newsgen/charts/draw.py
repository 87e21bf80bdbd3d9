"""Charts: one picture per article, drawn from that article's own figures.

A chart is first described as plain data (a spec: title, labels and the exact
figures), built from the article's facts; the spec is recorded in the article
JSON, then drawn to SVG and PNG by matplotlib's Agg and SVG backends with
fixed fonts and settings, so the same figures give the same bytes.

A kit chooses its chart in kit.toml (``[chart] type = "..."``); without that
the type follows from the facts the article has. matplotlib is imported only
when something is drawn, so ``newsgen --help`` stays fast.

What a chart shows is worked out in `spec`, and `picture` draws it (with
`canvas`: matplotlib's settings and its text caches). This module is the build
stage: it draws every article's chart, in worker processes when there are
many, or copies the last build's when nothing that decides the bytes changed.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from newsgen.parallel import process_pool
from newsgen.charts.picture import HEIGHT_IN, PNG_DPI, WIDTH_IN, render
from newsgen.charts.spec import chart_setting, chart_spec, choose_type
from newsgen.paths import DRAFTS
from newsgen.paths import CHART_PATH


# Below this many charts, starting worker processes costs more than it saves.
PARALLEL_FROM = 12


def _warm_up() -> None:
    """In a new worker: import matplotlib and load the fonts, by drawing a
    chart of each type, so that cost overlaps the building of the articles."""
    for spec in _WARM_UP:
        render(spec)


_WARM_UP = [
    {"type": "this-year-vs-last", "area": "A", "source": "Source: S", "title": "T",
     "subtitle": "S", "alt": "A.", "labels": {"y": "Y", "x": "X", "change_y": "Change"},
     "data": {"periods": ["2016-17", "2017-18"], "values": [1, 2], "change_pct": 100.0,
              "national_name": "N", "national_change_pct": 1.0}},
    {"type": "series", "area": "A", "source": "Source: S", "title": "T", "subtitle": "S",
     "alt": "A.", "labels": {"y": "Y", "x": "X"},
     "data": {"periods": ["2003-03-31", "2004-03-31"], "values": [1, 2],
              "latest": {"period": "2004-03-31", "value": 2}}},
    {"type": "rate-vs-region", "area": "A", "source": "Source: S", "title": "T",
     "subtitle": "S", "alt": "A.", "labels": {"y": "", "x": "X"},
     "data": {"per": 100_000, "region": "R", "rates": [{"area": "A", "rate": 1.0}],
              "rate": 1.0, "region_rate": 1.0, "period": "P"}},
]


def _workers(count: int):
    """A pool of `count` drawing processes, each warmed up on start."""
    return process_pool(count, _warm_up)


class Drawers:
    """The processes that draw one build's charts, which the build owns: started
    early by `start` when many charts are expected, or by the first batch that
    has many to draw; `close` ends them. ``Drawers(workers=1)`` draws in this
    process (a --jobs worker draws its own batches' charts)."""

    def __init__(self, workers: int | None = None):
        self.pool: ProcessPoolExecutor | None = None
        self.workers = workers   # None: decide by how many charts there are

    def start(self, kits, options) -> "Drawers":
        """As a build starts: when it will probably draw many charts (many
        articles, and no charts from an earlier build to copy), start the
        drawing processes now, so their start-up (about 0.8 s of CPU each,
        mostly importing matplotlib) overlaps the building of the articles.
        If the build is killed, they end with it."""
        if not options.charts or self.pool is not None or self.workers is not None:
            return self
        if options.jobs > 1:
            return self   # each --jobs worker draws its own batches' charts
        if any(next((Path(options.output) / DRAFTS / kit.name).glob("*.png"), None)
               for kit in kits):
            return self   # a rebuild: most charts will be copied; draw_charts starts workers if not
        expected = len(kits) * (len(options.force_names) or 43)
        count = min(2, os.cpu_count() or 1)
        if count > 1 and expected >= PARALLEL_FROM:
            self.pool = _workers(count)
            for _ in range(count):   # the pool starts a process per waiting task
                self.pool.submit(int)
        return self

    def for_charts(self, count: int):
        """What `render_all` should draw `count` charts with: the pool (started
        now if there are many and none is running), or a number of processes."""
        if self.pool is None and self.workers is None and count >= PARALLEL_FROM:
            processes = min(2, os.cpu_count() or 1)
            if processes > 1:
                self.pool = _workers(processes)
        return self.pool or self.workers

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def render_all(specs: list[dict], workers=None) -> list[tuple[bytes, bytes]]:
    """Every spec drawn, in order; in worker processes when there are many.
    `workers` is a number of processes, or a pool already started."""
    if isinstance(workers, ProcessPoolExecutor):   # warm already: worth it for any number
        if not specs:
            return []
        pool, workers, own = workers, workers._max_workers, False
    else:
        if workers is None:
            workers = min(2, os.cpu_count() or 1) if len(specs) >= PARALLEL_FROM else 1
        if workers <= 1 or len(specs) < 2:
            return [render(s) for s in specs]
        pool, own = _workers(workers), True
    # small chunks, so neither process waits long for the other at the end
    chunk = max(1, min(8, math.ceil(len(specs) / (workers * 4))))
    try:
        return list(pool.map(render, specs, chunksize=chunk))
    finally:
        if own:
            pool.shutdown()


# -- the build stage ------------------------------------------------------------

# The modules whose code decides a chart's bytes, in the order they are hashed:
# a chart module that makes or draws the spec belongs here (this one only hands
# specs to `picture.render` and files the bytes).
DRAWING_CODE = ("spec.py", "canvas.py", "picture.py")


def renderer_version() -> str:
    """What besides the spec decides the bytes: the code of `DRAWING_CODE`
    and matplotlib."""
    import hashlib
    from importlib.metadata import version

    code = hashlib.sha256()
    for name in DRAWING_CODE:
        source = Path(__file__).with_name(name).read_bytes()
        code.update(f"{name}\0{len(source)}\0".encode() + source)
    return f"{code.hexdigest()[:16]}/matplotlib-{version('matplotlib')}"


def spec_digest(spec: dict, renderer: str) -> str:
    import hashlib
    import json

    payload = json.dumps([renderer, spec], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _sha(data: bytes) -> str:
    import hashlib
    return hashlib.sha256(data).hexdigest()


def previous_drawing(drafts, article, digest: str) -> tuple[bytes, bytes] | None:
    """The last build's files for this chart (in its drafts tree), if drawn
    from the same spec by the same code and unchanged since: drawing is
    deterministic, so they are the bytes a new drawing would give."""
    import json
    folder = Path(drafts) / article.kit
    try:
        old = json.loads((folder / f"{article.slug}.json").read_text(encoding="utf-8"))
        chart = next(c for c in old.get("charts", []) if c.get("digest") == digest)
        svg = (folder / chart["svg_name"]).read_bytes()
        png = (folder / chart["png_name"]).read_bytes()
    except (OSError, ValueError, StopIteration, KeyError, TypeError, AttributeError):
        return None
    if _sha(svg) != chart.get("svg_sha256") or _sha(png) != chart.get("png_sha256"):
        return None
    return svg, png


def draw_charts(articles: list, kits: dict, last_drafts, drawers: Drawers, write) -> None:
    """OUTPUT/drafts/<kit>/<slug>.svg and .png for each article (`write(path,
    bytes)`), recorded in ``article.extras["charts"]`` for the HTML, JSON,
    feeds and review. `kits` by name choose the chart.

    A chart whose spec is unchanged since the last build's drafts tree
    (`last_drafts`) is copied from it rather than drawn again."""
    settings: dict[str, str] = {}
    renderer = renderer_version()
    jobs = []
    for article in articles:
        kit = kits[article.kit]
        if kit.name not in settings:
            settings[kit.name] = chart_setting(kit)
        kind = choose_type(settings[kit.name], article.facts.values)
        if kind is not None:
            spec = chart_spec(article, kit, kind)
            digest = spec_digest(spec, renderer)
            jobs.append((article, spec, digest, previous_drawing(last_drafts, article, digest)))
    todo = [spec for _, spec, _, old in jobs if old is None]
    # Drawn in the build's drawing processes (started here, for this and later
    # batches, if none are running); build() closes them at the end.
    drawn = iter(render_all(todo, drawers.for_charts(len(todo))))
    for article, spec, digest, old in jobs:
        svg, png = old if old is not None else next(drawn)
        fields = {"kit": article.kit, "slug": article.slug}
        svg_path, png_path = CHART_PATH.format(ext="svg", **fields), CHART_PATH.format(ext="png", **fields)
        write(svg_path, svg)
        write(png_path, png)
        article.extras.setdefault("charts", []).append({
            "type": spec["type"], "svg": svg_path, "png": png_path,
            "svg_name": f"{article.slug}.svg", "png_name": f"{article.slug}.png",
            "width": int(WIDTH_IN * PNG_DPI), "height": int(HEIGHT_IN * PNG_DPI),
            "title": spec["title"], "alt": spec["alt"], "data": spec["data"],
            "digest": digest, "svg_sha256": _sha(svg), "png_sha256": _sha(png),
        })
