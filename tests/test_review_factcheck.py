"""The fact check guards edits and approval: every saved text is checked as
the build checks the machine's, and text with a number no figure bears out,
a hedge that is not true or template residue is approved only with a
reason, which the log keeps. On the page, on the command line, in bulk."""

import re
import sys

import pytest
from click.testing import CliRunner

from newsgen.build import BuildOptions, build
from newsgen.cli import cli
from newsgen.kit import kit_folder, read_kit
from newsgen.review.drafts import CheckFailed, NotApproved
from newsgen.review.store import ReviewStore
from review_helpers import Client, draft_id, form_fields, message, served

FORCES = ("Derbyshire", "Kent", "Bedfordshire")


@pytest.fixture
def out(tmp_path):
    kit = read_kit(kit_folder("child-abuse-images"))
    build([kit], BuildOptions(output=tmp_path, force_names=FORCES))
    return tmp_path


def edited(store, n, old, new, editor="Sam"):
    row = store.get(n)
    assert old in row["machine_text"] or old in (row["edited_text"] or "")
    text = (row["edited_text"] or row["machine_text"]).replace(old, new)
    store.edit(n, text, editor, row["version"])
    return text


BAD_EDITS = [
    # a number no figure bears out
    ("That was down slightly from 302 in the previous 12 months.",
     "That was down slightly from 302 in the previous 12 months. Police recorded 9,999 offences "
     "in all.", "'9,999' matches none"),
    # a hedge that is not true: 301 is not "more than 400"
    ("Police in Derbyshire recorded more than 300", "Police in Derbyshire recorded more than 400",
     "'more than 400' matches none"),
    # template residue
    ("Police in Derbyshire recorded", "Police in {{ force }} None Derbyshire recorded",
     "template markup"),
    ("Police in Derbyshire recorded", "Police in undefined Derbyshire recorded",
     "template residue 'undefined'"),
    # a quotation the kit does not have: its number is the editor's
    ("That was down slightly from 302 in the previous 12 months.",
     "“We recorded 450 offences,” a spokesman said.", "in a quotation not from the kit"),
]


@pytest.mark.parametrize("old, new, why", BAD_EDITS)
def test_approving_text_that_fails_the_fact_check_is_refused_without_a_reason(out, old, new, why):
    n = draft_id(out / "review.db", "derbyshire")
    with ReviewStore(out / "review.db") as store:
        edited(store, n, old, new)
        log = store.log(n)[-1]
        assert log["action"] == "edit" and re.search(r"fact check: \d problem", log["detail"])
        assert why in log["detail"]                      # every edit is checked on save
        with pytest.raises(CheckFailed, match=re.escape(why)):
            store.approve([n], "Sam")
        assert store.get(n)["status"] == "draft"
        store.approve([n], "Sam", override="the figure is from the force's own statement")
        row = store.get(n)
        assert row["status"] == "approved"
        entry = store.log(n)[-1]
        assert entry["action"] == "approved" and entry["who"] == "Sam"
        assert entry["note"] == "fact check overridden: the figure is from the force's own statement"
        assert why in entry["detail"]


def test_text_that_passes_is_approved_without_a_reason_and_notes_and_quotes_are_not_numbers(tmp_path):
    """Every shipped story's machine text approves as it is (its notes and
    quotes, numbers and all, are the kit's own words), and so does an edit of
    words around its numbers."""
    from newsgen.kit import select_kits
    build(select_kits(()), BuildOptions(output=tmp_path, force_names=("Derbyshire", "Cheshire")))
    with ReviewStore(tmp_path / "review.db") as store:
        rows = store.list()
        assert len(rows) >= 10
        for row in rows:
            assert store.check(row["id"]).problems == [], row["key"]
        # a database from before the build recorded the kits' words: the machine's
        # own paragraphs (addresses, quotations and all) still pass
        store.db.execute("DELETE FROM story_texts")
        for row in rows:
            assert store.check(row["id"]).problems == [], row["key"]
        ons = next(r for r in rows if r["kit"].startswith("ons-"))
        text = ons["machine_text"].replace("Notes to editors", "A note for editors\n\nNotes to editors")
        store.edit(ons["id"], text, "Sam", ons["version"])
        store.approve([r["id"] for r in rows], "Sam")
        assert {r["status"] for r in store.list()} == {"approved"}


