"""The rules of true copy (issue 13), held over the whole shipped output:
hedges and fractions a sub-editor would pass, "slightly" and "little change"
only for small changes, no record across a series break the kit declares,
house names for forces and notes that say only what is true.

Each rule is checked here by reading the written articles and their JSON
with this file's own parsing, not newsgen's phrasing, so that a wrong
judgement in newsgen cannot also pass its own test. The named cases from the
issue follow the whole-output tests.
"""

import csv
import json
import re
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "newsgen" / "shipped"
ONS_KIT = SHIPPED / "kits" / "ons-recorded-crime" / "kit.toml"

WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
FRACTIONS = {"a tenth": 10, "a fifth": 20, "a quarter": 25, "a third": 100 / 3, "half": 50,
             "two-thirds": 200 / 3, "three-quarters": 75}


def number(text):
    text = text.lower()
    return WORDS[text] if text in WORDS else float(text.replace(",", ""))


def printed(value):
    """A percentage as a reader rounds it, half up, to a whole number."""
    return int(Decimal(repr(abs(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("copy") / "output"
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--no-charts", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "drafts"


def articles(out):
    """(story, slug, the JSON document, {fact: value}) of every article."""
    for path in sorted(out.glob("*/*.json")):
        if path.name.startswith("_") or path.parent.name in ("ninjs", "feeds"):
            continue
        doc = json.loads(path.read_text())
        values = {k: v.get("value") for k, v in doc["facts"].items()}
        yield path.parent.name, path.stem, doc, values


def copy_of(doc):
    """The words a reader reads as the story: headline, intro and body, one
    (place, text) each; quotations left out (the speakers' own words)."""
    parts = [("headline", doc["headline"]), ("standfirst", doc["standfirst"])]
    parts += [(f"paragraphs[{i}]", p) for i, p in enumerate(doc["paragraphs"])]
    return [(where, re.sub(r"“[^”]*”?", "", text)) for where, text in parts]


def sentences(text):
    return re.split(r"(?<=[.!?])\s+", text)


def test_the_build_covers_every_story(built):
    stories = {story for story, *_ in articles(built)}
    assert stories == {"child-abuse-images", "home-office-obscene-publications",
                       "ons-stalking-and-harassment", "ons-possession-of-weapons",
                       "ons-sexual-offences", "ons-robbery", "ons-bicycle-theft"}
    assert sum(1 for _ in articles(built)) == 15 + 43 * 6


# -- hedges: per day and per week ------------------------------------------------------

NUMBER_WORDS = "|".join(sorted(WORDS, key=len, reverse=True))
RATE = re.compile(r"\b(?:(nearly|almost|more than|fewer than|at least) )?"
                  rf"(?<![\w.,])(\d[\d,]*(?:\.\d+)?|{NUMBER_WORDS}) "
                  r"(?:(?!(?:nearly|almost|more|than|is|was|that)\b)[a-z-]+ ){0,5}?"
                  r"(?:a|each|per|every) (day|week)\b", re.I)


def test_no_per_day_or_per_week_hedge_is_untrue_or_under_ninety_per_cent(built):
    """'nearly N a day' only at 90% of N or more (0.82 a day is not 'nearly
    one a day'); 'more than N' is above N and below N + 1: true and close."""
    seen = {"nearly": 0, "more than": 0}
    for story, slug, doc, values in articles(built):
        for where, text in copy_of(doc):
            for m in RATE.finditer(text):
                hedge, figure, unit = (m.group(1) or "").lower(), m.group(2), m.group(3)
                n = number(figure)
                rate = values["per_day"] * (7 if unit == "week" else 1)
                if hedge in ("nearly", "almost"):
                    assert 0.9 * n <= rate < n, (story, slug, m.group(0), rate)
                    seen["nearly"] += 1
                elif hedge == "more than":
                    assert n < rate < n + 1, (story, slug, m.group(0), rate)
                    seen["more than"] += 1
                elif not hedge:
                    assert abs(rate - n) <= 0.01 * n, (story, slug, m.group(0), rate)
    assert seen["nearly"] >= 5 and seen["more than"] >= 100


# -- fractions -----------------------------------------------------------------------

FRACTION = re.compile(r"\b(almost|nearly|more than|over)?\s*(a tenth|a fifth|a quarter|a third|"
                      r"two-thirds|three-quarters|half)\b(?: \((\d+)%\))?", re.I)


def percent_facts(values):
    """Every percentage an article's facts hold: changes, and shares x 100."""
    out = [v for k, v in values.items() if k.endswith("change_pct") and v is not None]
    return out + [v * 100 for k, v in values.items() if k.endswith("share") and v]


def fraction_ok(hedge, whole, value):
    """Within a tenth of the fraction, agreeing with the printed percentage."""
    value = abs(value)
    if hedge in ("almost", "nearly"):
        return whole * 0.9 <= value < whole and printed(value) < printed(whole)
    if hedge in ("more than", "over"):
        return whole < value <= whole * 1.1 and printed(value) > printed(whole)
    return printed(value) == printed(whole)


def test_no_fraction_is_far_from_its_value_or_fights_its_percentage(built):
    """'almost a tenth' is 9 to 10%, not 8%; 'almost a fifth (20%)' and 'more
    than a tenth (10%)' contradict themselves on the page."""
    found = 0
    for story, slug, doc, values in articles(built):
        for where, text in copy_of(doc):
            for m in FRACTION.finditer(text):
                if m.group(2).lower() == "half" and not m.group(3) and not m.group(1):
                    continue     # "half" as a word, not a figure
                hedge, whole = (m.group(1) or "").lower(), FRACTIONS[m.group(2).lower()]
                candidates = percent_facts(values)
                if m.group(3):   # the percentage beside it says which figure it is
                    candidates = [v for v in candidates if printed(v) == int(m.group(3))]
                    assert candidates, (story, slug, m.group(0))
                assert any(fraction_ok(hedge, whole, v) for v in candidates), \
                    (story, slug, where, m.group(0), candidates)
                found += 1
    assert found >= 20


# -- "slightly" and "little change" ------------------------------------------------------

PAIRS = (("current", "previous"), ("region_current", "region_previous"),
         ("national_current", "national_previous"))


def small(current, previous):
    """Under 2%, or a handful (three, the shipped kits' setting) and at most 10%."""
    diff = abs(current - previous)
    return previous and (diff / previous < 0.02 or (diff <= 3 and diff / previous <= 0.1))


def test_no_slightly_or_little_change_at_two_per_cent_or_more(built):
    found = 0
    for story, slug, doc, values in articles(built):
        for where, text in copy_of(doc):
            for sentence in sentences(text):
                low = sentence.lower()
                if "slightly" in low:
                    m = re.search(r"slightly from ([\d,]+|[a-z]+)\b", low)
                    assert m, (story, slug, sentence)
                    prev = number(m.group(1))
                    pair = next(p for p in PAIRS if values.get(p[1]) == prev)
                    assert small(values[pair[0]], prev), (story, slug, sentence)
                    found += 1
                if re.search(r"little chang", low):
                    assert small(values["current"], values["previous"]), (story, slug, sentence)
                    found += 1
    assert found >= 5


# -- records across a series break -------------------------------------------------------

def declared_breaks(category, slug):
    """The kit's breaks for a category and an area (None: the national
    series), read with tomllib: their dates."""
    kit = tomllib.loads(ONS_KIT.read_text())
    story = next(s for s in kit["stories"] if s["category"] == category)
    return sorted(b["date"] for b in [*kit.get("breaks", []), *story.get("breaks", [])]
                  if not b.get("areas") or (slug is not None and slug in b["areas"]))


def comparable_from(category, slug):
    """The first day of the comparable run of figures for the year ending
    December 2018: None if the data's start (no break), or 'none' if 2018
    itself spans a break."""
    breaks = declared_breaks(category, slug)
    if not breaks:
        return None
    if breaks[-1] > date(2018, 1, 1):
        return "none"
    return breaks[-1]


YEAR_ENDING = re.compile(r"year ending (\w+) (\d{4})")


def test_no_record_or_long_run_claim_reaches_across_a_declared_break(built):
    kit = tomllib.loads(ONS_KIT.read_text())
    categories = {s.get("name"): s["category"] for s in kit["stories"]}
    checked = limited = 0
    for story, slug, doc, values in articles(built):
        if story not in categories:
            continue
        category = categories[story]
        for where, text in copy_of(doc):
            for sentence in sentences(text):
                low = sentence.lower()
                if not re.search(r"\b(highest|lowest|record)\b", low) or \
                        not re.search(r"\bsince\b|figures began|\bon record\b", low):
                    continue
                national = "england and wales" in low and "total" in low
                start = comparable_from(category, None if national else slug)
                assert start != "none", (story, slug, sentence)   # 2018 spans a break
                checked += 1
                if start is None:
                    continue
                limited += 1
                assert "since the figures began" not in low, (story, slug, sentence)
                since = low[low.index("since"):] if "since" in low else low
                for month, year in YEAR_ENDING.findall(since):
                    month = {"march": 3, "june": 6, "september": 9, "december": 12}[month]
                    # the rolling year ending then began on or after the break
                    began = date(int(year) - 1, month + 1, 1) if month < 12 else date(int(year), 1, 1)
                    assert began >= start, (story, slug, sentence)
    assert checked >= 100 and limited >= 20


def test_a_change_across_a_break_says_so_beside_the_figure(built):
    """Every story whose year-on-year change reaches across a declared break
    (all stalking and harassment: April 2018) says so in the paragraph with
    the figure, in plain words, and does not lead on the change."""
    for slug in {s for story, s, *_ in articles(built) if story == "ons-stalking-and-harassment"}:
        doc = json.loads((built / "ons-stalking-and-harassment" / f"{slug}.json").read_text())
        first = doc["paragraphs"][0]
        assert "not directly comparable" in first and "April 2018" in first, slug
        assert "counting rules" in first
        assert doc["angle"]["name"] not in ("sharp-rise", "rise", "sharp-fall", "fall",
                                            "against-trend", "steady", "record-high")
        assert any("April 2018" in n and n.rstrip().endswith(("harassment", ".")) and "http" in n
                   for n in doc["notes"]), "the notes cite the change's source"


# -- names ---------------------------------------------------------------------------

def forces():
    with open(SHIPPED / "data" / "police-forces.csv", newline="", encoding="utf-8") as fh:
        return {row["police_uk_id"]: row for row in csv.DictReader(fh) if row["ons_pfa_code"]}


def test_one_house_name_per_force_and_never_an_ampersand(built):
    table = forces()
    for story, slug, doc, values in articles(built):
        body = " ".join(text for _, text in copy_of(doc))
        assert "&" not in body, (story, slug)
        assert "Dyfed Powys" not in body and "Metropolitan Police Service" not in body
        house = table[slug]["house_name"]
        other_spellings = {table[slug]["official_label_police_uk_2012"]} - {house}
        assert not any(s in body for s in other_spellings), (story, slug)
        named = body.count(house) + body.count(house[0].upper() + house[1:])
        assert named >= 1 or "The force" in body, (story, slug)
    assert table["dyfed-powys"]["house_name"] == "Dyfed-Powys Police"
    assert table["avon-and-somerset"]["house_name"] == "Avon and Somerset Constabulary"
    assert table["devon-and-cornwall"]["house_name"] == "Devon and Cornwall Police"


def test_the_force_is_named_once_then_called_the_force(built):
    doc = json.loads((built / "ons-robbery" / "kent.json").read_text())
    body = " ".join(doc["paragraphs"])
    assert body.count("Kent Police") <= 2      # again only beside the other forces
    assert "The force" in body or "the force" in body


def test_london_never_stands_for_the_met(built):
    for story, slug, doc, values in articles(built):
        if slug != "metropolitan":
            continue
        for where, text in copy_of(doc):
            assert not re.search(r"\b(in|Police in) London\b(?! region)", text) or \
                re.search(r"(rate of [\d.]+ in London|Across London|forces in London)", text), \
                (story, where, text)
        assert "London" not in doc["headline"] and "London" not in doc["standfirst"]


def test_a_force_that_gave_no_breakdown_is_named_not_its_county(tmp_path, nspcc_csv):
    """'Northamptonshire did not say' was the county: it is the force."""
    with open(nspcc_csv, "a") as fh:
        for line in ("2016-17,all,150", "2017-18,all,171", "2017-18,unspecified,171"):
            fh.write(f"Northamptonshire,{line},https://example.org/test-fixture\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--story", "child-abuse-images", "--data",
                                      str(nspcc_csv), "--force", "Northamptonshire",
                                      "--no-charts", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "drafts" / "child-abuse-images" / "northamptonshire.txt").read_text()
    said = [s for s in sentences(text) if "did not say" in s]
    assert said and all(s.startswith(("Northamptonshire Police", "The force")) for s in said)
    assert "Northamptonshire did not say" not in text


# -- notes -----------------------------------------------------------------------------

def test_no_machine_draft_says_an_editor_checked_it(built):
    for path in built.glob("*/*.txt"):
        text = path.read_text()
        assert "checked" not in text.lower(), path
        assert "written automatically from the figures by newsgen." in text


def test_notes_name_only_what_is_in_the_data_used(built, tmp_path, nspcc_csv):
    restated = "later NSPCC release"
    for slug in ("cheshire", "devon-and-cornwall"):
        assert restated in (built / "child-abuse-images" / f"{slug}.txt").read_text()
    others = [p for p in (built / "child-abuse-images").glob("*.txt")
              if p.stem not in ("cheshire", "devon-and-cornwall")]
    assert others and not any("Cheshire" in p.read_text() or restated in p.read_text()
                              for p in others)
    assert "Lancashire" in (built / "ons-robbery" / "lancashire.txt").read_text().split(
        "Notes to editors")[1]
    assert "Lancashire" not in (built / "ons-robbery" / "kent.txt").read_text()
    # another data file: the notes describing the shipped file are left out
    out = tmp_path / "other"
    result = CliRunner().invoke(cli, ["build", "--story", "child-abuse-images", "--data",
                                      str(nspcc_csv), "--all-forces", "--no-charts", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for path in (out / "drafts" / "child-abuse-images").glob("*.txt"):
        text = path.read_text()
        assert "news reports" not in text and restated not in text, path


def test_only_an_approved_version_says_an_editor_checked_it(tmp_path):
    from datetime import datetime, timezone

    from newsgen.build import BuildOptions, build
    from newsgen.kit import kit_folder, read_kit
    from newsgen.review.store import ReviewStore

    out = tmp_path / "out"
    line = "An editor checked it before publication."

    def rebuild():
        build([read_kit(kit_folder("child-abuse-images"))],
              BuildOptions(output=out, force_names=("Derbyshire", "Kent"), charts=False,
                           now=datetime(2019, 1, 1, tzinfo=timezone.utc)))

    rebuild()
    assert line not in (out / "drafts" / "child-abuse-images" / "derbyshire.txt").read_text()
    with ReviewStore(out / "review.db") as store:
        store.approve([store.by_key("child-abuse-images/derbyshire/2017-18")["id"]], "Sam")
    rebuild()
    assert line in (out / "public" / "child-abuse-images" / "derbyshire.txt").read_text()
    assert line not in (out / "drafts" / "child-abuse-images" / "kent.txt").read_text()  # a draft
    assert line in json.loads((out / "public" / "ninjs" / "child-abuse-images" / "derbyshire.json")
                              .read_text())["ednote"]
    entry = feedparser.parse((out / "public" / "feeds" / "derbyshire.xml").read_bytes()).entries[0]
    assert line in entry.content[0].value
    with ReviewStore(out / "review.db") as store:
        draft = store.by_key("child-abuse-images/derbyshire/2017-18")
        assert line not in draft["machine_text"]      # the draft never claims it
        assert draft["status"] == "published" and draft["published_version"] == 1
    rebuild()   # the same figures again: not a new version because of the line
    with ReviewStore(out / "review.db") as store:
        assert store.by_key("child-abuse-images/derbyshire/2017-18")["published_version"] == 1


# -- the cases named in the issue ---------------------------------------------------------

def test_derbyshire_nspcc_is_not_nearly_one_offence_a_day(built):
    text = (built / "child-abuse-images" / "derbyshire.txt").read_text()
    assert "nearly one offence a day" not in text            # 301 in 365 days: 0.82
    assert "That is more than five offences a week on average." in text


def test_leicestershire_weapons_is_not_almost_a_tenth(built):
    doc = json.loads((built / "ons-possession-of-weapons" / "leicestershire.json").read_text())
    text = " ".join([doc["headline"], doc["standfirst"], *doc["paragraphs"]])
    assert (doc["facts"]["previous"]["value"], doc["facts"]["current"]["value"]) == (684, 740)
    assert "tenth" not in text and "a rise of 8%" in text


def test_south_yorkshire_sexual_offences_fell_against_the_trend(built):
    """4,103 to 3,911 (4.7% down) while England and Wales rose 10%: a story,
    not 'Little change'."""
    doc = json.loads((built / "ons-sexual-offences" / "south-yorkshire.json").read_text())
    text = " ".join([doc["headline"], doc["standfirst"], *doc["paragraphs"]])
    assert "little chang" not in text.lower() and "slightly" not in text
    assert doc["angle"]["name"] == "against-trend"
    assert "against national trend" in doc["headline"]
    assert "fell by 4.7%" in doc["standfirst"]


def test_derbyshire_stalking_does_not_lead_on_a_record(built):
    doc = json.loads((built / "ons-stalking-and-harassment" / "derbyshire.json").read_text())
    assert "since the figures began" not in doc["standfirst"]
    assert "highest" not in doc["headline"] and doc["angle"]["name"] != "record-high"
    assert doc["facts"]["series_comparable"]["value"] is False
    assert doc["facts"]["series_break"]["value"] == "2018-04-01"


def test_devon_and_cornwall_sexual_offences_are_not_little_changed(built):
    """Up 211 (4.9%) and 5 short of its all-time high: not 'little changed'."""
    text = (built / "ons-sexual-offences" / "devon-and-cornwall.txt").read_text()
    assert "little chang" not in text.lower()
    assert "Devon & Cornwall" not in text and "Devon and Cornwall Police" in text


# -- the fact check enforces the same rules on edited or templated text ---------------------

@pytest.fixture(scope="module")
def some_articles():
    from newsgen.build import build_articles
    from newsgen.kit import select_kits

    kits = select_kits(("child-abuse-images", "ons-sexual-offences", "ons-stalking-and-harassment",
                        "ons-possession-of-weapons"))
    articles, _skipped, writers = build_articles(
        kits, ("Derbyshire", "South Yorkshire", "Leicestershire", "Avon and Somerset", "Kent"))
    return {(a.kit, a.slug): a for a in articles}, writers


def problems_with(some_articles, kit, slug, sentence):
    import dataclasses

    from newsgen.factcheck.check import check_article, verbatim_of
    articles, writers = some_articles
    article = dataclasses.replace(articles[(kit, slug)],
                                  paragraphs=[*articles[(kit, slug)].paragraphs[:1], sentence])
    writer = writers[kit]
    return [str(p) for p in check_article(article, verbatim_of(writer.kit),
                                          writer.kit.judgements).problems]


@pytest.mark.parametrize("kit, slug, sentence, problem", [
    # 0.82 a day: true, but under 90% of one
    ("child-abuse-images", "derbyshire", "That is nearly one offence a day on average.",
     "nearly one offence a day"),
    # 684 to 740 is 8.2%: not within a tenth of a tenth
    ("ons-possession-of-weapons", "leicestershire", "That was a rise of almost a tenth.",
     "almost a tenth"),
    # 4,103 to 3,911 is 4.7%: neither "slightly" nor "little change"
    ("ons-sexual-offences", "south-yorkshire", "That was down slightly from 4,103.", "slightly"),
    ("ons-sexual-offences", "south-yorkshire", "There was little change in South Yorkshire.",
     "little change"),
    # 2018 spans April 2018's counting change: no record, no "since"
    ("ons-stalking-and-harassment", "derbyshire",
     "The latest figure was the highest for any 12-month period since the figures began in the "
     "year ending March 2003.", "no earlier figure is comparable"),
    # Avon and Somerset's figures are comparable only from the year ending March 2016
    ("ons-sexual-offences", "avon-and-somerset",
     "The force's highest figure since the figures began in the year ending March 2003 was 4,518.",
     "series break of 2015-04-01"),
])
def test_the_fact_check_refuses_what_the_judgements_refuse(some_articles, kit, slug, sentence,
                                                             problem):
    found = problems_with(some_articles, kit, slug, sentence)
    assert any(problem in p for p in found), found


@pytest.mark.parametrize("kit, slug, sentence", [
    ("child-abuse-images", "derbyshire", "That was down slightly from 302 in 2016-17."),
    ("child-abuse-images", "derbyshire", "That is more than five offences a week on average."),
    ("ons-sexual-offences", "south-yorkshire", "That was a fall of 4.7%."),
    ("ons-sexual-offences", "avon-and-somerset",
     "It was the highest since comparable figures began in the year ending March 2016."),
])
def test_the_fact_check_passes_what_the_judgements_allow(some_articles, kit, slug, sentence):
    assert problems_with(some_articles, kit, slug, sentence) == []


# -- kit.toml: breaks and notes are checked as they are read -----------------------------------

def kit_with(tmp_path, extra: str, where: str = "end"):
    import shutil

    folder = tmp_path / "kit"
    shutil.copytree(SHIPPED / "kits" / "child-abuse-images", folder)
    toml = (folder / "kit.toml").read_text().replace(
        'file = "../../data/', f'file = "{(SHIPPED / "data").as_posix()}/')
    (folder / "kit.toml").write_text(toml + "\n" + extra)
    return folder


@pytest.mark.parametrize("extra, message", [
    ('[[breaks]]\ndate = 2018-04-01\nchange = "x"\nsource = "y"\nurl = "ftp://example.org"\n',
     "field 'breaks[1].url': expected an http or https address"),
    ('[[breaks]]\ndate = "April 2018"\nchange = "x"\nsource = "y"\n', "breaks[1].date"),
    ('[[breaks]]\ndate = 2018-04-01\nsource = "y"\n', "field 'breaks[1].change': missing"),
    ('[[breaks]]\ndate = 2018-04-01\nchange = "x"\nsource = "y"\nareaz = ["kent"]\n',
     "unknown field; did you mean 'breaks[1].areas'"),
    ('[judgements]\nhandful = -1\n', "judgements.handful"),
])
def test_bad_breaks_and_settings_are_one_line_errors(tmp_path, extra, message):
    from newsgen.errors import DataError
    from newsgen.kit import read_kit

    with pytest.raises(DataError) as err:
        read_kit(kit_with(tmp_path, extra))
    assert message in str(err.value) and "kit.toml" in str(err.value)


def test_a_kit_handful_widens_slightly(tmp_path):
    from newsgen.build import build_articles
    from newsgen.kit import read_kit

    kit = read_kit(kit_with(tmp_path, "[judgements]\nhandful = 10\n"))
    assert kit.judgements.handful == 10
    articles, _, _ = build_articles([kit], ("Hertfordshire",))   # 309 -> 301: 2.6%, 8 fewer
    text = " ".join(articles[0].paragraphs)
    assert "down slightly from 309" in text and articles[0].facts.values["size"] == "slight"
    default, _, _ = build_articles([read_kit(SHIPPED / "kits" / "child-abuse-images")],
                                   ("Hertfordshire",))
    assert "down from 309" in " ".join(default[0].paragraphs)


# -- the pieces ------------------------------------------------------------------------------

def test_comparable_periods_stop_at_the_last_break():
    from newsgen.facts.judgements import comparable, crossed, side_of

    periods = ["2014-03-31", "2015-03-31", "2016-03-31", "2017-12-31", "2018-12-31"]
    april_2015, april_2018 = date(2015, 4, 1), date(2018, 4, 1)
    assert side_of("2015-03-31", april_2015) == "before"
    assert side_of("2015-12-31", april_2015) == "across"
    assert side_of("2016-03-31", april_2015) == "after"
    assert comparable(periods, "2018-12-31", [april_2015]) == (periods[2:], april_2015)
    assert comparable(periods, "2018-12-31", []) == (periods, None)
    # 2018 itself spans April 2018's change: nothing else compares with it
    assert comparable(periods, "2018-12-31", [april_2015, april_2018]) == (["2018-12-31"], april_2018)
    assert crossed("2017-12-31", "2018-12-31", [april_2018]) == april_2018
    assert crossed("2017-12-31", "2018-12-31", [april_2015]) is None
    # financial years: a change as 2017-18 began divides them; one before 2016-17 does not
    assert crossed("2016-17", "2017-18", [date(2017, 4, 1)]) == date(2017, 4, 1)
    assert crossed("2016-17", "2017-18", [date(2016, 4, 1)]) is None


def test_refer_back_names_the_force_once_then_says_the_force():
    from newsgen.words.phrasing import refer_back

    paras = ["Kent Police recorded 5 offences. Kent Police's rate was low.",
             "Across the South East, the five forces recorded 50. Kent Police recorded the most.",
             "Kent Police accounted for 10% of them.",
             "He said: “Kent Police is proud.”"]
    assert refer_back(paras, "Kent Police") == [
        "Kent Police recorded 5 offences. The force's rate was low.",
        "Across the South East, the five forces recorded 50. Kent Police recorded the most.",
        "The force accounted for 10% of them.",
        "He said: “Kent Police is proud.”"]
    assert refer_back(["The Metropolitan Police recorded 9.", "So did the Metropolitan Police."],
                      "the Metropolitan Police") == [
        "The Metropolitan Police recorded 9.", "So did the force."]


def test_the_series_chart_marks_each_break(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--force", "Derbyshire", "--story",
                                      "ons-stalking-and-harassment", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "drafts" / "ons-stalking-and-harassment" / "derbyshire.json").read_text())
    chart = doc["charts"][0]
    assert [b["date"] for b in chart["data"]["breaks"]] == ["2008-04-01", "2015-04-01", "2018-04-01"]
    assert "not directly comparable" in chart["alt"]
    svg = (out / "drafts" / "ons-stalking-and-harassment" / "derbyshire.svg").read_text()
    assert all(f'id="break-{i}"' in svg for i in range(3))
    assert "Counting rules changed" in svg


def test_the_review_page_marks_a_hand_edited_false_hedge(built):
    """An editor typing "nearly one offence a day" for 0.82 a day sees it
    dotted as untraced on the review page, which reads numbers through the
    fact check and so through the same judgements."""
    from newsgen.review.numbers import link_numbers

    facts = json.loads((built / "child-abuse-images" / "derbyshire.json").read_text())["facts"]
    untraced = [s["text"] for s in link_numbers(
        "That is nearly one offence a day on average, a rise of almost a tenth.", facts)
        if s.get("untraced")]
    assert untraced == ["nearly one offence a day", "almost a tenth"]
    linked = [s for s in link_numbers("That is more than five offences a week on average.", facts)
              if "facts" in s]
    assert linked and linked[0]["facts"] == ["per_day"]


@pytest.mark.parametrize("old, new, why", [
    ("fell by 4.7% in the 12 months", "was little changed in the 12 months", "'little changed'"),
    ("down from 4,103", "down slightly from 4,103", "'slightly'"),
    ("That is more than 10 offences a day", "That is nearly 11 offences a day", "nearly 11"),
])
def test_an_editor_cannot_approve_a_hedge_the_judgements_refuse(tmp_path, old, new, why):
    """The review desk's fact check guards approval with the same rules: South
    Yorkshire's 4.7% fall edited back to "little changed" is refused."""
    from newsgen.build import BuildOptions, build
    from newsgen.kit import select_kits
    from newsgen.review.drafts import CheckFailed
    from newsgen.review.store import ReviewStore

    build(select_kits(("ons-sexual-offences",)),
          BuildOptions(output=tmp_path, force_names=("South Yorkshire",), charts=False))
    with ReviewStore(tmp_path / "review.db") as store:
        row = store.by_key("ons-sexual-offences/south-yorkshire/2018-12-31")
        assert old in row["machine_text"]
        store.edit(row["id"], row["machine_text"].replace(old, new), "Sam", row["version"])
        with pytest.raises(CheckFailed, match=re.escape(why)):
            store.approve([row["id"]], "Sam")
