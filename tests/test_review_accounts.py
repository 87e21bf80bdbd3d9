"""Who did it: editors' accounts (a salted scrypt hash each), the login as
the editor on the page and the command line, and a log that names, for
every story in the feeds, the account that approved it and the version
subscribers received."""

import base64
import json
import re
import shutil

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.build import BuildOptions, build
from newsgen.cli import cli
from newsgen.kit import kit_folder, read_kit
from newsgen.review.accounts import hash_password, password_matches
from newsgen.review.drafts import ReviewError
from newsgen.review.store import ReviewStore
from review_helpers import Client, draft_id, form_fields, served

SAM, ALEX = "correct horse battery", "staple-goes-here-42"
FORCES = ("Derbyshire", "Kent", "Bedfordshire")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    kit = read_kit(kit_folder("child-abuse-images"))
    build([kit], BuildOptions(output=out, force_names=FORCES, charts=False))
    return out


@pytest.fixture
def out(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


def run(*args, input=None, env=None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def add_editors(db):
    for name, password in (("Sam Jones", SAM), ("Alex Khan", ALEX)):
        result = run("review", "add-editor", name, "--db", str(db), input=f"{password}\n{password}\n")
        assert result.exit_code == 0, result.output
        assert f"added editor {name}" in result.output


def test_a_password_is_kept_as_a_salted_scrypt_hash():
    one, two = hash_password(SAM), hash_password(SAM)
    assert one != two                                # salted
    assert one.startswith("scrypt$16384$8$1$") and SAM not in one
    assert password_matches(SAM, one) and password_matches(SAM, two)
    assert not password_matches(SAM + " ", one) and not password_matches("", one)
    assert not password_matches(SAM, "plain$" + SAM)


def test_add_editor_from_a_prompt_or_the_environment(out):
    db = str(out / "review.db")
    add_editors(out / "review.db")
    with ReviewStore(out / "review.db") as store:
        stored = store.db.execute("SELECT name, password FROM editors ORDER BY name").fetchall()
    assert [r[0] for r in stored] == ["Alex Khan", "Sam Jones"]
    assert all(r[1].startswith("scrypt$") and SAM not in r[1] and ALEX not in r[1] for r in stored)
    again = run("review", "add-editor", "sam jones", "--db", db, input=f"{SAM}\n{SAM}\n")
    assert again.exit_code == 2 and "already an account called 'sam jones'" in again.output
    short = run("review", "add-editor", "Jo", "--db", db, input="short\nshort\n")
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    from_env = run("review", "add-editor", "Jo Bloggs", "--db", db,
                   env={"NEWSGEN_EDITOR_PASSWORD": "from the environment"})
    assert from_env.exit_code == 0, from_env.output
    reset = run("review", "add-editor", "Jo Bloggs", "--reset", "--db", db,
                env={"NEWSGEN_EDITOR_PASSWORD": "another long one"})
    assert reset.exit_code == 0 and "changed the password of editor Jo Bloggs" in reset.output
    with ReviewStore(out / "review.db") as store:
        assert store.accounts.login("jo bloggs", "another long one") == "Jo Bloggs"
        with pytest.raises(ReviewError, match="no such account, or a wrong password"):
            store.accounts.login("Jo Bloggs", "from the environment")
    listed = run("review", "editors", "--db", db)
    assert listed.output.splitlines() == ["Alex Khan", "Jo Bloggs", "Sam Jones", "3 accounts"]
    assert run("review", "remove-editor", "Jo Bloggs", "--db", db).exit_code == 0
    assert "2 accounts" in run("review", "editors", "--db", db).output


def auth(name, password):
    return f"{name}:{password}"


def test_with_accounts_the_login_is_the_editor_and_the_name_box_goes(out):
    """The issue's case, with accounts: "sam" cannot approve as "Chief Editor Jane"."""
    db = out / "review.db"
    add_editors(db)
    n = draft_id(db, "kent")
    with served(db) as base:
        assert Client(base).get("/")[0] == 401                       # even on this machine
        assert Client(base, auth=auth("Sam Jones", ALEX)).get("/")[0] == 401
        assert Client(base, auth=auth("Jane", SAM)).get("/")[0] == 401
        sam = Client(base, auth=auth("sam jones", SAM))
        status, page = sam.get(f"/draft/{n}")
        assert status == 200
        assert '<strong id="who">Sam Jones</strong>' in page and 'name="editor"' not in page
        fields = form_fields(page, "approve-form")
        status, page = sam.post(f"/draft/{n}/approve", {**fields, "editor": "Chief Editor Jane"})
        assert status == 200
    with ReviewStore(db) as store:
        entry = store.log(n)[-1]
        assert (entry["action"], entry["who"]) == ("approved", "Sam Jones")
        assert store.get(n)["updated_by"] == "Sam Jones"


def test_with_a_shared_password_the_form_cannot_name_someone_else(out):
    """The issue's case as filed: with --password, "sam" approved as "Chief Editor Jane"."""
    db = out / "review.db"
    n = draft_id(db, "kent")
    with served(db, password="s3cret-shared") as base:
        sam = Client(base, auth="sam:s3cret-shared")
        page = sam.get(f"/draft/{n}")[1]
        fields = form_fields(page, "approve-form")
        status, _ = sam.post(f"/draft/{n}/approve", {**fields, "editor": "Chief Editor Jane"})
        assert status == 200
    with ReviewStore(db) as store:
        assert store.log(n)[-1]["who"] == "sam"


def test_the_command_line_asks_for_the_accounts_password(out):
    db = str(out / "review.db")
    add_editors(out / "review.db")
    n = draft_id(out / "review.db", "kent")
    nobody = run("review", "approve", str(n), "--editor", "Chief Editor Jane", "--db", db,
                 env={"NEWSGEN_EDITOR_PASSWORD": SAM})
    assert nobody.exit_code == 2 and "no such account, or a wrong password" in nobody.output
    wrong = run("review", "approve", str(n), "--editor", "Sam Jones", "--db", db, input="nope\n")
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output
    ok = run("review", "approve", str(n), "--editor", "sam jones", "--db", db, input=f"{SAM}\n")
    assert ok.exit_code == 0, ok.output
    rejected = run("review", "reject", str(draft_id(out / "review.db", "bedfordshire")), "--note",
                   "restated", "--editor", "Alex Khan", "--db", db,
                   env={"NEWSGEN_EDITOR_PASSWORD": ALEX})
    assert rejected.exit_code == 0, rejected.output
    with ReviewStore(out / "review.db") as store:
        assert store.log(n)[-1]["who"] == "Sam Jones"
        with pytest.raises(ReviewError, match="not an editor's account"):
            store.approve([draft_id(out / "review.db", "derbyshire")], "Someone")


def test_serve_takes_no_password_on_the_command_line_and_warns_of_a_shared_one(out):
    db = str(out / "review.db")
    result = run("review", "serve", "--help")
    assert "--password" not in result.output
    busy = run("review", "serve", "--host", "0.0.0.0", "--port", "0", "--db", db,
               env={"NEWSGEN_REVIEW_PASSWORD": ""})
    assert busy.exit_code == 2 and "add-editor" in busy.output


def test_every_story_in_the_feeds_names_the_account_that_approved_it_and_the_version_sent(out):
    """Approve two stories (one on the page, one on the command line), build;
    a change of another force's figures moves their ranks, so their drafts go
    stale though their words stay; re-approved, they go out as version 2, and
    the log says so (it said "publish version 1")."""
    kit = read_kit(kit_folder("child-abuse-images"))
    data = out / "nspcc.csv"
    shutil.copy(kit.folder.parent.parent / "data" / "nspcc-child-abuse-image-offences-2018.csv", data)
    forces = ("Derbyshire", "Cheshire", "Kent")
    options = BuildOptions(output=out, force_names=forces, data_override=data, charts=False,
                           replace=True)
    build([kit], options)
    db = out / "review.db"
    add_editors(db)
    ids = {s: draft_id(db, s) for s in ("derbyshire", "cheshire", "kent")}
    with served(db) as base:
        alex = Client(base, auth=auth("Alex Khan", ALEX))
        fields = form_fields(alex.get(f"/draft/{ids['cheshire']}")[1], "approve-form")
        assert alex.post(f"/draft/{ids['cheshire']}/approve", fields)[0] == 200
    ok = run("review", "approve", str(ids["derbyshire"]), "--editor", "Sam Jones", "--db", str(db),
             env={"NEWSGEN_EDITOR_PASSWORD": SAM})
    assert ok.exit_code == 0, ok.output
    build([kit], options)
    assert_audit(out, db, {"derbyshire": ("Sam Jones", 1), "cheshire": ("Alex Khan", 1)})

    # Dyfed-Powys 275 -> 360 moves Cheshire (348) and Derbyshire (301) down a place by count:
    # their figures change, their words do not
    data.write_text(data.read_text().replace("Dyfed-Powys,2017-18,all,275", "Dyfed-Powys,2017-18,all,360"))
    build([kit], options)
    with ReviewStore(db) as store:
        for slug, who in (("cheshire", "Alex Khan"), ("derbyshire", "Sam Jones")):
            row = store.get(ids[slug])
            assert row["stale"] and row["machine_text"] == row["published_text"]
            store.approve([ids[slug]], who)
    build([kit], options)
    assert_audit(out, db, {"derbyshire": ("Sam Jones", 2), "cheshire": ("Alex Khan", 2)})


def assert_audit(out, db, expected):
    """For every item in the feeds: the log's last approval before its last
    publish names an account, and the publish names the version its ninjs item
    and feed carry."""
    feed = feedparser.parse((out / "public" / "feeds" / "all.xml").read_bytes())
    assert not feed.bozo
    seen = {}
    with ReviewStore(db) as store:
        accounts = set(store.accounts.names())
        for entry in feed.entries:
            slug = re.search(r"/child-abuse-images/([\w-]+)\.html", entry.link).group(1)
            ninjs = json.loads((out / "public" / "ninjs" / "child-abuse-images" / f"{slug}.json").read_text())
            assert ninjs["pubstatus"] == "usable"
            row = store.by_key(f"child-abuse-images/{slug}/2017-18")
            log = store.log(row["id"])
            last = max(i for i, e in enumerate(log) if e["action"] == "publish")
            approved = [e for e in log[:last] if e["action"] == "approved"][-1]
            assert approved["who"] in accounts
            assert log[last]["detail"] == f"version {ninjs['version']}"
            assert row["published_version"] == int(ninjs["version"])
            seen[slug] = (approved["who"], int(ninjs["version"]))
    assert seen == expected


def test_the_log_says_the_version_subscribers_received(out):
    """The issue's case without accounts: after a stale draft was re-approved
    the log said "publish version 1" while subscribers received version 2."""
    kit = read_kit(kit_folder("child-abuse-images"))
    data = out / "nspcc.csv"
    shutil.copy(kit.folder.parent.parent / "data" / "nspcc-child-abuse-image-offences-2018.csv", data)
    options = BuildOptions(output=out, force_names=("Cheshire",), data_override=data,
                           charts=False, replace=True)
    build([kit], options)
    db = out / "review.db"
    n = draft_id(db, "cheshire")
    with ReviewStore(db) as store:
        store.approve([n], "Sam")
    build([kit], options)
    data.write_text(data.read_text().replace("Dyfed-Powys,2017-18,all,275", "Dyfed-Powys,2017-18,all,360"))
    build([kit], options)
    with ReviewStore(db) as store:
        store.approve([n], "Sam")
    build([kit], options)
    ninjs = json.loads((out / "public" / "ninjs" / "child-abuse-images" / "cheshire.json").read_text())
    assert ninjs["version"] == "2"
    with ReviewStore(db) as store:
        publishes = [e["detail"] for e in store.log(n) if e["action"] == "publish"]
        assert publishes == ["version 1", "version 2"]
