"""`newsgen lint`: each measure on articles made to break it, the command's
exit statuses, and the shipped output held to every limit."""

import json

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.lint import Limits, Masker, lint, similarity

FACTS = {"current": 301, "previous": 302, "change_pct": -0.33, "per_day": 301 / 365,
         "rate": 28.6, "rate_rank": 40, "rate_ranked": 43, "days": 365,
         "current_period": "2017-18", "previous_period": "2016-17"}


def article(slug="derbyshire", force="Derbyshire", region="East Midlands", headline=None,
            standfirst="Police in Derbyshire recorded more than 300 offences in the year to March 2018.",
            paragraphs=("Derbyshire Constabulary recorded 301 offences, down slightly from 302.",),
            facts=None, angle=None, kit="story"):
    return {"kit": kit, "title": "Offences recorded by police", "slug": slug, "force": force,
            "force_label": f"{force} Constabulary", "region": region,
            "headline": headline or f"Police record more than 300 offences in {force}",
            "standfirst": standfirst, "paragraphs": list(paragraphs), "notes": [],
            "angle": angle or {"name": "total", "claim": ["current"]},
            "facts": {k: {"value": v, "sources": []} for k, v in (facts or FACTS).items()}}


def write(folder, *docs):
    for doc in docs:
        path = folder / doc["kit"] / f"{doc['slug']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc))
    return folder


def kinds(folder, **limits):
    return sorted({f.kind for f in lint(folder, Limits(**limits)).findings})


def test_a_clean_article_has_no_findings(tmp_path):
    report = lint(write(tmp_path, article()))
    assert report.findings == [] and report.ok


@pytest.mark.parametrize("kind, changes", [
    ("long-headline", {"headline": "Police record more than 300 offences in Derbyshire, "
                                   "the force with the longest headline in England and Wales"}),
    ("same-opener", {"paragraphs": ["Police said 301.", "Police also said so."]}),
    ("repeated-figure", {"standfirst": "Police in Derbyshire recorded 301 offences in 2017-18.",
                         "paragraphs": ["Derbyshire Constabulary recorded 301 offences."]}),
    ("calendar-dates", {"paragraphs": ["It recorded 301 between April 2017 and March 2018."]}),
    ("point-zero", {"paragraphs": ["The rate was 1.0 robberies for every 1,000 people."]}),
    ("hedge-far", {"paragraphs": ["That is nearly one offence a day on average."]}),   # 0.82
    ("fraction-far", {"paragraphs": ["A rise of almost a tenth (8%)."]}),
    ("fraction-far", {"paragraphs": ["A rise of almost a fifth (20%)."]}),          # fights its %
    ("fraction-far", {"paragraphs": ["A rise of more than a tenth (10%)."]}),
    ("little-change", {"paragraphs": ["It recorded 301, down slightly from 320."],
                       "facts": {**FACTS, "previous": 320}}),
    ("rank-rules", {"paragraphs": ["It had the 19th lowest rate of the 43 forces in England and Wales."]}),
    ("rank-rules", {"paragraphs": ["The fourth lowest rate of the 15 forces whose figures are known."]}),
    # within a region, only its ends: "the third highest of five" says nothing
    ("rank-rules", {"paragraphs": ["Among the five forces in the South West, it had the third highest rate."]}),
    ("rank-rules", {"paragraphs": ["Across the East Midlands, it had the second largest number of the five."]}),
    ("rate-on-few", {"angle": {"name": "highest-rate", "family": "rate", "min_count": 400,
                               "claim": ["current"]}}),
    ("intro-claim", {"angle": {"name": "fall", "family": "change", "claim": ["change_pct"]}}),
    ("repeated-word", {"paragraphs": ["Worried, worried, worried, worried and worried."]}),
])
def test_each_kind_of_finding_is_found(tmp_path, kind, changes):
    assert kinds(write(tmp_path, article(**changes))) == [kind]


