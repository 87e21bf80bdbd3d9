import json

from click.testing import CliRunner

from newsgen.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_all_forces_writes_every_force_with_data_and_lists_the_rest(tmp_path):
    result = run("build", "--all-forces", "--story", "child-abuse-images", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.stem for p in (tmp_path / "child-abuse-images").glob("*.txt"))
    assert len(written) == 15
    assert "derbyshire" in written and "kent" in written
    assert "skipped Avon and Somerset (child-abuse-images): no figures for 2017-18" in result.output
    files = sum(1 for p in tmp_path.rglob("*")   # the review database is not build output
                if p.is_file() and not p.name.startswith("review.db"))
    assert len(list((tmp_path / "child-abuse-images").iterdir())) == 75
    assert f"wrote 15 articles ({files} files)" in result.output
    doc = json.loads((tmp_path / "child-abuse-images" / "derbyshire.json").read_text())
    assert doc["facts"]["current"]["value"] == 301
    assert doc["facts"]["current"]["sources"][0]["column"] == "offences"
