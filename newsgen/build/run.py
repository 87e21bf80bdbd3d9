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

from newsgen.words.article import Article
from newsgen.charts.draw import chart_setting, draw_charts, start_workers as start_chart_workers
from newsgen.errors import NewsgenError
from newsgen.factcheck.check import fact_check_stage
from newsgen.facts.compute import add_region_rates
from newsgen.facts.factset import FactSet, LazyFacts
from newsgen.sources.forces import Force, ForceTable, load_forces
from newsgen.kit import Kit
from newsgen.sources.dataset import Dataset
from newsgen.sources.loaders import LOADERS
from newsgen.parallel import map_chunks
from newsgen.build.progress import SILENT, Progress, Timings
from newsgen.build.batches import BatchOut, BuildState, run_batches
from newsgen.publish.outputs import publish_articles, publish_feeds
from newsgen.words.templates import Attrs, Renderer, paragraphs, variant_index
from newsgen.review.store import review_published_stage, review_stage
from newsgen.facts.shared import cites_many, mark_shared, write_shared_facts
from newsgen.publish.staging import Staging

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
    timings: Timings | None = None   # wall and CPU seconds of each step
    withheld: list = field(default_factory=list)  # factcheck.Withheld: not written
    count: int = 0                   # articles written (also when not kept)


def period_span(label: str | None) -> dict:
    """'2017-18' -> {'start': 'April 2017', 'end': 'March 2018'}; rolling
    years by end date too (newsgen.facts.periods.span)."""
    from newsgen.facts.periods import span
    return span(label)


def load_kit_data(kit: Kit, forces: ForceTable, data_override: Path | None = None) -> Dataset:
    files = (Path(data_override),) if data_override else kit.data_files
    return LOADERS[kit.loader].load(files, forces, kit.options)


def angle_rules(kit: Kit, renderer: Renderer) -> list[tuple]:
    """The kit's angle rules, compiled: [(i, angle, rule, names)]."""
    return [(i, angle, *renderer.expression(angle.when, f"{kit.file}: angles[{i}].when"))
            for i, angle in enumerate(kit.angles, start=1)]