def test_hedges_that_hold_are_not_findings(tmp_path):
    doc = article(paragraphs=["That is more than five offences a week.",
                              "A rise of almost a quarter (23%), a fifth (20%) of the total.",
                              "Another force had the third lowest rate of the 43 forces.",
                              "Among the five forces in the East Midlands, it had the highest rate.",
                              "Across the East Midlands, it had the smallest number of the five."],
                  facts={**FACTS, "change_pct": 22.7})
    assert kinds(write(tmp_path, doc)) == []


def test_masking_hides_names_and_numbers():
    mask = Masker([article(), article(slug="dyfed-powys", force="Dyfed-Powys", region="Wales")])
    assert mask("Dyfed-Powys Police recorded 2,516 offences, up 44%, the second highest in Wales") \
        == "X recorded N offences, up N, the N highest in X"
    assert mask("Derbyshire Constabulary recorded sixty-two") == "X recorded N"


def test_same_region_articles_that_differ_only_in_names_and_numbers_are_identical(tmp_path):
    a = article()
    b = article(slug="leicestershire", force="Leicestershire",
                standfirst="Police in Leicestershire recorded more than 900 offences in the year to March 2018.",
                paragraphs=["Leicestershire Constabulary recorded 912 offences, down slightly from 915."])
    c = article(slug="kent", force="Kent", region="South East",
                standfirst="Kent Police told the charity that its officers had dealt with 1,042 cases.")
    report = lint(write(tmp_path, a, b, c))
    story = report.stories[0]
    assert story.pairs == 1 and story.similarity_median == 100   # Kent has no neighbour here
    assert story.top_shape_share == 100 and not report.ok
    assert similarity("a b c d".split(), "e f g h".split()) == 0


def test_limits_are_options_and_the_command_exits_by_them(tmp_path):
    write(tmp_path, article(), article(slug="leicestershire", force="Leicestershire"))
    runner = CliRunner()
    strict = runner.invoke(cli, ["lint", str(tmp_path)])
    assert strict.exit_code == 1 and "limits broken" in strict.output
    loose = runner.invoke(cli, ["lint", str(tmp_path), "--max-similarity", "100",
                                "--max-shape", "100"])
    assert loose.exit_code == 0, loose.output
    assert "within every limit" in loose.output
    as_json = json.loads(runner.invoke(cli, ["lint", str(tmp_path), "--json"]).output)
    assert as_json["stories"][0]["similarity_median"] == 100
    assert as_json["broken"]


def test_bad_input_is_one_line_and_status_2(tmp_path):
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such output folder" in result.output
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "no articles" in result.output
    bad = tmp_path / "bad" / "story"
    bad.mkdir(parents=True)
    (bad / "kent.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path / "bad")])
    assert result.exit_code == 2 and "kent.json" in result.output and "Traceback" not in result.output


# -- the shipped output -------------------------------------------------------------

@pytest.fixture(scope="module")
def report(shipped_output):
    return lint(shipped_output)


def test_neighbouring_papers_get_different_stories(report):
    """Masked same-region similarity: the median pair of every story at most 70%."""
    assert len(report.stories) == 7
    for story in report.stories:
        assert story.similarity_median <= 70, (story.story, story.similarity_median)


def test_no_headline_shape_is_used_by_more_than_40_percent_of_a_story(report):
    for story in report.stories:
        assert story.top_shape_share <= 40, (story.story, story.top_shape, story.top_shape_share)
        assert story.shapes >= 5


@pytest.mark.parametrize("kind", ["long-headline", "same-opener", "repeated-figure", "repeated-word",
                                  "calendar-dates", "point-zero", "rank-rules", "rate-on-few",
                                  "intro-claim"])
def test_the_shipped_output_has_no_findings_of_this_kind(report, kind):
    found = [str(f) for f in report.findings if f.kind == kind]
    assert found == [], found[:5]


def test_the_command_has_help_with_an_example_and_is_in_the_readme():
    from tests.conftest import ROOT
    help_text = CliRunner().invoke(cli, ["lint", "-h"]).output
    assert "Example:" in help_text and "newsgen lint output" in help_text
    assert "lint" in CliRunner().invoke(cli, ["--help"]).output
    readme = (ROOT / "README.md").read_text()
    assert "newsgen lint" in readme and "masked same-region similarity" in readme
