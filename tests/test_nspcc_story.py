"""The first story: what Derbyshire's article must say, and the edge cases."""

import json
import re

import pytest
from click.testing import CliRunner

from newsgen.cli import cli

SOURCE = "https://example.org/test-fixture"


def build(tmp_path, *args):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--story", "child-abuse-images", "-o", str(out), *args],
                                catch_exceptions=False)
    return result, out / "drafts" / "child-abuse-images"


@pytest.fixture
def derbyshire(tmp_path):
    result, folder = build(tmp_path, "--force", "Derbyshire")
    assert result.exit_code == 0, result.output
    return (folder / "derbyshire.txt").read_text(), json.loads((folder / "derbyshire.json").read_text())


def test_derbyshire_says_what_the_model_says_with_the_right_national_change(derbyshire):
    text, doc = derbyshire
    headline = text.splitlines()[0]
    assert "Derbyshire" in headline and "more than 300" in headline.lower()
    assert len(headline) <= 80
    assert "301 offences" in text
    assert "down slightly from 302" in text
    assert "264 were for possession of an indecent photograph" in text
    assert "37 were for taking, making or distributing indecent photographs" in text
    assert "nearly 23,000" in text
    assert "almost a quarter (23%)" in text
    assert "25%" not in text
    assert "Tony Stower, the NSPCC's head of child safety online, said:" in text
    assert "Crime minister Victoria Atkins said" in text
    assert doc["facts"]["national_change_pct"]["value"] == pytest.approx(22.69, abs=0.01)


def test_every_fact_names_its_cell(derbyshire):
    _, doc = derbyshire
    facts = doc["facts"]
    current = facts["current"]["sources"][0]
    assert current == {"file": "data/nspcc-child-abuse-image-offences-2018.csv"
                       if current["file"].startswith("data/") else current["file"],
                       "line": 17, "column": "offences"}
    assert facts["previous"]["sources"][0]["line"] == 16
    assert [s["line"] for s in facts["breakdown"]["sources"]] == [18, 19]
    assert facts["national_current"]["sources"][0]["line"] == 29
    assert facts["population"]["sources"][0]["column"] == "population_mid2018"
    # derived facts cite every cell they come from
    assert {s["line"] for s in facts["change_pct"]["sources"]} == {16, 17}


def test_kent_has_one_year_and_gets_no_comparison(tmp_path):
    result, folder = build(tmp_path, "--force", "Kent")
    text = (folder / "kent.txt").read_text()
    assert "1,042 offences" in text
    for phrase in ("previous 12 months", "in line with", "bucks", "rise in Kent", "fall in Kent"):
        assert phrase not in text
    assert not any(p.startswith("That was") for p in text.split("\n\n"))
    assert json.loads((folder / "kent.json").read_text())["facts"]["previous"]["value"] is None


def test_force_without_breakdown_gets_no_empty_list(tmp_path):
    result, folder = build(tmp_path, "--force", "Hertfordshire")
    text = (folder / "hertfordshire.txt").read_text()
    assert "Of the offences recorded" not in text and "were for" not in text
    assert "\n\n\n" not in text
    assert all(p.strip() for p in text.split("\n\n"))


def test_unspecified_equal_to_total_says_so(tmp_path, nspcc_csv):
    with open(nspcc_csv, "a") as fh:
        fh.write(f"Kent,2017-18,unspecified,1042,{SOURCE}\n")
    result, folder = build(tmp_path, "--story", "child-abuse-images", "--data", str(nspcc_csv),
                           "--force", "Kent")
    assert result.exit_code == 0, result.output
    text = (folder / "kent.txt").read_text()
    # the force, named once, then "the force": never the county (issue 13)
    assert "The force did not say which of these offences was recorded" in text
    assert "were for" not in text


