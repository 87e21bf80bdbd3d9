"""Bad input for the tidy loader: one line naming file, line and column,
exit status 2, no traceback, nothing written."""

import pytest
from click.testing import CliRunner

from newsgen.cli import cli

HEADER = "force,period,category,offences,source\n"
GOOD = ("Derbyshire,2016-17,all,302,s\n"
        "Derbyshire,2017-18,all,301,s\n"
        "United Kingdom,2017-18,all,22724,s\n")


@pytest.mark.parametrize("content, where, words", [
    ("force,period,category,source\n" + "Derbyshire,2017-18,all,s\n", ":1: column 'offences'", "missing column"),
    (HEADER + "Derbyshire,2017-18,all,lots,s\n", ":2: column 'offences'", "expected a whole number"),
    (HEADER + "Derbyshire,2017-18,all,-3,s\n", ":2: column 'offences'", "zero or more"),
    (HEADER + GOOD + "Gotham,2017-18,all,12,s\n", ":5: column 'force'", "unknown police force 'Gotham'"),
    (HEADER + GOOD + "Derbyshire Constabulary,2017-18,all,1,s\n", ":5", "duplicate row"),
    (HEADER + GOOD + "Derbyshire,2017-18,possession,300,s\nDerbyshire,2017-18,taking,2,s\n",
     ":3: column 'offences'", "sums to 302, more than the total of 301"),
    (HEADER + "Derbyshire,2017/18,all,301,s\n", ":2: column 'period'", "financial year"),
])
def test_bad_tidy_csv(tmp_path, content, where, words):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--story", "child-abuse-images", "--data", str(bad),
                                      "--all-forces", "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "bad.csv" + where in lines[0]
    assert words in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    assert not list(tmp_path.glob(".out.staging-*"))


def test_bad_input_leaves_previous_output_alone(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--all-forces", "--story", "child-abuse-images",
                               "-o", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Derbyshire,2017-18,all,x,s\n")
    result = runner.invoke(cli, ["build", "--story", "child-abuse-images", "--data", str(bad),
                                 "--all-forces", "-o", str(out)])
    assert result.exit_code == 2
    assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_unknown_force_on_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--force", "Atlantis", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--force 'Atlantis': no such police force" in result.stderr
