"""The order of the stages: what each batch of areas goes through after it is
rendered, what runs once when every batch is done, and what runs only once
the new output is in place. The one place that names them all."""

from __future__ import annotations

from newsgen.build.context import BuildContext
from newsgen.charts.draw import draw_charts as draw
from newsgen.factcheck.check import check_articles
from newsgen.facts.shared import shared_files
from newsgen.publish.outputs import publish_articles, publish_feeds
from newsgen.review.revisions import revisions_stage
from newsgen.review.stages import review_published_stage, review_stage

ARTICLE_PATH = "{kit}/{slug}.{ext}"
SKIPPED_FILE = ".newsgen-skipped.json"   # areas given no article, and why: for the review page, never served


def fact_check_stage(ctx: BuildContext) -> None:
    """Withhold every article whose numbers do not all check out: nothing of it
    is written, and the build lists it."""
    ctx.articles[:], withheld = check_articles(ctx.articles, ctx.kits)
    ctx.withheld.extend(withheld)


def draw_charts(ctx: BuildContext) -> None:
    """Each article's chart, drawn or copied from the last build's output."""
    if ctx.options.charts:
        draw(ctx.articles, ctx.kits, ctx.options.output, ctx.drawers, ctx.staging.write)


def write_shared_facts(ctx: BuildContext) -> None:
    """Facts citing many cells, once per story: OUTPUT/<story>/_shared-facts.json."""
    for path, data in shared_files(ctx.writers):
        ctx.staging.write(path, data)


def write_skipped(ctx: BuildContext) -> None:
    """Stage: OUTPUT/.newsgen-skipped.json, each area the build gave no article and
    why (no figures, a figure marked not available, a negative figure)."""
    import json
    rows = [{"story": s.kit, "force": s.force, "reason": s.reason} for s in ctx.skipped]
    ctx.staging.write(SKIPPED_FILE, json.dumps(rows, indent=1, ensure_ascii=False) + "\n")


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
    write_skipped,
]

# Stages that record what went out: they run only once the new output is in
# place, so nothing is marked published that a killed build never delivered
# (a kill between the two leaves drafts approved; the next build marks them).
AFTER_COMMIT = [
    review_published_stage,
    revisions_stage,    # published stories whose stated figures the data now revises
]
