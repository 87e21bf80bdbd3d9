"""News value (newsgen.facts.newsvalue): every candidate angle scored from its
figures, the strongest leading; the cases a desk editor raised (issue 13), each
read from the shipped output; the kit settings that tune it; the brief."""

import json
import re

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.facts import newsvalue
from newsgen.facts.newsvalue import Settings, candidates, choose, sayable
from newsgen.kit import read_kit

BASE = {"current": 500, "previous": 400, "change": 100, "change_pct": 25.0, "direction": "rise",
        "size": "sharp", "rate": 2.0, "rate_rank": 20, "rate_ranked": 43, "areas_in_table": 43,
        "national_rate": 2.0, "rate_ratio": 1.0, "share": 0.02, "national_current": 25000,
        "national_previous": 20000, "national_change_pct": 25.0, "versus_national": "in-line",
        "region_rate": 2.0, "region_rate_ratio": 1.0, "region_rate_rank": 2, "region_ranked": 5,
        "current_period": "2018-12-31", "series_first": "2003-03-31", "series_high": False,
        "series_low": False, "series_max_before": 900, "series_min_before": 100}


def scored(**changes):
    lead, second, ranked = choose(candidates({**BASE, **changes}))
    return lead, second, {c.name: c for c in ranked}


# -- the scores -------------------------------------------------------------------

def test_the_strongest_angle_leads_not_the_first_rule_that_holds():
    # a sharp rise and the second highest rate of all 43 forces, 3.3 times the
    # national rate: the rank is the story (Cambridgeshire's bicycle thefts)
    lead, second, every = scored(rate_rank=2, rate=5.0, national_rate=1.5, rate_ratio=3.3)
    assert lead.name == "highest-rate" and second.family == "change"
    assert every["highest-rate"].score > every["sharp-rise"].score
    assert {"highest-rate", "sharp-rise", "above-national", "total"} <= set(every)


def test_the_support_comes_from_another_family():
    lead, second, every = scored(rate_rank=2, rate_ratio=3.3)
    assert "above-national" in every            # the same fact as the rank: not the support
    assert second.name not in ("above-national", "highest-rate-in-region")


def test_a_large_share_of_the_national_total_outscores_a_small_rise():
    lead, second, _ = scored(share=0.40, rate_ratio=2.7, rate_rank=2, change_pct=6.0,
                             size="clear", current=33103, previous=31290)
    assert lead.name == "share" and second.name == "highest-rate"


def test_rates_need_a_minimum_count_and_a_comparable_population():
    _, _, every = scored(current=2, previous=3, rate_rank=43, rate_ratio=0.3, size="clear",
                         change_pct=-33.0, direction="fall")
    assert not {"lowest-rate", "below-national", "lowest-rate-in-region"} & set(every)
    assert every["fall"].parts["few offences: x0.5"] < 0       # a change on two offences: halved
    assert not sayable({**BASE, "current": 19}, Settings(), "kent")["rate"]
    assert sayable({**BASE, "current": 20}, Settings(), "kent")["rate"]
    assert not sayable(BASE, Settings(no_rate=("city-of-london",)), "city-of-london")["rate"]


def test_above_or_below_average_needs_a_material_gap():
    _, _, every = scored(rate=37.7, national_rate=38.8, rate_ratio=37.7 / 38.8)
    assert "below-national" not in every
    _, _, every = scored(rate_ratio=0.89)
    assert "below-national" in every
    _, _, every = scored(rate_ratio=0.89)
    assert "below-national" not in {c.name for c in candidates({**BASE, "rate_ratio": 0.89},
                                                                Settings(material_gap=20))}


@pytest.mark.parametrize("rank, sayable_", [(1, True), (3, True), (4, False), (21, False),
                                            (40, False), (41, True), (43, True)])
def test_ranks_are_said_at_the_ends_only(rank, sayable_):
    assert sayable({**BASE, "rate_rank": rank}, Settings(), "kent")["rank"] == sayable_
    names = {c.name for c in candidates({**BASE, "rate_rank": rank})}
    assert bool(names & {"highest-rate", "lowest-rate"}) == sayable_


def test_never_a_rank_against_an_incomplete_set():
    # the NSPCC's 15 forces of 43: ranked first of 15 is first of the forces
    # whose figures reached the papers, not of all
    incomplete = {**BASE, "rate_rank": 1, "rate_ranked": 15, "areas_in_table": 43}
    assert not sayable(incomplete, Settings(), "kent")["rank"]
    assert "highest-rate" not in {c.name for c in candidates(incomplete)}


