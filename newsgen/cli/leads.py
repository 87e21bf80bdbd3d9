"""`newsgen leads`: scan a dataset for stories and write the news budget
(newsgen.leads); `--draft ID` writes a lead's story as a draft for review."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsgen.cli.options import CONTEXT_SETTINGS, kit_dirs_option, output_option, reports_errors

DEFAULT_KIT = "ons-category"
WITHHELD_EXIT = 3   # as `newsgen build`: written, but some leads failed the fact check


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--story", "stories", multiple=True, metavar="NAME",
              help=f"Scan these stories' categories (repeatable; a story or a kit folder) "
                   f"[default: {DEFAULT_KIT}, every category of the ONS table].")
@click.option("--period", metavar="PERIOD",
              help="Scan at this period, e.g. 2018-09-30 [default: the latest in the data].")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Scan this file instead of the stories' own data (same columns).")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Print this many of the best leads.")
@click.option("--area", "areas", multiple=True, metavar="NAME",
              help="Print only this area's leads (repeatable); the files hold every area's.")
@click.option("--draft", "drafts", multiple=True, metavar="ID",
              help="Write the story of this lead (e.g. homicide/cleveland) as a draft in the "
                   "review store, from OUTPUT/leads/leads.json; no new scan.")
@click.option("--editor", default="", help="Who asked for the --draft (for its log).")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The review database drafts go to (made if there is none, so `newsgen "
                   "review serve` can show the leads) [default: OUTPUT/review.db].")
@click.option("--review-url", default="http://127.0.0.1:8765", show_default=True,
              help="The review page's address, which serves the feeds: each entry links to "
                   "its lead there.")
@kit_dirs_option
@output_option
@reports_errors
def leads(stories, period, data_file, top, areas, drafts, editor, db, review_url,
          kit_dirs, output):
    """Find the stories: scan every category for every area and rank the leads.

    For each area and category at the latest period (or --period) the scan
    looks for a record within the comparable figures, a change unusual for
    that series, a rate among the highest or lowest of all forces or of its
    region, a move against the national or regional trend, a run of rises
    or falls, and a large share of the national total. Each lead gets a news
    value (README: "Finding the stories") and a reason in one sentence,
    fact-checked like an article.

    Writes OUTPUT/leads/leads.csv and leads.json (best first, overall and
    per area) and an Atom feed of leads per area, OUTPUT/leads/feeds/<area>.xml,
    which the review page serves at /leads/feeds/<area>.xml.
    Leads are for reporters and editors; they are not stories and are never
    published. `newsgen review serve` lists them at /leads, where "write this
    story" makes a draft; so does --draft.

    \b
    Examples:
      newsgen leads
      newsgen leads --top 50 --area Kent
      newsgen leads --period 2018-09-30 -o /tmp/september
      newsgen leads --story child-abuse-images
      newsgen leads --draft homicide/cleveland --editor "Sam Jones"
    """
    from newsgen.build.context import BuildOptions

    if not review_url.startswith(("http://", "https://")):
        raise click.UsageError("--review-url needs an http:// or https:// address")
    if drafts:
        from newsgen.leads.draft import read_lead, write_story

        options = BuildOptions(output=output, data_override=data_file, review_db=db)
        for lead_id in drafts:
            written = write_story(read_lead(output, lead_id), options, kit_dirs,
                                  editor or "newsgen leads")
            click.echo(f"draft {written.draft_id} ({'new' if written.new else 'updated'}): "
                       f"{written.headline}")
        return

    from newsgen.kit import select_kits
    from newsgen.leads.budget import make_budget, own_stories
    from newsgen.leads.draft import open_review_store
    from newsgen.leads.output import write_budget
    from newsgen.paths import LEADS
    from newsgen.sources.forces import load_forces

    forces = load_forces()
    chosen = select_kits(stories or (DEFAULT_KIT,), kit_dirs)
    wanted = set()
    for name in areas:
        force = forces.resolve(name)
        if force is None:
            raise click.UsageError(f"--area {name!r}: no such police force")
        wanted.add(force.slug)
    budget = make_budget(chosen, forces, period, data_file,
                         own_stories(chosen, select_kits((), kit_dirs)))
    files = write_budget(budget, output, forces.territorial(), review_url)
    open_review_store(BuildOptions(output=output, review_db=db))
    shown = [lead for lead in budget.leads if not wanted or lead.area in wanted][:top]
    for lead in shown:
        click.echo(f"{lead.rank:4}  {lead.value:6.1f}  {lead.id}\n      {lead.reason}")
    for category, why in budget.not_scanned.items():
        click.echo(f"not scanned: {category}: {why}")
    for lead_id, problems in budget.withheld:
        click.echo(f"newsgen: withheld lead {lead_id}: {problems[0]}", err=True)
    took = sum(budget.seconds.values())
    click.echo(f"{len(budget.leads)} leads in {len(budget.categories)} categories for "
               f"{budget.period}; wrote {files} files to {Path(output) / LEADS} in {took:.2f}s"
               + (f"; WITHHELD {len(budget.withheld)} (failed the fact check)" if budget.withheld else ""))
    if budget.withheld:
        sys.exit(WITHHELD_EXIT)
