"""The budget as files a newsroom reads: ``leads/leads.csv`` (a row per lead,
best first), ``leads/leads.json`` (every lead with its findings, news value
and its factors, figures with their data cells, chart), and an Atom feed of
leads per area for its reporters (``leads/feeds/<area>.xml``, and
``leads/feeds/all.xml`` of the best 100). Written into OUTPUT through a
staging folder and swapped in whole, as a build writes its output.

Every time in a feed is the figures' publication time (the kit's release),
never the clock, and entries are in budget order: the same budget gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson

from newsgen.facts.shared import entry
from newsgen.leads.budget import Budget, Lead
from newsgen.paths import LEADS_CSV, LEADS_FEED_PATH, LEADS_JSON
from newsgen.publish.feeds import XML_DECLARATION, xml_attr, xml_text
from newsgen.publish.staging import Staging

ALL_FEED = 100   # leads in feeds/all.xml: the best
CSV_COLUMNS = ("rank", "area_rank", "value", "area", "area_name", "region", "category", "kind",
               "title", "reason", "other_findings", "current", "previous", "change_pct",
               "period", "caveats", "story", "id")


def lead_row(lead: Lead) -> dict:
    v = lead.facts.values
    pct = v.get("change_pct")
    return {"rank": lead.rank, "area_rank": lead.area_rank, "value": f"{lead.value:.2f}",
            "area": lead.area, "area_name": lead.area_name, "region": lead.region,
            "category": lead.category, "kind": lead.kind, "title": lead.title,
            "reason": lead.reason,
            "other_findings": "; ".join(f["kind"] for f in lead.findings[1:]),
            "current": v.get("current"), "previous": "" if v.get("previous") is None else v["previous"],
            "change_pct": "" if pct is None else f"{pct:.1f}", "period": lead.period,
            "caveats": "; ".join(lead.caveats), "story": lead.story, "id": lead.id}


def budget_csv(budget: Budget) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for lead in budget.leads:
        writer.writerow(lead_row(lead))
    return out.getvalue()


def lead_document(lead: Lead) -> dict:
    return {"id": lead.id, "rank": lead.rank, "area_rank": lead.area_rank, "value": lead.value,
            "area": lead.area, "area_name": lead.area_name, "area_label": lead.area_label,
            "region": lead.region, "category": lead.category, "story": lead.story,
            "period": lead.period, "kind": lead.kind, "title": lead.title,
            "reason": lead.reason, "findings": lead.findings, "caveats": lead.caveats,
            "facts": lead.facts.as_dict(), "chart": lead.chart}


def budget_document(budget: Budget) -> dict:
    by_area: dict[str, list[str]] = {}
    for lead in budget.leads:
        by_area.setdefault(lead.area, []).append(lead.id)
    return {
        "about": ("Leads found by newsgen's scan of every category for every area: each is an "
                  "area and a category with its findings, best first, its news value and the "
                  "factors it is the product of (README, 'Finding the stories'), and its "
                  "figures with the data cells they came from. Facts citing many cells "
                  "name their entry in 'shared' (\"cited_in\")."),
        "period": budget.period, "previous": budget.previous,
        "national_name": budget.national_name, "data": budget.file,
        "categories": budget.categories, "not_scanned": budget.not_scanned,
        "count": len(budget.leads),
        "leads": [lead_document(lead) for lead in budget.leads],
        "by_area": by_area,
        "shared": {key: entry(key, {"fact": fact}) for key, fact in sorted(budget.shared.items())},
    }


# -- Atom feeds for reporters --------------------------------------------------

def lead_url(review_url: str, lead: Lead) -> str:
    return f"{review_url.rstrip('/')}/leads/{lead.id}"


def _entry(lead: Lead, review_url: str, stamp: str) -> str:
    paragraphs = [f["reason"] for f in lead.findings]
    paragraphs += [f"Caution: {c}." for c in lead.caveats]
    paragraphs.append(f"News value {lead.value:.1f} (rank {lead.rank} of all leads).")
    content = "".join(f"<p>{xml_text(p)}</p>" for p in paragraphs)
    ident = f"urn:newsgen:lead:{lead.period}:{lead.id.replace('/', ':')}"
    cats = "".join(f'    <category term="{xml_attr(term)}" scheme="urn:newsgen:{scheme}"/>\n'
                   for term, scheme in ((lead.kind, "lead-kind"), (lead.category, "category"),
                                        (lead.area_name, "force")))
    return (f"  <entry>\n    <id>{xml_text(ident)}</id>\n"
            f"    <title>{xml_text(lead.title)}</title>\n"
            f"    <updated>{stamp}</updated>\n"
            f'    <link href="{xml_attr(lead_url(review_url, lead))}" rel="alternate" '
            'type="text/html"/>\n'
            f"    <summary>{xml_text(lead.reason)}</summary>\n"
            f'    <content type="html">{xml_text(content)}</content>\n'
            f"{cats}  </entry>\n")


def atom_feed(name: str, title: str, leads: list[Lead], budget: Budget,
              review_url: str) -> bytes:
    stamp = budget.release.isoformat()
    # served by the review page (newsgen.review.leads_page), never publicly
    self_url = f"{review_url.rstrip('/')}/{LEADS_FEED_PATH.format(name=name)}"
    head = (f'{XML_DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">\n'
            f"  <id>urn:newsgen:leads:{xml_text(name)}</id>\n"
            f"  <title>{xml_text(title)}</title>\n"
            f"  <updated>{stamp}</updated>\n"
            "  <author>\n    <name>newsgen</name>\n  </author>\n"
            f'  <link href="{xml_attr(self_url)}" rel="self"/>\n'
            f"  <subtitle>{xml_text(_subtitle(budget))}</subtitle>\n"
            "  <generator>newsgen</generator>\n")
    return (head + "".join(_entry(lead, review_url, stamp) for lead in leads) + "</feed>\n").encode()


def _subtitle(budget: Budget) -> str:
    return (f"Leads from newsgen's scan of {budget.file} for {budget.period}: findings for a "
            "reporter to check, not stories; nothing here has been reviewed by an editor.")


def write_budget(budget: Budget, output: Path, forces: list, review_url: str) -> int:
    """Write OUTPUT/leads/ whole (the old one stays until the new is ready);
    returns the number of files."""
    staging = Staging(Path(output))
    try:
        staging.write(LEADS_CSV, budget_csv(budget))
        # compact: a budget is thousands of facts, each with its cells
        staging.write(LEADS_JSON,
                      orjson.dumps(budget_document(budget), option=orjson.OPT_APPEND_NEWLINE))
        by_area: dict[str, list[Lead]] = {}
        for lead in budget.leads:
            by_area.setdefault(lead.area, []).append(lead)
        for force in forces:   # every area's feed, with leads or not: its address stays valid
            staging.write(LEADS_FEED_PATH.format(name=force.slug), atom_feed(
                force.slug, f"newsgen leads: {force.label}", by_area.get(force.slug, []),
                budget, review_url))
        staging.write(LEADS_FEED_PATH.format(name="all"), atom_feed(
            "all", "newsgen leads: the best of every area", budget.leads[:ALL_FEED], budget,
            review_url))
        count = staging.count
        staging.commit()
    except BaseException:
        staging.abandon()
        raise
    return count
