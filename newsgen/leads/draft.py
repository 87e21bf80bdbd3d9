"""From a lead to a draft: "write this story". The lead's story (a story of an
on-demand kit, such as the generic ONS category kit) is written for the
lead's area by the build's own code (plan, render, the fact check and the
review stage), so the draft is what a build would make, and goes into the
review store as a draft for an editor. Nothing is published.

The drafts of on-demand stories are the commissions: `commissioned_stories`
gives the next build those stories for those areas only, so a commissioned
story that an editor approves goes out with the next build like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from newsgen.build.context import BuildContext, BuildOptions
from newsgen.build.plan import plan_build, render
from newsgen.build.stages import fact_check_stage
from newsgen.errors import NewsgenError
from newsgen.kit import Kit, find_kits, read_kits, select_kits
from newsgen.paths import LEADS_JSON
from newsgen.review.stages import review_db_path, review_stage
from newsgen.review.store import ReviewStore



@dataclass
class Written:
    draft_id: int
    key: str
    headline: str
    new: bool


def read_lead(output: Path, lead_id: str) -> dict:
    """A lead from OUTPUT/leads/leads.json, by its id ("homicide/cleveland")."""
    path = Path(output) / LEADS_JSON
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsgenError(f"{path}: no leads; run `newsgen leads` first") from None
    except ValueError as exc:
        raise NewsgenError(f"{path}: not a leads file ({exc})") from None
    for lead in document.get("leads", []):
        if lead.get("id") == lead_id:
            return lead
    raise NewsgenError(f"no lead {lead_id!r} in {path}; ids look like 'homicide/cleveland'")


def write_story(lead: dict, options: BuildOptions, kit_dirs: tuple[Path, ...], editor: str) -> Written:
    """Write the lead's story for its area and put it in the review store as a
    draft (an existing draft of it is brought up to date, as a build would)."""
    kit = _story(lead, kit_dirs)
    plan = plan_build([kit], (lead["area"],), options.data_override, options.user_templates,
                      options.areas_file)
    articles = render(plan.todo())
    if not articles:
        why = "; ".join(s.reason for s in plan.skipped) or "no figures"
        raise NewsgenError(f"{kit.name} has no story for {lead['area_name']}: {why}")
    if articles[0].period != lead["period"]:
        raise NewsgenError(f"lead {lead['id']!r} is for {lead['period']}, but {kit.name} writes "
                           f"stories for {articles[0].period} (its kit.toml [periods]); "
                           "scan that period again with `newsgen leads`")
    ctx = BuildContext(articles, plan.writers, None, options, forces=plan.forces, index=0)
    fact_check_stage(ctx)   # the same fact check as a build: a failing draft is not stored
    if ctx.withheld:
        raise NewsgenError(f"the story was withheld by the fact check: {ctx.withheld[0]}")
    review_stage(ctx)
    article = ctx.articles[0]
    with ReviewStore(review_db_path(options)) as store:
        row = store.by_key(article.key)
        store.commission(row["id"], editor, f"written from lead {lead['id']}: "
                                            f"{lead.get('title', '')}")
    return Written(row["id"], article.key, article.headline, ctx.out.review.get("new", 0) > 0)


def open_review_store(options: BuildOptions) -> Path:
    """Make the review store if there is none yet (a scan before any build),
    so the review page can list the leads and take their drafts."""
    path = review_db_path(options)
    ReviewStore(path).close()
    return path


def _story(lead: dict, kit_dirs: tuple[Path, ...]) -> Kit:
    kit = next((k for k in select_kits((lead["story"],), kit_dirs) if k.name == lead["story"]), None)
    if kit is None:
        raise NewsgenError(f"no story {lead['story']!r} to write lead {lead['id']!r} with")
    return kit


def commissioned_stories(options: BuildOptions, kit_dirs: tuple[Path, ...] = ()) -> list[Kit]:
    """The on-demand stories with drafts in the review store, each for the
    areas that have one (of any period: a commission carries on with the
    next figures, each a new draft for review): what a build of every story
    also builds."""
    db = review_db_path(options)
    if not Path(db).is_file():
        return []
    stories = {k.name: k for folder in find_kits(kit_dirs) for k in read_kits(folder)
               if k.on_demand}
    if not stories:
        return []
    areas: dict[str, list[str]] = {}
    with ReviewStore(db) as store:
        for name, kit in stories.items():
            slugs = {row["slug"] for row in store.list(story=name)}
            if slugs:
                areas[name] = sorted(slugs)
    return [replace(stories[name], areas=tuple(slugs)) for name, slugs in sorted(areas.items())]
