"""The story view and the desk's forms over HTTP (no browser): what
"outlying" means, choosing all across pages, all-or-none rejection, the
summary that changes nothing, where a form may send the editor back to,
and the draft page without a build's JSON (no preview, no error)."""

import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from review_helpers import Client, build_review_db, draft_id, fresh_copy, message, served
from newsgen.review import story_page
from newsgen.review.drafts import NotApproved
from newsgen.review.forms import local_path
from newsgen.review.store import ReviewStore
from newsgen.review.story_rows import judge

STORY = "child-abuse-images"
FORCES = ("Derbyshire", "Kent", "Bedfordshire", "Cheshire", "Essex", "Hampshire", "Gwent")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("story") / "out"
    build_review_db(out, FORCES)
    return out


@pytest.fixture
def out(built, tmp_path):
    shutil.copytree(built, tmp_path / "out")
    return tmp_path / "out"


def row(force, lead, angle, flags="[]"):
    return {"force": force, "lead": lead, "angle": angle, "flags": flags, "stale": 0, "edited": 0}


def test_outlying_is_a_lead_figure_two_deviations_out_or_an_angle_few_areas_got():
    rows = [row(f"Area {i:02d}", 100 + i % 3, "steady") for i in range(40)]
    rows += [row("Big", 400, "steady"), row("Odd", 101, "record-high"),
             row("Flagged", 100, "steady", '["zero"]')]
    ordered = judge(rows)
    first = [r["force"] for r in ordered[:3]]
    assert first == ["Big", "Odd", "Flagged"]   # outlying, then flagged, each by name
    big, odd = ordered[0], ordered[1]
    assert big["outlying"] == [f"lead figure {big['z']:+.1f} standard deviations from the mean"]
    assert big["z"] > 2
    assert odd["outlying"] == ["angle “record-high” given to 1 area of 43"]
    assert all(r["outlying"] == [] for r in ordered[3:])
    # the most common angle is never rare, however few areas there are
    few = judge([row("A", 1, "steady"), row("B", 2, "fall"), row("C", 3, "rise")])
    assert all(len(r["outlying"]) <= 1 for r in few)


def test_choosing_all_chooses_across_pages_and_the_summary_changes_nothing(out, monkeypatch):
    monkeypatch.setattr(story_page, "PAGE", 3)
    db = out / "review.db"
    with served(db) as base:
        c = Client(base)
        _, page = c.get(f"/story/{STORY}?select=all&page=2")
        shown = re.findall(r'<tr data-draft-id="(\d+)"', page)
        boxes = re.findall(r'<input type="checkbox" name="id" value="(\d+:\d+)"[^>]* checked', page)
        hidden = re.findall(r'<input type="hidden" name="id" value="(\d+:\d+)">', page)
        assert len(shown) == 3 and len(boxes) == 3 and len(hidden) == len(FORCES) - 3
        assert "Page 2 of 3" in page
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        status, summary = c.post(f"/story/{STORY}/confirm", {
            "csrf": csrf, "period": "2017-18", "action": "approve", "id": boxes + hidden})
        assert status == 200 and f"Approve {len(FORCES)} drafts" in summary
        with ReviewStore(db) as store:
            assert {r["status"] for r in store.list()} == {"draft"}
        ids = re.findall(r'<input type="hidden" name="id" value="(\d+:\d+)">', summary)
        status, done = c.post(f"/story/{STORY}/approve", {
            "csrf": csrf, "period": "2017-18", "id": ids, "editor": "Sam Jones"})
        assert status == 200 and message(done).startswith(f"approved {len(FORCES)} draft(s)")
    with ReviewStore(db) as store:
        assert {r["status"] for r in store.list()} == {"approved"}


def test_rejecting_many_is_all_or_none(built, tmp_path):
    db = fresh_copy(built / "review.db", tmp_path)
    kent, derbyshire = draft_id(db, "kent"), draft_id(db, "derbyshire")
    with ReviewStore(db) as store:
        with pytest.raises(NotApproved, match="nothing rejected: draft .* was changed"):
            store.reject_many([(kent, 1), (derbyshire, 7)], "Sam", "wrong figures")
        assert store.get(kent)["status"] == "draft"
        assert store.reject_many([(kent, 1), (derbyshire, 1)], "Sam", "wrong figures") == \
            [(kent, "rejected"), (derbyshire, "rejected")]
        assert store.log(kent)[-1]["note"] == "wrong figures"
        assert store.reject_many([(kent, None)], "Sam", "again") == [(kent, "already rejected")]
        with pytest.raises(Exception, match="a note is needed"):
            store.reject_many([(kent, None)], "Sam", " ")


