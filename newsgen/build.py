"""The build: load each kit's data, compute facts, render every article, then
write them all. Articles are built first and written after, so every later
stage (files, feeds, review) sees the same list.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .article import Article
from .charts import chart_setting, draw_charts, start_workers as start_chart_workers
from .errors import NewsgenError
from .facts import FactSet, add_region_rates
from .forces import Force, ForceTable, load_forces
from .kit import Kit
from .load import Dataset
from .loaders import LOADERS
from .publish import publish
from .render import Renderer, paragraphs, variant_index
from .review import review_published_stage, review_stage
from .write import Staging

ARTICLE_PATH = "{kit}/{slug}.{ext}"


@dataclass
class Skip:
    kit: str
    force: str
    reason: str


@dataclass
class BuildResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0


def period_span(label: str | None) -> dict:
    """'2017-18' -> {'start': 'April 2017', 'end': 'March 2018'}; rolling
    years by end date too (newsgen.periods.span)."""
    from .periods import span
    return span(label)


def load_kit_data(kit: Kit, forces: ForceTable, data_override: Path | None = None) -> Dataset:
    files = (Path(data_override),) if data_override else kit.data_files
    return LOADERS[kit.loader].load(files, forces, kit.options)


def choose_angle(kit: Kit, renderer: Renderer, values: dict) -> dict:
    """The first of the kit's angle rules that holds for these facts."""
    for i, angle in enumerate(kit.angles, start=1):
        rule, names = renderer.expression(angle.when, f"{kit.file}: angles[{i}].when")
        try:
            holds = rule(**values)
        except Exception as exc:  # a rule that names a missing fact
            raise NewsgenError(f"{kit.file}: angles[{i}].when: {angle.when!r}: {exc}") from None
        if holds:
            return {"name": angle.name, "rule": angle.when,
                    "figures": {n: values.get(n) for n in (*names, *angle.figures) if n in values}}
    return {"name": "default", "rule": "", "figures": {}}


class ArticleWriter:
    """Renders the articles of one kit; the Jinja environment is built once."""

    def __init__(self, kit: Kit, user_templates: tuple[Path, ...] = ()):
        self.kit = kit
        self.renderer = Renderer(kit.name, kit.templates, user_templates)
        self.base = {
            "kit": {"name": kit.name, "title": kit.title, "measure": kit.measure,
                    "source": kit.source, "per": kit.per, "topic": kit.topic},
            "current": period_span(kit.current), "previous": period_span(kit.previous),
            "quotes": kit.quotes, "kit_notes": kit.notes, "style": kit.percent_style,
            "illustrative": kit.illustrative, "story": kit.story,
        }

    def article(self, force: Force, facts: FactSet) -> Article:
        kit, values = self.kit, facts.values
        angle = choose_angle(kit, self.renderer, values)

        def variant(slot: str, choices: int) -> int:
            return variant_index(kit.name, force.slug, slot, choices=choices)

        ctx = {**self.base, "f": values, "force": force, "angle": angle["name"],
               "variant": variant}
        render = self.renderer.render
        headline = " ".join(render("headline.j2", ctx, force.slug).split())
        standfirst = " ".join(render("standfirst.j2", ctx, force.slug).split())
        body = paragraphs(render("body.j2", ctx, force.slug))
        notes = paragraphs(render("notes.j2", ctx, force.slug))
        return Article(
            kit=kit.name, kit_title=kit.title, topic=kit.topic, slug=force.slug,
            area=force.name, area_label=force.label, region=force.region,
            period=kit.current, headline=headline, standfirst=standfirst,
            paragraphs=body, notes=notes, angle=angle, facts=facts,
            release=kit.release, embargo=kit.embargo, source=kit.source,
            illustrative=kit.illustrative, auto_release=kit.auto_release,
        )

    def html(self, article: Article) -> str:
        return self.renderer.render("article.html.j2", {"a": article}, article.slug, html=True)


