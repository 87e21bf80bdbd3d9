"""The budget of the shipped ONS table: every category for every force at the
latest period, each lead's words checked by the article fact check, its
figures traced to cells, its value the documented product, and what the
data's known breaks and events rule out left out."""

import math

import pytest

from newsgen.facts.compute import compute_facts
from newsgen.facts.kit_facts import KitData
from newsgen.factcheck.check import check_article
from newsgen.kit import kit_folder, read_kits
from newsgen.leads.budget import make_budget
from newsgen.leads.reasons import LeadText
from newsgen.leads.score import LOWEST, SUPPORT
from newsgen.sources.forces import load_forces


@pytest.fixture(scope="module")
def stories():
    return read_kits(kit_folder("ons-category"))


@pytest.fixture(scope="module")
def budget(stories):
    return make_budget(stories, load_forces())


def leads_of(budget, category=None, area=None):
    return [lead for lead in budget.leads if (category is None or lead.category == category)
            and (area is None or lead.area == area)]


def test_every_category_is_scanned_for_every_force(budget, stories):
    assert len(stories) == 22
    assert budget.period == "2018-12-31" and budget.previous == "2017-12-31"
    assert set(budget.categories) | set(budget.not_scanned) == {s.category for s in stories}
    assert budget.not_scanned == {"Fraud offences": "no figures for 2018-12-31"}
    assert len({lead.area for lead in budget.leads}) == 43
    assert len(budget.leads) > 200 and budget.withheld == []


def test_leads_are_ranked_by_value_overall_and_per_area(budget):
    values = [lead.value for lead in budget.leads]
    assert values == sorted(values, reverse=True)
    assert [lead.rank for lead in budget.leads] == list(range(1, len(budget.leads) + 1))
    for area in {lead.area for lead in budget.leads}:
        mine = leads_of(budget, area=area)
        assert [lead.area_rank for lead in mine] == list(range(1, len(mine) + 1))


def test_every_lead_passes_the_article_fact_check(budget):
    """Re-checked here from the facts the budget wrote, not trusted."""
    forces = load_forces().by_slug
    for lead in budget.leads:
        force = forces[lead.area]
        for finding in lead.findings:
            text = LeadText(finding["title"], finding["reason"], lead.facts, force.name,
                            force.label, force.region, lead.category)
            report = check_article(text)
            assert report.ok, [str(p) for p in report.problems]
            assert report.claims, finding["reason"]   # every reason states figures


def test_every_stated_figure_cites_its_cells_or_how_it_was_made(budget):
    for lead in budget.leads[:80]:
        for name, fact in lead.facts.facts.items():
            if isinstance(fact.value, (int, float)) and not isinstance(fact.value, bool):
                assert fact.sources or fact.how, (lead.id, name)
        current = lead.facts.facts["current"]
        assert len(current.sources) == 1 and current.sources[0].file.endswith(
            "ons-recorded-crime-pfa-2003-2018.csv")


def test_a_value_is_the_documented_product_of_its_factors(budget):
    for lead in budget.leads:
        for f in lead.findings:
            product = 10 * f["size"] * f["rarity"] * f["seriousness"] * f["reach"] * f["caution"]
            assert math.isclose(f["value"], product, rel_tol=0.01, abs_tol=0.02), (lead.id, f)
            assert math.isclose(f["size"], min(2.5, max(0.5, 0.5 + math.sqrt(f["size_points"] / 100))),
                                abs_tol=0.01)
        best, *rest = sorted((f["value"] for f in lead.findings), reverse=True)
        assert math.isclose(lead.value, best + SUPPORT * sum(rest), abs_tol=0.02)


def test_seriousness_comes_from_the_kit_table(budget, stories):
    weights = {s.category: s.story["seriousness"] for s in stories}
    assert weights["Homicide"] > weights["Robbery"] > weights["Bicycle theft"]
    for lead in budget.leads:
        assert {f["seriousness"] for f in lead.findings} == {weights[lead.category]}


