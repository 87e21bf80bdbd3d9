"""From a lead to a story: "write this story" makes a draft (through the
build's own code and fact check) for an editor; the next build of every
story builds the commissioned story for that area only; nothing goes out
until an editor approves it, and then it does."""

import json

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.review.store import ReviewStore

KEY = "ons-category-homicide/cleveland/2018-12-31"


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("commissioned")
    assert run("leads", "-o", out, "--top", 0).exit_code == 0
    return out


def test_a_lead_becomes_a_draft_for_review(out):
    result = run("leads", "-o", out, "--draft", "homicide/cleveland", "--editor", "Sam Jones")
    assert result.exit_code == 0, result.output
    assert "draft 1 (new): Homicides in Cleveland at highest level since figures began" in result.output
    with ReviewStore(out / "review.db") as store:
        draft = store.by_key(KEY)
        assert draft["status"] == "draft" and draft["kit"] == "ons-category-homicide"
        text = draft["machine_text"]
        assert "Police in Cleveland recorded 15 homicides in the 12 months to December 2018" in text
        assert "The previous high was 12, in the year ending September 2018." in text
        facts = json.loads(draft["facts"])
        assert facts["lead_kind"]["value"] == "record-high"
        log = store.log(draft["id"])
        assert [(e["who"], e["action"]) for e in log] == [("build", "create"), ("Sam Jones", "commission")]
        assert "written from lead homicide/cleveland" in log[-1]["note"]
    again = run("leads", "-o", out, "--draft", "homicide/cleveland", "--editor", "Sam Jones")
    assert "draft 1 (updated)" in again.output      # the same draft, not a second


def test_a_lead_that_does_not_exist_is_refused(out):
    result = run("leads", "-o", out, "--draft", "drug-offences/cleveland")
    assert result.exit_code == 2
    assert "no lead 'drug-offences/cleveland'" in result.output


def test_the_next_build_writes_the_commissioned_story_but_keeps_it_out_of_feeds(out):
    result = run("build", "--all-forces", "--no-charts", "-o", out)
    assert result.exit_code == 0, result.output
    assert "wrote 274 articles" in result.output            # the 273 stories and this one
    drafts = out / "drafts"
    assert sorted(p.name for p in (drafts / "ons-category-homicide").glob("*.txt")) == ["cleveland.txt"]
    assert not (drafts / "ons-category-drug-offences").exists()
    assert not (out / "public" / "ons-category-homicide").exists()   # a draft: not released
    feed = feedparser.parse((out / "public" / "feeds" / "cleveland.xml").read_bytes())
    assert not any("Homicides" in e.title for e in feed.entries)
    assert (out / "leads" / "leads.json").is_file()         # a build leaves the budget alone


def test_approved_it_goes_out_with_the_next_build(out):
    with ReviewStore(out / "review.db") as store:
        store.approve([store.by_key(KEY)["id"]], "Sam Jones")
    result = run("build", "--all-forces", "--no-charts", "-o", out)
    assert result.exit_code == 0, result.output
    feed = feedparser.parse((out / "public" / "feeds" / "cleveland.xml").read_bytes())
    assert [e.title for e in feed.entries] == \
        ["Homicides in Cleveland at highest level since figures began"]
    assert (out / "public" / "ons-category-homicide" / "cleveland.txt").is_file()
    with ReviewStore(out / "review.db") as store:
        assert store.by_key(KEY)["status"] == "published"


def test_the_on_demand_stories_are_listed_apart_and_built_when_named(tmp_path):
    listing = run("kits")
    assert "ons-category" not in listing.stdout
    assert "built on demand" in listing.output
    everything = run("kits", "--all").output
    assert "ons-category-homicide" in everything and "ons-category-shoplifting" in everything
    result = run("build", "--force", "Kent", "--story", "ons-category-shoplifting", "--no-charts",
                 "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "drafts" / "ons-category-shoplifting" / "kent.txt").is_file()


def test_a_lead_in_a_shipped_story_s_category_is_that_story_s(out):
    """Robbery has its own story (ons-robbery): its leads are written with it,
    never as a second, generic draft of the same figures."""
    doc = json.loads((out / "leads" / "leads.json").read_text())
    stories = {lead["category"]: lead["story"] for lead in doc["leads"]}
    assert stories["Robbery"] == "ons-robbery" and stories["Bicycle theft"] == "ons-bicycle-theft"
    assert stories["Homicide"] == "ons-category-homicide"
    result = run("leads", "-o", out, "--draft", "robbery/northamptonshire", "--editor", "Sam Jones")
    assert result.exit_code == 0, result.output
    with ReviewStore(out / "review.db") as store:
        assert store.list(story="ons-category-robbery") == []
        row = store.by_key("ons-robbery/northamptonshire/2018-12-31")
        assert [e["action"] for e in store.log(row["id"])][-1] == "commission"
