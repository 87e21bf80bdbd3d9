"""The review tools' edges: a busy port, approval in bulk (all or nothing,
honest counts), errors on the page that never ask for command-line flags,
and a page that shows only messages the server wrote."""

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.review.drafts import NotApproved
from newsgen.review.store import ReviewStore
from review_helpers import Client, build_review_db, fresh_copy, draft_id, form_fields, message, served

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_review_db(tmp_path_factory.mktemp("built"), ("Derbyshire", "Kent", "Bedfordshire"))


@pytest.fixture
def db(built, tmp_path):
    """A fresh copy of the built review database for each test."""
    return fresh_copy(built, tmp_path)


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_a_busy_port_is_one_line_and_exit_status_2(db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "newsgen", "review", "serve", "--port",
                                 str(port), "--db", str(db)], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"newsgen: error: cannot listen on 127.0.0.1:{port}: Address already in use"]
    assert "Traceback" not in result.stderr


def test_bulk_approve_of_an_unknown_draft_approves_none_and_says_why(db):
    """The issue's case: `11:2, 25:1, 9999:1` said "no draft with id 9999"
    but approved 11 and 25."""
    ids = [draft_id(db, "derbyshire"), draft_id(db, "kent")]
    with served(db) as base:
        c = Client(base)
        page = c.get("/?story=child-abuse-images")[1]
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        ticked = [re.search(rf'name="id" value="({i}:\d+)"', page).group(1) for i in ids]
        status, after = c.post("/approve", {"csrf": csrf, "editor": "Sam", "story": "child-abuse-images",
                                            "id": ticked + ["9999:1"]})
        assert status == 200
        assert message(after).startswith("nothing approved: no draft with id 9999")
        assert 'value="child-abuse-images" selected' in after   # the queue keeps its filter
        with ReviewStore(db) as store:
            assert store.list(status="approved") == []
        status, after = c.post("/approve", {"csrf": csrf, "editor": "Sam", "id": ["11:x"]})
        assert status == 400 and "cannot read" in after
    with ReviewStore(db) as store:
        with pytest.raises(NotApproved, match="no draft with id 9999"):
            store.approve([*ids, 9999], "Sam")
        assert store.list(status="approved") == []


def test_approving_the_same_draft_three_times_counts_it_once_and_says_it_was_published(db):
    """The issue's case: `review approve 32 32 32` said "approved 3 draft(s)"
    for a draft already published."""
    n = draft_id(db, "kent")
    first = run("review", "approve", str(n), str(n), str(n), "--editor", "Sam", "--db", str(db))
    assert first.exit_code == 0
    assert first.output.splitlines() == [f"approved 1 draft(s): {n}"]
    with ReviewStore(db) as store:   # as a build does once it went out
        store.db.execute("UPDATE drafts SET status = 'published' WHERE id = ?", (n,))
    again = run("review", "approve", str(n), str(n), str(n), "--editor", "Sam", "--db", str(db))
    assert again.exit_code == 0
    assert again.output.splitlines() == ["approved 0 draft(s)",
                                         f"draft {n} was already published: nothing to do"]
    missing = run("review", "approve", str(n), "9999", "--editor", "Sam", "--db", str(db))
    assert missing.exit_code == 2 and "nothing approved: no draft with id 9999" in missing.output
    with ReviewStore(db) as store:
        assert [e["action"] for e in store.log(n)].count("approved") == 1


def test_errors_on_the_page_never_ask_for_command_line_flags(db):
    n = draft_id(db, "kent")
    with served(db) as base:
        c = Client(base)
        page = c.get(f"/draft/{n}")[1]
        bodies = []
        for path, form, who in (
                (f"/draft/{n}/approve", form_fields(page, "approve-form"), ""),
                (f"/draft/{n}/edit", form_fields(page, "edit-form"), ""),
                ("/approve", {"csrf": form_fields(page, "approve-form")["csrf"],
                              "id": f"{n}:1"}, ""),
                # (a name given is kept for the forms after: these two last)
                (f"/draft/{n}/reject", {**form_fields(page, "reject-form"), "note": " "}, "Sam"),
                (f"/draft/{n}/edit", {**form_fields(page, "edit-form"), "text": "x"}, "Sam")):
            status, body = c.post(path, {**form, "editor": who})
            bodies.append(body)
            assert status in (200, 400), (path, body)
        shown = [re.search(r'class="(?:problem|message)" role="(?:alert|status)">(.*?)</p>', b, re.S)
                 for b in bodies]
        texts = [m.group(1) for m in shown if m]
        assert len(texts) == 5, texts
        # no name: where to type one, in the page's words
        assert sum("type your name in “Your name” at the top of the page" in t for t in texts) == 3
        assert any("a note is needed" in t for t in texts)
        for text in texts:
            assert not re.search(r"--\w", text), text


def test_a_message_in_the_address_is_not_shown(db):
    n = draft_id(db, "kent")
    with served(db) as base:
        c = Client(base)
        for path in ("/", f"/draft/{n}"):
            _, page = c.get(path + "?message=Story+approved+by+the+Chief+Editor")
            assert "Chief Editor" not in page and message(page) == ""
        # the server's own messages still show, once
        page = c.get(f"/draft/{n}")[1]
        c.post(f"/draft/{n}/approve", {**form_fields(page, "approve-form"), "editor": "Sam"})
        page = c.get(f"/draft/{n}")[1]
        assert message(page) == ""
        status, page = c.post(f"/draft/{n}/reject", {**form_fields(page, "reject-form"),
                                                     "editor": "Sam", "note": "held"})
        assert message(page) == "rejected"
        assert message(c.get(f"/draft/{n}")[1]) == ""


def test_a_public_review_page_with_no_accounts_left_refuses_everyone(db):
    """Bound beyond this machine, the Host header (the client's word) is no
    login: if the accounts are removed while it runs, it answers no one."""
    from newsgen.review.web import ReviewApp
    app = ReviewApp(db, None, public=True)
    response = app.handle("GET", "/", {"Host": "127.0.0.1:8765"}, b"")
    assert response.status == 401


def test_a_password_on_the_command_line_is_deprecated_and_says_so(db):
    with socket.socket() as taken:   # a busy port: the command stops after its warnings
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "newsgen", "review", "serve", "--port",
                                 str(port), "--password", "visible-in-ps", "--db", str(db)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--password is deprecated: anyone who lists this machine's processes can read it" \
        in result.stderr
    assert "a shared password (deprecated) lets anyone who has it act under any name" \
        in result.stderr