def select_forces(forces: ForceTable, names: tuple[str, ...]) -> list[Force]:
    """The forces named on the command line, or all 43 territorial forces."""
    if not names:
        return forces.territorial()
    chosen = []
    for name in names:
        force = forces.resolve(name)
        if force is None:
            raise NewsgenError(f"--force {name!r}: no such police force; "
                               "names are as in data/police-forces.csv (e.g. 'Derbyshire')")
        if force not in chosen:
            chosen.append(force)
    return chosen


def build_articles(kits: list[Kit], force_names: tuple[str, ...] = (),
                   data_override: Path | None = None,
                   user_templates: tuple[Path, ...] = ()) -> tuple[list[Article], list[Skip], dict]:
    """Every article of every kit for the chosen forces; nothing is written."""
    table = load_forces()
    chosen = select_forces(table, force_names)
    articles: list[Article] = []
    skipped: list[Skip] = []
    writers: dict[str, ArticleWriter] = {}
    from .kit_facts import KitData
    loaded = KitData(table, data_override)
    for kit in kits:
        per_area = loaded.facts(kit)
        if chart_setting(kit) == "rate-vs-region":
            add_region_rates(per_area, table.by_slug, kit.per)
        writer = writers[kit.name] = ArticleWriter(kit, user_templates)
        for force in chosen:
            facts = per_area.get(force.slug)
            reason = loaded.unusable(kit, facts)
            if reason:
                skipped.append(Skip(kit.name, force.name, reason))
                continue
            articles.append(writer.article(force, facts))
    return articles, skipped, writers


@dataclass
class BuildOptions:
    """Everything a build needs besides the kits; each stage reads what it uses."""

    output: Path = Path("output")
    force_names: tuple[str, ...] = ()
    data_override: Path | None = None
    user_templates: tuple[Path, ...] = ()
    now: datetime | None = None       # "now" for embargo checks; None: the clock
    review_db: Path | None = None     # the review store; None: OUTPUT/review.db
    charts: bool = True               # draw a chart per article (--no-charts skips)
    base_url: str = "http://127.0.0.1:8000"  # where OUTPUT is served; links in feeds
    extra: dict = field(default_factory=dict)


@dataclass
class BuildContext:
    """What the stages of one build share."""

    articles: list[Article]
    writers: dict[str, "ArticleWriter"]
    staging: Staging
    options: BuildOptions


def write_articles(ctx: BuildContext) -> None:
    """Stage: each article as OUTPUT/<kit>/<slug>.txt, .html and .json."""
    for article in ctx.articles:
        fields = {"kit": article.kit, "slug": article.slug}
        ctx.staging.write(ARTICLE_PATH.format(ext="txt", **fields), article.text())
        ctx.staging.write(ARTICLE_PATH.format(ext="html", **fields),
                          ctx.writers[article.kit].html(article))
        ctx.staging.write(ARTICLE_PATH.format(ext="json", **fields),
                          json.dumps(article.as_json(), indent=2, ensure_ascii=False) + "\n")


# The stages after rendering, in order. A stage takes the BuildContext and may
# add to the articles (charts) or write more files (feeds) into the staging
# folder. Nothing reaches OUTPUT until every stage has finished.
STAGES = [
    review_stage,       # first: sets each article's status and editor's text
    draw_charts,
    write_articles,
    publish,
    review_published_stage,   # last: marks approved stories published once all went well
]


def build(kits: list[Kit], options: BuildOptions) -> BuildResult:
    """Build and write every article; the old output stays until all is ready."""
    started = time.perf_counter()
    start_chart_workers(kits, options)   # chart processes warm up while articles are built
    articles, skipped, writers = build_articles(kits, options.force_names,
                                                options.data_override, options.user_templates)
    staging = Staging(options.output)
    try:
        ctx = BuildContext(articles, writers, staging, options)
        for stage in STAGES:
            stage(ctx)
        staging.commit()
    except BaseException:
        staging.abandon()
        raise
    return BuildResult(articles, skipped, staging.count, time.perf_counter() - started)