@pytest.mark.parametrize("target, ok", [
    ("/story/child-abuse-images?period=2017-18", True), ("/", True),
    ("//evil.example/", False), ("/\\evil.example", False), ("https://evil.example/", False),
    ("javascript:alert(1)", False), ("", False), ("/a b", False)])
def test_a_form_sends_the_editor_back_only_within_the_site(target, ok):
    assert local_path(target) == (target if ok else "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None   # a 303 is raised as an HTTPError: its Location can be read


def test_the_keyboards_approve_goes_back_where_it_was_and_never_off_site(out):
    db = out / "review.db"
    kent, essex = draft_id(db, "kent"), draft_id(db, "essex")
    with served(db) as base:
        c = Client(base)
        _, page = c.get(f"/story/{STORY}")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        no_follow = urllib.request.build_opener(NoRedirect, *[
            h for h in c.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)])
        places = []
        for n, back in ((kent, f"/story/{STORY}"), (essex, "//evil.example/")):
            req = urllib.request.Request(f"{base}/draft/{n}/approve", data=urllib.parse.urlencode(
                {"csrf": csrf, "version": 1, "back": back, "editor": "Sam"}).encode())
            with pytest.raises(urllib.error.HTTPError) as caught:
                no_follow.open(req)
            places.append((caught.value.code, caught.value.headers["Location"]))
        assert places == [(303, f"/story/{STORY}"), (303, f"/draft/{essex}")]
    with ReviewStore(db) as store:
        assert store.get(kent)["status"] == store.get(essex)["status"] == "approved"


def test_the_keyboard_script_is_the_only_script_the_page_may_run(out):
    with served(out / "review.db") as base:
        with urllib.request.urlopen(base + "/static/keys.js") as resp:
            assert resp.headers["Content-Type"].startswith("text/javascript")
            assert b"data-draft-id" in resp.read()
            assert "script-src 'self'" in resp.headers["Content-Security-Policy"]


def test_without_the_builds_json_the_draft_page_has_no_preview_and_no_error(built, tmp_path):
    db = fresh_copy(built / "review.db", tmp_path)   # the store alone: no drafts/ folder
    with served(db) as base:
        status, page = Client(base).get(f"/draft/{draft_id(db, 'kent')}")
        assert status == 200 and 'id="preview"' not in page
        status, page = Client(base).get(f"/draft/{draft_id(db, 'kent')}/as-published")
        assert status == 400 and "no preview" in page
        status, page = Client(base).get(f"/story/{STORY}")
        assert status == 200 and page.count("<tr data-draft-id=") == len(FORCES)


def test_a_bad_outlets_file_is_said_in_the_preview_and_the_draft_page_still_works(out, tmp_path,
                                                                                   monkeypatch):
    from newsgen.review import preview
    bad = tmp_path / "outlets.csv"
    bad.write_text("outlet,slug,domain,forces\nNowhere News,nowhere,example.org,Atlantis\n")
    monkeypatch.setattr(preview, "OUTLETS_FILE", bad)
    db = out / "review.db"
    with served(db) as base:
        status, page = Client(base).get(f"/draft/{draft_id(db, 'kent')}")
    assert status == 200, page
    said = r"No preview of the feeds: [^<]*outlets.csv:2: column &#39;forces&#39;: &#39;Atlantis&#39;"
    assert re.search(said, page), \
        re.findall(r'<section id="preview">.{0,400}', page, re.S)


@pytest.mark.parametrize("sort", ["lead", "-lead", "force", "-force"])
def test_each_column_sorts_the_story_both_ways(built, sort):
    db = built / "review.db"
    with served(db) as base:
        _, page = Client(base).get(f"/story/{STORY}?sort={sort}")
    ids = [int(i) for i in re.findall(r'<tr data-draft-id="(\d+)"', page)]
    with ReviewStore(db) as store:
        rows = {i: store.get(i) for i in ids}
    column = sort.lstrip("-")
    value = {"lead": lambda r: json.loads(r["facts"])["current"]["value"],
             "force": lambda r: r["force"].lower(), "status": lambda r: r["status"]}[column]
    values = [value(rows[i]) for i in ids]
    assert len(ids) == len(FORCES)
    assert values == sorted(values, reverse=sort.startswith("-"))
    marker = "descending" if sort.startswith("-") else "ascending"
    assert re.search(rf'<th scope="col" aria-sort="{marker}"><a href="\?period=2017-18&amp;sort=', page)
