"""`newsgen review ...` on the command line, against a real build's database."""

import re
import sys

import pytest
from click.testing import CliRunner

from newsgen.cli import cli


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run("build", "--story", "child-abuse-images", "--force", "Derbyshire", "--force",
                 "Kent", "--force", "Bedfordshire", "-o", str(out), "--db", str(out / "my.db"))
    assert result.exit_code == 0, result.output
    assert "review: 3 new" in result.output
    return out / "my.db"


def ids(db):
    listing = run("review", "list", "--db", str(db)).output
    return {line.split()[2]: int(line.split()[0]) for line in listing.splitlines()[:-1]}


def test_list_filters_by_status_story_force_and_flag(built):
    db = str(built)
    everything = run("review", "list", "--db", db)
    assert everything.exit_code == 0
    assert everything.output.splitlines()[-1] == "3 drafts"
    only = run("review", "list", "--force", "kent", "--db", db).output
    assert "Kent" in only and "Derbyshire" not in only
    assert run("review", "list", "--story", "nope", "--db", db).output.strip() == "0 drafts"
    big = run("review", "list", "--flag", "big-change", "--db", db).output
    assert "Bedfordshire" in big and "Derbyshire" not in big
    bad = run("review", "list", "--status", "finished", "--db", db)
    assert bad.exit_code == 2 and "expected one of draft, approved" in bad.output


def test_show_approve_reject_log(built):
    db = str(built)
    n = ids(built)
    shown = run("review", "show", str(n["Derbyshire"]), "--db", db).output
    assert "More than 300 child abuse image offences" in shown
    assert "current" in shown and "nspcc-child-abuse-image-offences-2018.csv:17 offences" in shown
    assert run("review", "approve", str(n["Derbyshire"]), str(n["Kent"]), "--db", db).exit_code == 2
    ok = run("review", "approve", str(n["Derbyshire"]), str(n["Kent"]), "--editor", "Sam Jones",
             "--db", db)
    assert ok.exit_code == 0 and "approved 2" in ok.output
    assert run("review", "list", "--status", "approved", "--db", db).output.splitlines()[-1] == "2 drafts"
    no_note = run("review", "reject", str(n["Bedfordshire"]), "--db", db)
    assert no_note.exit_code == 2
    rej = run("review", "reject", str(n["Bedfordshire"]), "--note", "figures restated",
              "--editor", "Alex", "--db", db)
    assert rej.exit_code == 0
    log = run("review", "log", str(n["Bedfordshire"]), "--db", db).output
    assert "Alex" in log and "rejected" in log and "figures restated" in log
    missing = run("review", "show", "999", "--db", db)
    assert missing.exit_code == 2 and "no draft with id 999" in missing.output


def test_edit_opens_the_editor_and_diff_shows_the_change(built, tmp_path):
    script = tmp_path / "ed.py"
    script.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\n"
                      "open(p, 'w').write(t.replace('1,042 offences', '1,042 crimes'))\n")
    n = ids(built)["Kent"]
    env = {"EDITOR": f"{sys.executable} {script}"}
    result = run("review", "edit", str(n), "--editor", "Sam", "--db", str(built), env=env)
    assert result.exit_code == 0, result.output
    assert "saved draft" in result.output
    diff = run("review", "diff", str(n), "--db", str(built)).output
    assert "-" in diff and "+" in diff and "1,042 crimes" in diff
    assert "edit" in run("review", "log", str(n), "--db", str(built)).output


def test_a_missing_database_is_a_one_line_error(tmp_path):
    result = run("review", "list", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert "no review database" in result.output


def test_serve_refuses_a_public_address_without_a_password(built):
    result = run("review", "serve", "--host", "0.0.0.0", "--port", "0", "--db", str(built),
                 env={"NEWSGEN_REVIEW_PASSWORD": ""})
    assert result.exit_code == 2
    assert "add-editor" in result.output


def test_every_review_command_has_help_with_an_example_and_is_in_the_readme():
    from pathlib import Path

    from newsgen.cli.review import review
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for name in review.commands:
        result = run("review", name, "--help")
        assert result.exit_code == 0, name
        assert "Example:" in result.output and f"newsgen review {name}" in result.output, name
        assert f"review {name}" in readme, name


def test_withdraw_a_story_that_is_out(tmp_path):
    out = tmp_path / "out"
    build = ("build", "--story", "child-abuse-images", "--force", "Derbyshire", "--no-charts",
             "-o", str(out))
    assert run(*build).exit_code == 0
    db = str(out / "review.db")
    n = str(ids(out / "review.db")["Derbyshire"])
    refused = CliRunner().invoke(cli, ["review", "withdraw", n, "--reason", "why", "--editor",
                                       "Sam", "--db", db])
    assert refused.exit_code == 2 and "has not gone out: reject it instead" in refused.output
    assert run("review", "approve", n, "--editor", "Sam", "--db", db).exit_code == 0
    assert run(*build).exit_code == 0
    done = run("review", "withdraw", n, "--reason", "the force restated it", "--editor", "Alex",
               "--db", db)
    assert done.exit_code == 0 and "withdrew draft" in done.output
    again = CliRunner().invoke(cli, ["review", "withdraw", n, "--reason", "x", "--editor", "Alex",
                                     "--db", db])
    assert again.exit_code == 2 and "withdrawn already" in again.output
    rebuilt = run(*build)
    assert "1 withdrawn" in rebuilt.output
    feed = (out / "public" / "feeds" / "derbyshire.xml").read_text()
    assert "Withdrawn: " in feed and "the force restated it" in feed
    log = run("review", "log", n, "--db", db).output
    assert re.search(r"Alex\s+rejected\s+the force restated it", log)
    assert re.search(r"build\s+withdraw\s+the force restated it\n\s+version 2", log)
