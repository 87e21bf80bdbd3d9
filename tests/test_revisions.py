"""Revised figures in stories already published: listed with old and new
figures, flagged for correction in the review queue, never republished
without an editor."""

import json
import re
import shutil
from pathlib import Path

import feedparser
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.review.store import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"
ONS_CSV = DATA / "ons-recorded-crime-pfa-2003-2018.csv"
MAR_2019 = Path(__file__).resolve().parent / "data" / "spreadsheets" / "ons" / \
    "policeforceareatablesyeendingmarch2019.xlsx"
AVON_DEC_2018 = "31-12-2018,Avon and Somerset,South West,Robbery,1447"


def ons_kit(tmp_path, files) -> Path:
    """The shipped ONS kit, robbery only, reading `files`, released on approval."""
    kits = tmp_path / "kits"
    folder = kits / "ons-recorded-crime"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / "ons-recorded-crime", folder)
    toml = (folder / "kit.toml").read_text()
    toml = re.sub(r'(?m)^file = .*$', "file = [" + ", ".join(f'"{f}"' for f in files) + "]", toml)
    toml = toml.replace('"../../data/', f'"{DATA.as_posix()}/')
    (folder / "kit.toml").write_text(toml)
    return kits


def revised_csv(tmp_path, value: int) -> Path:
    text = ONS_CSV.read_text(encoding="utf-8")
    assert AVON_DEC_2018 in text
    path = tmp_path / f"ons-{value}.csv"
    path.write_text(text.replace(AVON_DEC_2018, AVON_DEC_2018.rsplit(",", 1)[0] + f",{value}"),
                    encoding="utf-8")
    return path


def build(kits, out, *more):
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--no-charts", "--kits", str(kits),
                                      "--story", "ons-robbery", "-o", str(out),
                                      "--now", "2020-01-01T00:00:00+00:00", *more])
    assert result.exit_code == 0, result.output
    return result.output


def publish_avon(kits, out) -> int:
    build(kits, out)
    with ReviewStore(out / "review.db") as store:
        draft = store.by_key("ons-robbery/avon-and-somerset/2018-12-31")
        store.approve([draft["id"]], "Sam Jones")
    build(kits, out)   # goes out
    with ReviewStore(out / "review.db") as store:
        assert store.get(draft["id"])["status"] == "published"
    return draft["id"]


def feed_titles(out) -> list[str]:
    return [e.title for e in feedparser.parse((out / "public" / "feeds" / "all.xml").read_bytes()).entries]


def test_a_revised_figure_in_a_published_story_is_listed_and_flagged(tmp_path):
    out = tmp_path / "out"
    draft_id = publish_avon(ons_kit(tmp_path, [ONS_CSV]), out)
    before = feed_titles(out)
    assert any("Avon and Somerset" in t for t in before)
    output = build(ons_kit(tmp_path, [revised_csv(tmp_path, 1500)]), out)
    line = next(li for li in output.splitlines() if li.startswith("revised: ons-robbery/Avon and Somerset"))
    assert "current 1,447 -> 1,500" in line and "published as version 1" in line
    assert "flagged 'revised' in the review queue" in output
    with ReviewStore(out / "review.db") as store:
        row = store.get(draft_id)
        assert "revised" in json.loads(row["flags"])
        assert row["status"] == "draft" and row["stale"]
        assert json.loads(row["stale_facts"])["current"]["value"] == 1447
        assert json.loads(row["facts"])["current"]["value"] == 1500
        log = store.log(draft_id)
        assert [e["action"] for e in log].count("revised") == 1
        assert "current 1,447 -> 1,500" in log[-1]["note"]
        # other published stories stated the national total, which changed too
        assert [r["id"] for r in store.list(flag="revised")] == [draft_id]
    # what outlets have stays as they have it (issue 14): nothing is republished
    # until an editor approves a corrected text, and nothing pulled either
    assert feed_titles(out) == before
    again = build(ons_kit(tmp_path, [revised_csv(tmp_path, 1500)]), out)
    assert "revised: ons-robbery/Avon and Somerset" in again
    with ReviewStore(out / "review.db") as store:
        assert [e["action"] for e in store.log(draft_id)].count("revised") == 1   # told once
        assert "revised" in json.loads(store.get(draft_id)["flags"])


def test_a_new_release_that_revises_last_years_published_story(tmp_path):
    """The next quarter's build no longer writes the December 2018 story, but
    the data it reads revises a figure that story stated: it is flagged."""
    out = tmp_path / "out"
    draft_id = publish_avon(ons_kit(tmp_path, [ONS_CSV]), out)
    output = build(ons_kit(tmp_path, [revised_csv(tmp_path, 1500), MAR_2019]), out)
    assert "periods: ons-robbery: 2019-03-31 against 2018-03-31" in output
    assert re.search(r"revised: ons-robbery/Avon and Somerset \(2018-12-31, published as version 1, "
                     r"draft \d+\): .*current 1,447 -> 1,500", output)
    with ReviewStore(out / "review.db") as store:
        row = store.get(draft_id)
        assert row["status"] == "draft" and row["stale"] and "revised" in json.loads(row["flags"])
        assert row["published_text"] == row["machine_text"]        # the editor's baseline kept
    diff = CliRunner().invoke(cli, ["review", "diff", str(draft_id), "--db", str(out / "review.db")])
    assert "1447" in diff.output and "1500" in diff.output


def test_unchanged_figures_flag_nothing(tmp_path):
    out = tmp_path / "out"
    kits = ons_kit(tmp_path, [ONS_CSV])
    publish_avon(kits, out)
    output = build(kits, out)
    assert "revised" not in output