def test_records_need_a_long_enough_comparable_series():
    _, _, every = scored(series_high=True, current=1000)
    assert every["record-high"].score >= 60
    short = {c.name for c in candidates({**BASE, "series_high": True, "current": 1000,
                                         "series_first": "2016-03-31"})}
    assert "record-high" not in short     # under five years: not a record worth the name
    _, _, every = scored(current=900)      # level with the old high
    assert "record-equal" in every and "record-high" not in every


def test_the_highest_for_years_is_an_angle_when_it_is_no_record():
    # Wiltshire's weapons offences: 305 in 2018, the most since the year
    # ending March 2006 (311, its peak): news a 14% rise undersells
    near = dict(current=305, previous=268, change=37, change_pct=13.8, size="clear",
                series_max_before=311, series_max_before_period="2006-03-31",
                last_higher_period="2006-03-31", last_lower_period="2017-12-31")
    lead, _, every = scored(**near)
    assert lead.name == "highest-since" and lead.claim == ("last_higher_period",)
    assert every["highest-since"].score > every["rise"].score
    assert every["highest-since"].score == pytest.approx(35 + min(15, 12.75), abs=0.1)
    # the highest for only three years is the body's business, not the lead's
    _, _, every = scored(**{**near, "last_higher_period": "2015-12-31"})
    assert "highest-since" not in every
    # a record is a record, not "the highest since"
    _, _, every = scored(**{**near, "series_high": True, "current": 400})
    assert "record-high" in every and "highest-since" not in every
    # and the fewest for years, likewise
    _, _, every = scored(current=150, previous=200, change=-50, change_pct=-25.0,
                         direction="fall", last_lower_period="2009-06-30",
                         last_higher_period="2017-12-31")
    assert "lowest-since" in every and "highest-since" not in every
    assert "lowest-since" not in {c.name for c in candidates(
        {**BASE, "current": 150, "last_lower_period": "2009-06-30"}, Settings(since_years=10))}


@pytest.mark.parametrize("rank, of, said", [(1, 5, True), (5, 5, True), (2, 5, False),
                                            (3, 5, False), (2, 2, False), (1, 2, False)])
def test_a_rank_in_a_region_is_said_at_its_ends_only(rank, of, said):
    # and never "the higher of the two": London's two forces are the Met and the City
    v = {**BASE, "region_rate_rank": rank, "region_rank": rank, "region_ranked": of}
    say = sayable(v, Settings(), "kent")
    assert say["region_rank"] == said and say["region_count_rank"] == said


def test_a_change_across_a_break_in_the_series_is_no_angle():
    _, _, every = scored(change_pct=117.0, change_across_break=True, size="sharp")
    assert not {"sharp-rise", "rise", "against-trend", "steady"} & set(every)
    _, _, plain = scored(change_pct=117.0)
    assert "sharp-rise" in plain


def test_against_the_national_trend_beats_a_plain_change():
    lead, _, every = scored(current=3911, previous=4103, change_pct=-4.7, direction="fall",
                            size="clear", versus_national="against", national_change_pct=10.0,
                            national_current=22000, national_previous=20000)
    assert lead.name == "against-trend" and every["against-trend"].score > every["fall"].score


def test_a_kit_tunes_the_scores(tmp_path):
    weighted = Settings(weights=(("total", 100.0),))
    lead, _, _ = choose(candidates(BASE, weighted))
    assert lead.name == "total" and lead.parts["kit weight x100"] > 0
    only = Settings(angles=("total",))
    assert [c.name for c in candidates(BASE, only)] == ["total"]


# -- kit.toml ------------------------------------------------------------------------

def kit_with(tmp_path, extra):
    from tests.conftest import ROOT
    import shutil
    folder = tmp_path / "kit"
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / "child-abuse-images", folder)
    toml = (folder / "kit.toml").read_text().replace('"../../data/', f'"{ROOT}/newsgen/shipped/data/')
    for table in (r"\[news_value\]", r"\[support\]", r"\[\[context\]\]"):   # each test brings its own
        toml = re.sub(rf"(?ms)^{table}.*?(?=^\[|^#|\Z)", "", toml)
    (folder / "kit.toml").write_text(toml + "\n" + extra)
    return folder


def test_news_value_settings_are_read_from_kit_toml(tmp_path):
    kit = read_kit(kit_with(tmp_path, '[news_value]\nmin_count = 50\nmaterial_gap = 15\n'
                                      'no_rate = ["city-of-london"]\n[news_value.weights]\nshare = 2\n'))
    assert kit.news_value.min_count == 50 and kit.news_value.material_gap == 15
    assert kit.news_value.no_rate == ("city-of-london",) and kit.news_value.weight("share") == 2