def test_partly_unspecified_breakdown(tmp_path, nspcc_csv):
    with open(nspcc_csv, "a") as fh:
        fh.write(f"Kent,2017-18,possession of an indecent photograph,1000,{SOURCE}\n")
        fh.write(f"Kent,2017-18,unspecified,42,{SOURCE}\n")
    result, folder = build(tmp_path, "--story", "child-abuse-images", "--data", str(nspcc_csv),
                           "--force", "Kent")
    text = (folder / "kent.txt").read_text()
    assert "Of the offences recorded, 1,000 were for possession of an indecent photograph." in text
    assert "did not say which offence was recorded in 42 cases" in text


def test_three_categories_are_listed_largest_first(tmp_path, nspcc_csv):
    with open(nspcc_csv, "a") as fh:
        for cat, n in (("sharing", 1), ("making", 600), ("possession", 400)):
            fh.write(f"Kent,2017-18,{cat},{n},{SOURCE}\n")
    result, folder = build(tmp_path, "--story", "child-abuse-images", "--data", str(nspcc_csv),
                           "--force", "Kent")
    text = (folder / "kent.txt").read_text()
    assert "Of the offences recorded, 600 were for making, 400 for possession and one for sharing." in text


@pytest.mark.parametrize("name", ["Derbyshire Constabulary", "derbyshire", "DERBYSHIRE"])
def test_force_name_variants(tmp_path, name):
    result, folder = build(tmp_path, "--force", name)
    assert result.exit_code == 0
    assert (folder / "derbyshire.txt").exists()


def test_variant_spellings_in_the_data_resolve(tmp_path, nspcc_csv):
    text = nspcc_csv.read_text().replace("Devon and Cornwall,", "Devon & Cornwall,") \
        .replace("Derbyshire,", "Derbyshire Constabulary,")
    nspcc_csv.write_text(text)
    result, folder = build(tmp_path, "--story", "child-abuse-images", "--data", str(nspcc_csv),
                           "--all-forces")
    assert result.exit_code == 0, result.output
    assert (folder / "devon-and-cornwall.txt").exists() and (folder / "derbyshire.txt").exists()


def test_wordings_vary_between_forces_but_not_between_builds(tmp_path):
    _, folder = build(tmp_path, "--all-forces")
    first = {p.name: p.read_text() for p in folder.glob("*.txt")}
    headlines = {t.splitlines()[0].replace(n, "X") for n, t in first.items()
                 for n in [t.splitlines()[0].split(" in ")[-1]]}
    assert len(headlines) > 1
    _, again = build(tmp_path / "second", "--all-forces")
    assert first == {p.name: p.read_text() for p in again.glob("*.txt")}


def test_every_article_is_clean(tmp_path):
    _, folder = build(tmp_path, "--all-forces")
    for path in folder.glob("*.txt"):
        text = path.read_text()
        for bad in ("None", "nan", "{{", "}}", "{%", "  "):
            assert bad not in text, (path.name, bad)
        for para in text.split("\n\n"):
            assert para.strip() and not re.match(r"\d", para), (path.name, para)
        headline = text.splitlines()[0]
        assert len(headline) <= 80


def test_html_escapes_data(tmp_path, nspcc_csv):
    with open(nspcc_csv, "a") as fh:
        fh.write(f"Kent,2017-18,<script>alert(1)</script>,5,{SOURCE}\n")
    result, folder = build(tmp_path, "--story", "child-abuse-images", "--data", str(nspcc_csv),
                           "--force", "Kent")
    html = (folder / "kent.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_count_of_none_reads_as_english(tmp_path, nspcc_csv):
    """Down to none: no 'fall of 100%' and no 'That is no offences on average'."""
    rows = [line for line in nspcc_csv.read_text().splitlines(keepends=True)
            if not line.startswith("Derbyshire,2017-18,")]
    rows.append(f"Derbyshire,2017-18,all,0,{SOURCE}\n")
    nspcc_csv.write_text("".join(rows))
    result, folder = build(tmp_path, "--story", "child-abuse-images", "--data", str(nspcc_csv),
                           "--force", "Derbyshire")
    assert result.exit_code == 0, result.output
    text = (folder / "derbyshire.txt").read_text()
    assert "down from 302" in text
    assert "100%" not in text and "on average" not in text