def choose_angle(kit: Kit, renderer: Renderer, values: dict, rules: list | None = None) -> dict:
    """The first of the kit's angle rules that holds for these facts."""
    for i, angle, rule, names in (angle_rules(kit, renderer) if rules is None else rules):
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
        self.base = {   # the same objects in every article of the kit
            "kit": Attrs({"name": kit.name, "title": kit.title, "measure": Attrs(kit.measure),
                          "source": Attrs(kit.source), "per": kit.per, "topic": kit.topic}),
            "current": Attrs(period_span(kit.current)),
            "previous": Attrs(period_span(kit.previous)),
            "quotes": kit.quotes, "kit_notes": kit.notes, "style": kit.percent_style,
            "illustrative": kit.illustrative, "story": kit.story,
        }
        self.renderer = Renderer(kit.name, kit.templates, user_templates, fixed=tuple(self.base))
        self.rules: list | None = None   # compiled angle rules, on first use
        self._fast_html: dict = {}   # template -> (render, urlized) or None (see html)
        self.angle_facts: set[str] = set()   # the facts they and the angles name
        self.shared_facts: dict = {}   # facts cited once per story (newsgen.facts.shared)

    def article(self, force: Force, facts: FactSet) -> Article:
        kit, values = self.kit, facts.values
        if self.rules is None:
            self.rules = angle_rules(kit, self.renderer)
            self.angle_facts = {n for _i, angle, _rule, names in self.rules
                                for n in (*names, *angle.figures)}
        # Each rule gets the facts as keywords: only those the rules and
        # angles name, not all sixty.
        angle = choose_angle(kit, self.renderer,
                             {n: values[n] for n in self.angle_facts if n in values}, self.rules)

        def variant(slot: str, choices: int) -> int:
            return variant_index(kit.name, force.slug, slot, choices=choices)

        ctx = {**self.base, "f": dict(values), "force": force, "angle": angle["name"],
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
        # The shipped page is written without Jinja (newsgen.words.html);
        # any other article.html.j2, or an error, goes through Jinja.
        template = self.renderer.template("article.html.j2", article.slug, html=True)
        fast = self._fast_html
        if template not in fast:
            from jinja2.nodes import EvalContext
            from markupsafe import escape

            from newsgen.words.html import is_shipped, render
            env, seen = self.renderer.html_env, {}
            urlize, eval_ctx = env.filters["urlize"], EvalContext(env)

            def urlized(note: str) -> str:   # notes repeat in every article of a kit
                if note not in seen:
                    if len(seen) > 1024:
                        seen.clear()
                    seen[note] = str(escape(urlize(eval_ctx, note)))
                return seen[note]
            fast[template] = (render, urlized) if is_shipped(template) else None
        if fast[template] is not None:
            render, urlized = fast[template]
            try:
                return render(article, urlized)
            except Exception:
                pass
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


def render(todo: list) -> list[Article]:
    """The article for each (writer, force, facts) of `todo`, in order."""
    return [writer.article(force, facts) for writer, force, facts in todo]


def _render_chunk(todo: list, start: int, stop: int) -> list[Article]:
    """Articles for todo[start:stop], without their facts (the caller has
    them: only the words travel back from a worker process)."""
    out = render(todo[start:stop])
    for article in out:
        article.facts = None
    return out


@dataclass
class Plan:
    """What a build knows before it writes a word: the chosen areas, each
    kit's writer and per-area facts, and the areas that get no article."""

    forces: list[Force]
    kits: list[tuple["ArticleWriter", dict[str, FactSet]]]
    skipped: list[Skip]
    table: ForceTable

    @property
    def writers(self) -> dict[str, "ArticleWriter"]:
        return {writer.kit.name: writer for writer, _ in self.kits}

    def todo(self, start: int = 0, stop: int | None = None) -> list[tuple]:
        """(writer, force, facts) for the areas forces[start:stop]: area by
        area, each area's stories in kit order. (So the articles' order, and
        the review store's draft ids, are the same however the areas are cut
        into batches.)"""
        return [(writer, force, per_area[force.slug]) for force in self.forces[start:stop]
                for writer, per_area in self.kits if force.slug in per_area]

    def per_force(self) -> list[int]:
        """How many articles each chosen area gets."""
        return [sum(force.slug in per_area for _, per_area in self.kits) for force in self.forces]


def plan_build(kits: list[Kit], force_names: tuple[str, ...] = (),
               data_override: Path | None = None, user_templates: tuple[Path, ...] = (),
               areas_file: Path | None = None, timings: Timings | None = None) -> Plan:
    """Load each kit's data and compute its facts for the chosen areas."""
    timings = timings or Timings()
    with timings.step("load"):
        table = load_forces(Path(areas_file)) if areas_file else load_forces()
        chosen = select_forces(table, force_names)
    skipped: list[Skip] = []
    planned = []
    from newsgen.facts.kit_facts import KitData
    loaded = KitData(table, data_override)
    for kit in kits:
        with timings.step("load"):
            loaded.dataset(kit)      # loaded once; facts() below reads it
        with timings.step("facts"):
            # Facts made area by area as batches need them, unless later steps
            # here work on every area's facts at once.
            lazy = not kit.facts and chart_setting(kit) != "rate-vs-region"
            per_area = loaded.facts(kit, lazy)
            if isinstance(per_area, LazyFacts) and cites_many(per_area):
                per_area = {slug: per_area[slug] for slug in per_area}
            if chart_setting(kit) == "rate-vs-region":
                add_region_rates(per_area, table.by_slug, kit.per)
            # facts citing many cells, held by many areas: cited once per story
            shared = {} if isinstance(per_area, LazyFacts) else \
                mark_shared(kit.name, per_area, table.by_slug)
            usable = []
            for force in chosen:
                reason = loaded.unusable(kit, per_area.get(force.slug))
                if reason:
                    skipped.append(Skip(kit.name, force.name, reason))
                else:
                    usable.append(force.slug)
            usable = per_area.only(usable) if isinstance(per_area, LazyFacts) else \
                {slug: per_area[slug] for slug in usable}
        writer = ArticleWriter(kit, user_templates)
        writer.shared_facts = shared
        planned.append((writer, usable))
    return Plan(chosen, planned, skipped, table)


def build_articles(kits: list[Kit], force_names: tuple[str, ...] = (),
                   data_override: Path | None = None,
                   user_templates: tuple[Path, ...] = (),
                   areas_file: Path | None = None, *, jobs: int = 1,
                   progress: Progress = SILENT,
                   timings: Timings | None = None) -> tuple[list[Article], list[Skip], dict]:
    """Every article of every kit for the chosen forces, in memory; nothing is
    written. `jobs` > 1 renders in that many processes (the same articles)."""
    timings = timings or Timings()
    plan = plan_build(kits, force_names, data_override, user_templates, areas_file, timings)
    todo = plan.todo()
    with timings.step("render"), progress.bar("writing", len(todo)) as bar:
        chunks = map_chunks(_render_chunk, todo, jobs, bar)
    articles = [article for chunk in chunks for article in chunk]
    for article, (_writer, _force, facts) in zip(articles, todo):
        article.facts = facts
    return articles, plan.skipped, plan.writers


@dataclass
class BuildOptions:
    """Everything a build needs besides the kits; each stage reads what it uses."""

    output: Path = Path("output")
    force_names: tuple[str, ...] = ()
    data_override: Path | None = None
    user_templates: tuple[Path, ...] = ()
    now: datetime | None = None       # "now" for embargo checks; None: the clock
    areas_file: Path | None = None    # the areas table; None: data/police-forces.csv
    review_db: Path | None = None     # the review store; None: OUTPUT/review.db
    charts: bool = True               # draw a chart per article (--no-charts skips)
    base_url: str = "http://127.0.0.1:8000"  # where OUTPUT is served; links in feeds
    jobs: int = 1                     # processes for rendering and writing
    progress: Progress = SILENT       # bars on a terminal (newsgen.build.progress)
    replace: bool = False             # let a narrower build replace a wider one's output
    keep_articles: bool = True        # BuildResult.articles lists them (memory grows with N)
    extra: dict = field(default_factory=dict)


@dataclass
class BuildContext:
    """What the stages share. The article stages (STAGES) run once per batch
    of areas, with that batch's articles and areas; the final stages once,
    with the whole build's results in `totals`."""

    articles: list[Article]
    writers: dict[str, "ArticleWriter"]
    staging: Staging
    options: BuildOptions
    state: "BuildState | None" = None   # build-wide, the same for every batch
    forces: list[Force] = field(default_factory=list)   # this batch's areas
    out: "BatchOut | None" = None       # what this batch hands back
    totals: "BatchOut | None" = None    # every batch's, for the final stages
    index: int = 0                      # the batch's number, from 0

    def __post_init__(self):
        if self.out is None:
            self.out = BatchOut()
        if self.state is None:
            self.state = BuildState.start(self.options)

    @property
    def withheld(self) -> list:
        return self.out.withheld


def write_articles(ctx: BuildContext) -> None:
    """Stage: each article as OUTPUT/<kit>/<slug>.txt, .html and .json."""
    write, writers = ctx.staging.write, ctx.writers
    for article in ctx.articles:
        path = ARTICLE_PATH.format(kit=article.kit, slug=article.slug, ext="")
        write(path + "txt", article.text())
        write(path + "html", writers[article.kit].html(article))
        write(path + "json", article.json_bytes())


# The stages each batch of areas goes through after rendering, in order. A
# stage takes the BuildContext and may add to the articles (charts) or write
# files (articles, ninjs, the areas' own feeds) into the staging folder.
STAGES = [
    fact_check_stage,   # first: a withheld article reaches neither review nor output
    review_stage,       # then: sets each article's status and editor's text
    draw_charts,
    write_articles,
    publish_articles,   # versions, ninjs and each area's feed
]

# Once every batch is done: what gathers many areas (the feeds of all stories,
# regions and outlets; the version manifest). Nothing reaches OUTPUT until
# these have finished too.
FINAL_STAGES = [
    publish_feeds,
    write_shared_facts,   # facts citing many cells, once per story (newsgen.facts.shared)
]

# Stages that record what went out: they run only once the new output is in
# place, so nothing is marked published that a killed build never delivered
# (a kill between the two leaves drafts approved; the next build marks them).
AFTER_COMMIT = [
    review_published_stage,
]


SCOPE_FILE = ".newsgen-scope.json"


def build_scope(kits: list[Kit], options: BuildOptions) -> dict:
    """Which stories and forces a build covers ('*': every force)."""
    if options.force_names:
        table = load_forces(Path(options.areas_file)) if options.areas_file else load_forces()
        forces = sorted(f.slug for f in select_forces(table, options.force_names))
    else:
        forces = ["*"]
    return {"stories": sorted(k.name for k in kits), "forces": forces}


def check_scope(scope: dict, options: BuildOptions) -> None:
    """Refuse a build that would replace a wider build's output with less.

    A build replaces the output folder's stories, feeds and ninjs as a whole,
    so building one force into the folder of a full build would empty every
    other force's feed. The operator must say --replace, or use --output.
    """
    path = Path(options.output) / SCOPE_FILE
    if options.replace or not path.is_file():
        return
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        old_stories, old_forces = set(old["stories"]), set(old["forces"])
    except (ValueError, KeyError, TypeError):
        return
    missing_stories = old_stories - set(scope["stories"])
    new_forces = set(scope["forces"])
    missing_forces = set() if "*" in new_forces else old_forces - new_forces
    if missing_stories or missing_forces:
        what = []
        if missing_stories:
            what.append(f"{len(missing_stories)} stories ({', '.join(sorted(missing_stories)[:3])}"
                        + (", ..." if len(missing_stories) > 3 else "") + ")")
        if missing_forces:
            what.append("all forces" if "*" in missing_forces else
                        f"{len(missing_forces)} forces ({', '.join(sorted(missing_forces)[:3])}"
                        + (", ..." if len(missing_forces) > 3 else "") + ")")
        raise NewsgenError(
            f"{options.output}: the last build there also covered {' and '.join(what)}; "
            "this narrower build would remove them and their feed items. "
            "Build into another folder with --output, or say --replace")


def build(kits: list[Kit], options: BuildOptions) -> BuildResult:
    """Build and write every article; the old output stays until all is ready."""
    started = time.perf_counter()
    scope = build_scope(kits, options)
    start_chart_workers(kits, options)   # chart processes warm up while articles are built
    try:
        return _build(kits, options, scope, started)
    finally:   # a build that fails before drawing charts still closes the workers
        pool = options.extra.pop("chart_pool", None)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class FreshFiles:
    """The output folder and review store, if this build is the one making
    them: a first build that fails leaves neither behind. (A review store
    that was there before keeps the drafts of the batches that were done, as
    a build failing after its review stage always has: nothing is marked
    published that did not go out.)"""

    def __init__(self, options: BuildOptions):
        from newsgen.review.store import review_db_path
        self.output = Path(options.output)
        self.db = review_db_path(options)
        self.new_output, self.new_db = not self.output.exists(), not self.db.exists()

    def remove(self) -> None:
        if self.new_db:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        if self.new_output and self.output.is_dir() and not any(self.output.iterdir()):
            self.output.rmdir()


def _build(kits: list[Kit], options: BuildOptions, scope: dict, started: float) -> BuildResult:
    timings = Timings()
    plan = plan_build(kits, options.force_names, options.data_override, options.user_templates,
                      options.areas_file, timings)
    check_scope(scope, options)   # after loading: bad input is reported first
    state = BuildState.start(options, plan)
    fresh = FreshFiles(options)
    staging = Staging(options.output)
    try:
        totals = run_batches(plan, staging, options, state, timings)
        ctx = BuildContext([], plan.writers, staging, options, state, plan.forces, totals, totals)
        for stage in FINAL_STAGES:
            with timings.step(stage.__name__):
                stage(ctx)
        staging.write(SCOPE_FILE, json.dumps(scope, indent=1) + "\n")
        with timings.step("commit"):
            staging.commit()
    except BaseException:
        staging.abandon()
        fresh.remove()
        raise
    for stage in AFTER_COMMIT:
        with timings.step(stage.__name__):
            stage(ctx)
    return BuildResult(totals.kept, plan.skipped, staging.count + totals.files,
                       time.perf_counter() - started, timings, totals.withheld, totals.count)