@pytest.mark.parametrize("extra, field, message", [
    ('[news_value]\nmin_count = "many"\n', "news_value.min_count", "expected a whole number"),
    ('[news_value]\nmin_count = -1\n', "news_value.min_count", "expected 0 or more"),
    ('[news_value]\nangles = ["scoop"]\n', "news_value.angles", "unknown angle 'scoop'"),
    ('[news_value.weights]\nscoop = 2\n', "news_value.weights.scoop", "unknown angle"),
    ('[news_value]\nmin_cuont = 5\n', "news_value.min_cuont", "did you mean"),
    ('[support]\ntext = "Call us."\n', "support.source", "missing"),
    ('[support]\ntext = "Call us."\nsource = "X"\nurl = "javascript:alert(1)"\n', "support.url",
     "http or https"),
    ('[[context]]\nsource = "X"\n', "context[1].text", "missing"),
])
def test_bad_news_value_and_context_settings_name_the_field(tmp_path, extra, field, message):
    folder = kit_with(tmp_path, extra)
    result = CliRunner().invoke(cli, ["build", "--force", "Kent", "--kits", str(folder.parent),
                                      "--story", "child-abuse-images", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "\n" not in line and field in line and message in line, line
    assert not (tmp_path / "out").exists()


# -- the cases, from the shipped output ---------------------------------------------

def read(out, story, slug):
    drafts = out / "drafts"   # every article the build wrote (the public tree has the released)
    doc = json.loads((drafts / story / f"{slug}.json").read_text())
    return doc, (drafts / story / f"{slug}.txt").read_text().split("\nNotes to editors")[0]


def top(text, n=3):
    """The headline, intro and the first `n` - 2 paragraphs."""
    return "\n".join(text.split("\n\n")[:n])


def test_cambridgeshire_bicycle_theft_leads_on_the_highest_rate(shipped_output):
    # first of the 42 forces whose rate per resident is comparable: the City of
    # London's (few residents, many commuters) is in no rank (no_rate)
    doc, text = read(shipped_output, "ons-bicycle-theft", "cambridgeshire")
    assert doc["angle"]["name"] == "highest-rate" and doc["facts"]["rate_rank"]["value"] == 1
    assert doc["facts"]["rate_ranked"]["value"] == 42
    assert "highest" in doc["headline"] and "the highest rate" in doc["standfirst"]
    assert "five thefts for every 1,000 people" in doc["standfirst"] or "5 for every" in text
    assert "Rankings of rates leave out the City of London" in " ".join(map(str, doc["notes"]))
    city, _ = read(shipped_output, "ons-bicycle-theft", "city-of-london")
    assert city["facts"]["rate_rank"]["value"] is None
    assert city["facts"]["rate"]["value"] > doc["facts"]["rate"]["value"]


def test_the_met_robbery_leads_on_its_share_and_rate_not_a_six_percent_rise(shipped_output):
    doc, text = read(shipped_output, "ons-robbery", "metropolitan")
    assert doc["angle"]["name"] == "share" and not doc["headline"].startswith("Rise")
    assert "40%" in doc["headline"] and "40%" in doc["standfirst"]
    assert "2.7 times" in top(text, 4)
    shares = {c["name"]: c["score"] for c in doc["angle"]["candidates"]}
    assert shares["share"] > shares["rise"]


def test_dyfed_powys_robbery_says_it_equals_its_all_time_high(shipped_output):
    doc, text = read(shipped_output, "ons-robbery", "dyfed-powys")
    assert doc["facts"]["current"]["value"] == doc["facts"]["series_max_before"]["value"] == 62
    assert "record-equal" in {c["name"] for c in doc["angle"]["candidates"]}
    assert re.search(r"equal", text) and "62" in text


def test_wiltshire_weapons_lead_on_the_most_since_2006_and_give_the_peak(shipped_output):
    doc, text = read(shipped_output, "ons-possession-of-weapons", "wiltshire")
    assert doc["angle"]["name"] == "highest-since"
    assert doc["facts"]["last_higher_period"]["value"] == "2006-03-31"
    assert "since 2006" in doc["headline"]
    assert "since the year ending March 2006" in doc["standfirst"]
    assert "311" in text and "third highest" not in text   # the peak; no middle rank


def test_no_rank_in_a_region_away_from_its_ends(shipped_output):
    for path in sorted(shipped_output.glob("drafts/*/*.txt")):
        text = path.read_text().split("Notes to editors")[0]
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if re.search(r"forces (?:in|of) (?!England and Wales)|the \w+ forces? recorded", sentence):
                assert not re.search(r"\bthe (?:second|third|fourth|fifth|sixth) "
                                     r"(?:highest|lowest|largest|smallest)\b", sentence), \
                    (path, sentence)


def test_the_west_midlands_is_named_as_a_reader_says_it(shipped_output):
    doc, text = read(shipped_output, "ons-sexual-offences", "west-midlands")
    # (headlines drop a leading "the", as for the Metropolitan Police area)
    body = text.split("Notes to editors")[0].split("\n\n", 1)[1]
    assert "in the West Midlands" in body and not re.search(r"(?<!the )(?<!The )West Midlands(?! Police)", body)
    assert "West Midlands, West Midlands" not in body
    # the region is "the West Midlands region" beside the force area of that name
    assert "the West Midlands region" in body or "West Midlands region" not in body


def test_the_city_of_london_home_office_story_is_no_rate_story_on_two_offences(shipped_output):
    doc, text = read(shipped_output, "home-office-obscene-publications", "city-of-london")
    assert doc["facts"]["current"]["value"] == 2
    assert doc["angle"]["family"] not in ("rate", "share") and doc["angle"]["name"] == "total"
    assert "for every 100,000" not in text and "average" not in doc["headline"]
    assert not doc["angle"]["say"]["rate"]


def test_derbyshire_stalking_lowest_rate_is_not_buried(shipped_output):
    doc, text = read(shipped_output, "ons-stalking-and-harassment", "derbyshire")
    assert doc["facts"]["rate_rank"]["value"] == doc["facts"]["rate_ranked"]["value"] == 42
    assert "lowest" in top(text, 4)   # headline, intro or the two paragraphs after it
    assert "lowest-rate" in (doc["angle"]["name"], doc["angle"]["second"])


def test_the_bedfordshire_intro_carries_its_headlines_rise(shipped_output):
    doc, _ = read(shipped_output, "child-abuse-images", "bedfordshire")
    assert doc["angle"]["name"] == "sharp-rise"
    assert re.search(r"rose|rise|more", doc["standfirst"])
    assert re.search(r"69%|more than two-thirds", doc["standfirst"])


def test_every_change_headline_sits_over_an_intro_with_the_change(shipped_output):
    found = 0
    for path in (shipped_output / "drafts").glob("*/*.json"):
        if path.name.startswith("_"):
            continue
        doc = json.loads(path.read_text())
        if doc.get("angle", {}).get("family") == "change" and doc["angle"]["name"] != "steady":
            assert re.search(r"\b(rose|fell|more|fewer|doubled|tripled|up|down)\b",
                             doc["standfirst"]), doc["standfirst"]
            assert re.search(r"\d%|doubled|tripled|quadrupled|fold|a (?:tenth|fifth|quarter|third)"
                             r"|half|two-thirds|three-quarters", doc["standfirst"]), doc["standfirst"]
            found += 1
    assert found >= 40


def test_every_article_records_every_candidate_and_a_brief(shipped_output):
    for path in list((shipped_output / "drafts").glob("*/*.json"))[:60]:
        if path.name.startswith("_") or path.parent.name in ("ninjs", "feeds"):
            continue
        doc = json.loads(path.read_text())
        scores = [c["score"] for c in doc["angle"]["candidates"]]
        assert scores == sorted(scores, reverse=True) and doc["angle"]["score"] == scores[0]
        assert doc["brief"]["angle"].startswith(f"Leads on {doc['angle']['name']}")
        assert any(line.startswith("Ask ") and " for comment: " in line
                   for line in doc["brief"]["follow_ups"])
        assert any("neighbouring forces" in line for line in doc["brief"]["follow_ups"]) \
            or doc["region"] in ("London",) or doc["kit"] == "child-abuse-images"


def test_neighbouring_forces_get_different_shapes(shipped_output):
    """Within a region of no more areas than a slot has wordings, no two areas
    share a headline shape chosen by `variant` (the same angle aside)."""
    from newsgen.words.templates import neighbourly_variant
    for region_size in (2, 3):
        picks = {neighbourly_variant("k", "r", i, "s", "headline", 3) for i in range(region_size)}
        assert len(picks) == region_size
    picks = [neighbourly_variant("k", "r", i, "s", "headline", 3) for i in range(7)]
    assert picks[0] != picks[3] or picks[1] != picks[4]   # the second lap is shifted
