"""The order of the stages: what each batch of areas goes through after it is
rendered, what runs once when every batch is done, and what runs only once
the new output is in place. The one place that names them all."""

from __future__ import annotations

from newsgen.build.context import BuildContext
from newsgen.build.previous import last_verdicts, remember_verdicts
from newsgen.charts.draw import draw_charts as draw
from newsgen.factcheck.check import check_articles
from newsgen.facts.shared import shared_files
from newsgen.publish.outputs import publish_articles, publish_feeds
from newsgen.review.revisions import revisions_stage
from newsgen.review.stages import record_releases_stage, review_stage
from newsgen.paths import ARTICLE_PATH, SKIPPED_FILE



def fact_check_stage(ctx: BuildContext) -> None:
    """Withhold every article whose numbers do not all check out: nothing of it
    is written, and the build lists it."""
    # an article whose text and facts are as the last build's is not checked again
    verdicts = last_verdicts(ctx.options.output, sorted({a.slug for a in ctx.articles}))
    ctx.articles[:], withheld = check_articles(ctx.articles, ctx.kits, verdicts)
    ctx.withheld.extend(withheld)
    if ctx.staging is not None:   # a lead's draft (leads.draft) writes no output folder
        remember_verdicts(ctx.staging, verdicts)


def draw_charts(ctx: BuildContext) -> None:
    """Each article's chart, in the drafts, drawn or copied from the last build's drafts."""
    if ctx.options.charts:
        draw(ctx.articles, ctx.kits, ctx.old_drafts, ctx.drafts)


def write_shared_facts(ctx: BuildContext) -> None:
    """Facts citing many cells, once per story: OUTPUT/drafts/<story>/_shared-facts.json
    (the public tree links them for the stories it has)."""
    for path, data in shared_files(ctx.writers):
        ctx.drafts.write(path, data)


def write_skipped(ctx: BuildContext) -> None:
    """Stage: OUTPUT/.newsgen-skipped.json, each area the build gave no article and
    why (no figures, a figure marked not available, a negative figure)."""
    import json
    rows = [{"story": s.kit, "force": s.force, "reason": s.reason} for s in ctx.skipped]
    ctx.staging.write(SKIPPED_FILE, json.dumps(rows, indent=1, ensure_ascii=False) + "\n")


def write_articles(ctx: BuildContext) -> None:
    """Stage: each article as a draft, OUTPUT/drafts/<kit>/<slug>.txt, .html and .json."""
    write, writers = ctx.drafts.write, ctx.writers
    for article in ctx.articles:
        path = ARTICLE_PATH.format(kit=article.kit, slug=article.slug, ext="")
        write(path + "txt", article.text())
        write(path + "html", writers[article.kit].html(article))
        write(path + "json", article.json_bytes())


# The stages each batch of areas goes through after rendering, in order. A
# stage takes the BuildContext and may add to the articles (charts) or write
# files into the staging folder: drafts (articles, charts) and the public
# tree (what editors released: its files, ninjs, the areas' own feeds).
STAGES = [
    fact_check_stage,   # first: a withheld article reaches neither review nor output
    review_stage,       # then: sets each article's status and editor's text
    draw_charts,
    write_articles,
    publish_articles,   # the public entries, ninjs and each area's feed
]

# For the areas outside this build that have stories out (a build of fewer
# forces): what they have stays public, with their own feeds.
OUTSIDE_STAGES = [
    publish_articles,
]

# Once every batch is done: what gathers many areas (the feeds of all stories,
# regions and outlets). Nothing reaches OUTPUT until these have finished too.
FINAL_STAGES = [
    write_shared_facts,   # facts citing many cells, once per story (newsgen.facts.shared)
    publish_feeds,        # after: the public tree links the stories' shared facts
    write_skipped,
]

# Stages that record what went out: they run only once the new output is in
# place, so nothing is recorded as published that a killed build never
# delivered (a kill between the two leaves drafts approved; the next build
# releases them again, as the same version).
AFTER_COMMIT = [
    record_releases_stage,
    revisions_stage,    # published stories whose stated figures the data now revises
]