def test_the_same_finding_in_many_areas_is_worth_less_in_each(budget):
    records = [f for lead in leads_of(budget, "Violence without injury") for f in lead.findings
               if f["kind"] == "record-high"]
    assert len(records) >= 10 and all(f["same"] == len(records) for f in records)
    # rarity is years / 10 (at most 2), divided by 1 + (areas - 1) / 4
    assert all(f["rarity"] <= 2 / (1 + (len(records) - 1) / 4) + 1e-3 for f in records)


def test_a_lowest_rate_weighs_less_than_a_highest(budget):
    pairs = [(f["kind"], f["rarity"]) for lead in budget.leads for f in lead.findings
             if f["kind"].endswith("-in-region")]
    assert {r for k, r in pairs if k.startswith("highest")} == {0.6}
    assert {r for k, r in pairs if k.startswith("lowest")} == {round(0.6 * LOWEST, 3)}


def test_no_record_or_change_across_the_stalking_counting_change(budget):
    """April 2018: the year to December 2018 straddles it."""
    for lead in leads_of(budget, "Stalking and harassment"):
        kinds = {f["kind"] for f in lead.findings}
        assert not kinds & {"record-high", "record-low", "unusual-rise", "unusual-fall",
                            "rises-in-a-row", "falls-in-a-row", "against-trend"}, lead.id
        assert lead.facts.values["lead_change_comparable"] is False


def test_no_record_in_the_reclassified_burglary_categories(budget):
    for category in ("Residential burglary", "Non-residential burglary"):
        for lead in leads_of(budget, category):
            assert {f["kind"] for f in lead.findings} <= {
                "highest-rate", "lowest-rate", "highest-rate-in-region",
                "lowest-rate-in-region", "large-share"}, lead.id
    # the old categories' last figures are a handful: below the minimum
    assert not leads_of(budget, "Domestic burglary") and not leads_of(budget, "Non-domestic burglary")


def test_the_manchester_arena_year_is_not_compared(budget):
    (gmp,) = leads_of(budget, "Homicide", "greater-manchester")
    assert gmp.facts.values["lead_change_comparable"] is False
    assert "Manchester Arena" in gmp.facts.values["lead_previous_event"]
    assert not {f["kind"] for f in gmp.findings} & {"unusual-rise", "against-trend"}


def test_lancashire_s_estimated_months_are_a_caution(budget):
    lancashire = leads_of(budget, area="lancashire")
    assert lancashire and all(lead.caveats for lead in lancashire)
    assert all(f["caution"] == 0.5 for lead in lancashire for f in lead.findings)


def test_a_minimum_count_holds_for_every_lead(budget, stories):
    minimum = {s.category: s.story.get("min_count", 50) for s in stories}
    for lead in budget.leads:
        assert lead.facts.values["current"] >= minimum[lead.category], lead.id


def test_rates_and_ranks_agree_with_the_article_facts(budget, stories):
    """One decision, two places: the scan's rate ranks are the articles'."""
    forces = load_forces()
    loaded = KitData(forces)
    for story in stories:
        if story.category not in ("Homicide", "Robbery", "Shoplifting"):
            continue
        story = loaded.resolve(story)      # periods.current = "latest"
        assert story.current == budget.period
        per_area, _ = compute_facts(loaded.dataset(story), forces.by_slug, story.current,
                                    story.previous, story.per, category=story.category,
                                    population=loaded.population(story), extended=True)
        for lead in leads_of(budget, story.category):
            mine, theirs = lead.facts.values, per_area[lead.area].values
            assert mine["rate_rank"] == theirs["rate_rank"], lead.id
            assert math.isclose(mine["rate"], theirs["rate"]), lead.id
            assert mine["national_rate"] == pytest.approx(theirs["national_rate"])


def test_the_cleveland_homicide_record_leads_with_its_figures(budget):
    (lead,) = leads_of(budget, "Homicide", "cleveland")
    assert lead.kind == "record-high"
    v = lead.facts.values
    assert (v["current"], v["lead_record_before"], v["lead_record_before_period"]) == \
        (15, 12, "2018-09-30")
    assert "15 homicides" in lead.reason and "the previous high was 12" in lead.reason
    assert lead.chart["type"] == "series" and lead.chart["data"]["values"][-1] == 15