def test_a_stale_edited_draft_is_checked_against_the_new_figures(out, nspcc_csv):
    """The issue's case: an edited Derbyshire draft, then the data changes 301
    to 351; approving the edited text (which still says 301) is refused."""
    kit = read_kit(kit_folder("child-abuse-images"))
    options = BuildOptions(output=out, force_names=FORCES, data_override=nspcc_csv)
    build([kit], options)
    n = draft_id(out / "review.db", "derbyshire")
    with ReviewStore(out / "review.db") as store:
        edited(store, n, "Police in Derbyshire recorded", "Derbyshire police recorded")
        store.approve([n], "Sam")
    nspcc_csv.write_text(nspcc_csv.read_text().replace("Derbyshire,2017-18,all,301",
                                                       "Derbyshire,2017-18,all,351"))
    build([kit], options)
    with ReviewStore(out / "review.db") as store:
        row = store.get(n)
        assert row["stale"] and "said it recorded 301 offences" in row["edited_text"]
        with pytest.raises(CheckFailed, match="'301' matches none"):
            store.approve([n], "Sam")
        # brought up to date, it passes
        text = row["edited_text"].replace("recorded 301 offences", "recorded 351 offences")
        text = text.replace("down slightly from 302", "up from 302")
        store.edit(n, text, "Sam", row["version"])
        problems = store.check(n).problems
    # what is still stale, the check finds: the rate a week (351 is 6.7 a week, not
    # "more than five"), the rate per head, its rank and the share moved too
    assert [p.message.split(" matches")[0] for p in problems] == [
        "the rate 'more than five offences a week'", "the count '28.6'",
        "the rank 'third lowest'", "the one_in 'about one in 75'"]


def test_bulk_approval_with_one_failing_text_approves_none(out):
    db = out / "review.db"
    ids = [draft_id(db, s) for s in ("derbyshire", "kent", "bedfordshire")]
    with ReviewStore(db) as store:
        edited(store, ids[1], "Police in Kent", "Police in {{ force }} None Kent")
        with pytest.raises(NotApproved, match=f"draft {ids[1]} fails the fact check"):
            store.approve(ids, "Sam")
        assert store.list(status="approved") == []


def test_the_page_lists_what_fails_and_approval_needs_a_reason(out):
    db = out / "review.db"
    n = draft_id(db, "kent")
    with ServedClient(db) as c:
        _, page = c.get(f"/draft/{n}")
        assert "Fact check: every number matches the figures." in page
        assert 'name="override"' not in page
        fields = form_fields(page, "edit-form")
        text = fields["text"].replace("1,042 offences", "1,042 offences (9,999 in all)")
        status, page = c.post(f"/draft/{n}/edit", {**fields, "text": text, "editor": "Sam"})
        assert status == 200
        assert message(page).startswith("saved; the fact check finds 1 problem(s)")
        section = re.search(r'<section class="problem" id="factcheck">(.*?)</section>', page, re.S)
        assert section, page
        assert "the count &#39;9,999&#39; matches none of the article&#39;s facts" in section.group(1)
        assert "paragraph 1" in section.group(1)
        approve = form_fields(page, "approve-form")
        assert 'name="override" required' in page
        status, refused = c.post(f"/draft/{n}/approve", {**approve, "editor": "Sam"})
        assert status == 400 and "fails the fact check" in refused
        with ReviewStore(db) as store:
            assert store.get(n)["status"] == "draft"
        status, page = c.post(f"/draft/{n}/approve", {**approve, "editor": "Sam",
                                                      "override": "checked with the force"})
        assert status == 200 and 'id="status">approved<' in page
        assert "fact check overridden: checked with the force" in page


def test_the_command_line_checks_edits_and_refuses_approval_without_override(out, tmp_path):
    db = str(out / "review.db")
    n = draft_id(out / "review.db", "kent")
    script = tmp_path / "ed.py"
    script.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\n"
                      "open(p, 'w').write(t.replace('1,042 offences', '9,999 offences'))\n")
    runner = CliRunner()
    env = {"EDITOR": f"{sys.executable} {script}"}
    result = runner.invoke(cli, ["review", "edit", str(n), "--editor", "Sam", "--db", db], env=env)
    assert result.exit_code == 0, result.output
    assert "saved draft" in result.output
    assert "the fact check finds 1 problem(s)" in result.output and "'9,999'" in result.output
    refused = runner.invoke(cli, ["review", "approve", str(n), "--editor", "Sam", "--db", db])
    assert refused.exit_code == 2
    assert "'9,999' matches none" in refused.output and "--override REASON" in refused.output
    assert "Traceback" not in refused.output
    ok = runner.invoke(cli, ["review", "approve", str(n), "--editor", "Sam", "--db", db,
                             "--override", "the force confirmed it by phone"])
    assert ok.exit_code == 0 and f"approved 1 draft(s): {n}" in ok.output
    log = runner.invoke(cli, ["review", "log", str(n), "--db", db]).output
    assert "fact check overridden: the force confirmed it by phone" in log


class ServedClient:
    """A client of the review page for `db`, served while the block runs."""

    def __init__(self, db, **kw):
        self.cm = served(db, **kw)

    def __enter__(self):
        return Client(self.cm.__enter__())

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)
