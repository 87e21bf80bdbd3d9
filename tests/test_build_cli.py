import json

from click.testing import CliRunner

from newsgen.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_all_forces_writes_every_force_with_data_and_lists_the_rest(tmp_path):
    result = run("build", "--all-forces", "--story", "child-abuse-images", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.stem for p in (tmp_path / "drafts" / "child-abuse-images").glob("*.txt"))
    assert len(written) == 15
    assert "derbyshire" in written and "kent" in written
    assert "skipped Avon and Somerset (child-abuse-images): no figures for 2017-18" in result.output
    files = sum(1 for p in tmp_path.rglob("*")   # the review database is not build output
                if p.is_file() and not p.name.startswith("review.db"))
    assert len(list((tmp_path / "drafts" / "child-abuse-images").iterdir())) == 75
    assert f"wrote 15 articles ({files} files)" in result.output
    doc = json.loads((tmp_path / "drafts" / "child-abuse-images" / "derbyshire.json").read_text())
    assert doc["facts"]["current"]["value"] == 301
    assert doc["facts"]["current"]["sources"][0]["column"] == "offences"


def test_a_narrower_build_does_not_silently_replace_a_wider_one(tmp_path):
    out = tmp_path / "out"
    full = ["build", "--story", "child-abuse-images", "--all-forces", "--no-charts", "-o", str(out)]
    assert run(*full).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "review.db" not in p.name}
    one = ["build", "--story", "child-abuse-images", "--force", "Derbyshire", "--no-charts",
           "-o", str(out)]
    result = CliRunner().invoke(cli, one)
    assert result.exit_code == 2
    assert "the last build there also covered all forces" in result.stderr
    assert "--replace" in result.stderr
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "review.db" not in p.name}
    assert after == before   # Kent's article and every feed are still there
    assert run(*one, "--replace").exit_code == 0
    assert not (out / "drafts" / "child-abuse-images" / "kent.txt").exists()
    assert run(*one).exit_code == 0   # the same scope again is fine
    assert run(*full).exit_code == 0  # and so is a wider one
