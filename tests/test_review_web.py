"""The review web page over HTTP: escaping, CSRF, passwords, conflicts, links."""

import json
import re
import threading
import urllib.request

import pytest

from newsgen.build import BuildOptions, build
from newsgen.errors import NewsgenError
from newsgen.kit import kit_folder, read_kit
from newsgen.review.store import ReviewStore
from newsgen.review.numbers import link_numbers
from newsgen.review.server import make_server
from review_helpers import Client, csrf_and_version, draft_id, form_fields, message

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def db(tmp_path):
    kit = read_kit(kit_folder("child-abuse-images"))
    build([kit], BuildOptions(output=tmp_path, force_names=("Derbyshire", "Bedfordshire", "Kent")))
    return tmp_path / "review.db"


@pytest.fixture
def serve(db):
    servers = []

    def start(password=None):
        server = make_server(db, "127.0.0.1", 0, password)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_queue_lists_and_filters_drafts(db, serve):
    c = Client(serve())
    status, page = c.get("/")
    assert status == 200
    assert page.count('<tr id="draft-') == 3
    _, flagged = c.get("/?flag=big-change")
    rows = re.findall(r'<tr id="draft-\d+"[^>]*>.*?</tr>', flagged, re.S)
    assert len(rows) == 1 and "Bedfordshire" in rows[0]
    _, kent = c.get("/?force=Kent")
    assert kent.count('<tr id="draft-') == 1


def own_script_out(page):
    """The page without its one script, the keyboard's file (the CSP allows
    no other: script-src 'self')."""
    tag = '<script src="/static/keys.js" defer></script>'
    assert page.count(tag) == 1
    return page.replace(tag, "")


def test_a_force_name_and_an_edit_containing_script_show_as_text(db, serve):
    n = draft_id(db, "derbyshire")
    with ReviewStore(db) as store:
        store.db.execute("UPDATE drafts SET force = ?, force_label = ? WHERE id = ?",
                         (SCRIPT, SCRIPT, n))
    c = Client(serve())
    _, queue = c.get("/")
    assert "<script" not in own_script_out(queue)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in queue
    _, page = c.get(f"/draft/{n}")
    assert "<script" not in own_script_out(page)
    csrf, version = csrf_and_version(page)
    with ReviewStore(db) as store:
        text = store.get(n)["machine_text"].replace("down slightly",
                                                     f"{SCRIPT} down slightly")
    status, after = c.post(f"/draft/{n}/edit", {"csrf": csrf, "version": version, "text": text,
                                                "editor": f"Sam {SCRIPT}", "note": SCRIPT})
    assert status == 200
    assert "<script" not in own_script_out(after)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; down slightly" in after
    with ReviewStore(db) as store:
        assert SCRIPT in store.get(n)["edited_text"]   # stored as typed, escaped when shown
    assert "default-src 'none'" in urllib.request.urlopen(c.base + "/").headers[
        "Content-Security-Policy"]


def test_every_post_needs_the_csrf_token(db, serve):
    n = draft_id(db, "kent")
    c = Client(serve())
    _, page = c.get(f"/draft/{n}")
    csrf, version = csrf_and_version(page)
    for form in ({"version": version, "editor": "Sam"},
                 {"version": version, "editor": "Sam", "csrf": "0" * 64}):
        status, body = c.post(f"/draft/{n}/approve", form)
        assert status == 403 and "reload the page and try again" in body
        assert c.post("/approve", {**form, "id": str(n)})[0] == 403
    # another session's token does not work in this one
    other = Client(c.base)
    assert other.post(f"/draft/{n}/approve", {"csrf": csrf, "version": version,
                                              "editor": "Sam"})[0] == 403
    with ReviewStore(db) as store:
        assert store.get(n)["status"] == "draft"
    status, _ = c.post(f"/draft/{n}/approve", {"csrf": csrf, "version": version, "editor": "Sam"})
    assert status == 200
    with ReviewStore(db) as store:
        assert store.get(n)["status"] == "approved"


def test_bulk_approve_is_all_or_nothing_and_keeps_the_queues_filter(db, serve):
    c = Client(serve())
    _, page = c.get("/?status=draft")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    ids = [draft_id(db, "kent"), draft_id(db, "bedfordshire"), draft_id(db, "derbyshire")]
    ticked = [re.search(rf'name="id" value="({i}:\d+)"', page).group(1) for i in ids]
    with ReviewStore(db) as store:   # Derbyshire is edited after the queue was loaded
        row = store.get(ids[2])
        store.edit(ids[2], row["machine_text"].replace("301 offences", "301 crimes"), "Alex",
                   row["version"])
    status, after = c.post("/approve", {"csrf": csrf, "id": ticked, "editor": "Sam",
                                        "status": "draft"})
    assert status == 200
    assert message(after).startswith(f"nothing approved: draft {ids[2]} was changed by Alex")
    assert 'value="draft" selected' in after    # still the queue as filtered
    with ReviewStore(db) as store:
        assert store.list(status="approved") == []
    _, page = c.get("/?status=draft")
    ticked = [re.search(rf'name="id" value="({i}:\d+)"', page).group(1) for i in ids]
    status, after = c.post("/approve", {"csrf": csrf, "id": ticked, "editor": "Sam"})
    assert message(after) == f"approved 3 draft(s): {', '.join(map(str, ids))}"
    with ReviewStore(db) as store:
        assert sorted(r["id"] for r in store.list(status="approved")) == sorted(ids)


def test_a_public_address_needs_a_password_and_a_password_needs_a_login(db, serve):
    with pytest.raises(NewsgenError, match="add-editor"):
        make_server(db, "0.0.0.0", 0)
    base = serve(password="s3cret")
    assert Client(base).get("/")[0] == 401
    assert Client(base, auth="Sam:wrong").get("/")[0] == 401
    status, page = Client(base, auth="Sam:s3cret").get("/")
    assert status == 200
    assert '<strong id="who">Sam</strong>' in page   # the login name is the editor's name
    assert 'name="editor"' not in page               # and there is no box to type another


def test_without_a_password_only_localhost_names_are_answered(db, serve):
    base = serve()
    assert Client(base).get("/")[0] == 200
    c = Client(base)
    c.headers["Host"] = "attacker.example:8765"
    status, body = c.get("/")
    assert status == 403 and "only to localhost" in body
    c.headers["Host"] = "localhost:8765"
    assert c.get("/")[0] == 200


def test_two_editors_saving_the_same_draft_the_second_gets_a_conflict(db, serve):
    n = draft_id(db, "derbyshire")
    base = serve()
    sam, alex = Client(base), Client(base)
    forms = {}
    for who, c in (("Sam", sam), ("Alex", alex)):
        _, page = c.get(f"/draft/{n}")
        forms[who] = form_fields(page, "edit-form")
    with ReviewStore(db) as store:
        machine = store.get(n)["machine_text"]
    sam_text = machine.replace("301 offences", "301 crimes")
    alex_text = machine.replace("18,522 in", "18,522 offences in")   # another paragraph
    status, _ = sam.post(f"/draft/{n}/edit", {**forms["Sam"], "text": sam_text, "editor": "Sam"})
    assert status == 200
    status, page = alex.post(f"/draft/{n}/edit", {**forms["Alex"], "text": alex_text,
                                                  "editor": "Alex"})
    assert status == 409
    assert "Not saved: someone else saved this draft first" in page and "changed by Sam" in page
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    assert "18,522 offences in" in textarea       # Alex's words are still in front of Alex
    assert "301 crimes" in textarea               # merged with Sam's, in another paragraph
    with ReviewStore(db) as store:
        assert "301 crimes" in store.get(n)["edited_text"]


def test_numbers_link_to_the_cells_they_came_from(db, serve):
    n = draft_id(db, "derbyshire")
    c = Client(serve())
    _, page = c.get(f"/draft/{n}")
    assert re.search(rf'<a class="num" href="/draft/{n}/fact/current"[^>]*>301</a>', page)
    assert re.search(rf'<a class="num" href="/draft/{n}/fact/previous"[^>]*>302</a>', page)
    assert re.search(rf'<a class="num hedged" href="/draft/{n}/fact/national_current"[^>]*>'
                     r"nearly 23,000</a>", page)
    _, cell = c.get(f"/draft/{n}/fact/current")
    assert "line 17, column offences" in cell
    assert '<td class="cell-hit">301</td>' in cell
    _, cell = c.get(f"/draft/{n}/fact/breakdown.1")
    assert '<td class="cell-hit">37</td>' in cell


def test_link_numbers_matches_values_and_hedges():
    facts = {"current": {"value": 301, "sources": [{"file": "f", "line": 2, "column": "c"}]},
             "rate": {"value": 28.5768, "sources": []},
             "change_pct": {"value": -54.2, "sources": []},
             "national_current": {"value": 22724, "sources": []},
             "current_period": {"value": "2017-18", "sources": []}}
    segs = link_numbers("More than 300, 301, 28.6, a fall of 54%, nearly 23,000, 2017-18, 999",
                        facts)
    linked = {s["text"]: s.get("facts", ["untraced"] if s.get("untraced") else None)[0]
              for s in segs if "facts" in s or s.get("untraced")}
    assert linked == {"More than 300": "current", "301": "current", "28.6": "rate",
                      "54%": "change_pct", "nearly 23,000": "national_current", "999": "untraced"}


def test_a_stale_draft_shows_the_figures_and_text_that_changed(tmp_path, serve, db, nspcc_csv):
    kit = read_kit(kit_folder("child-abuse-images"))
    options = BuildOptions(output=tmp_path, force_names=("Derbyshire", "Bedfordshire", "Kent"), data_override=nspcc_csv)
    build([kit], options)
    n = draft_id(db, "derbyshire")
    with ReviewStore(db) as store:
        store.approve([n], "Sam")
    nspcc_csv.write_text(nspcc_csv.read_text().replace("Derbyshire,2016-17,all,302",
                                                       "Derbyshire,2016-17,all,250"))
    build([kit], options)
    _, page = Client(serve()).get(f"/draft/{n}")
    stale = re.search(r'<section class="problem" id="stale">(.*?)</section>', page, re.S).group(1)
    assert "<td>previous</td><td>302</td><td>250</td>" in stale
    assert re.search(r"^-.*down slightly from 302", stale, re.M)
    assert 'class="mark mark-stale"' in page and 'id="status">draft<' in page


def test_the_output_server_never_hands_out_the_review_database(db):
    from newsgen.publish.serve import public_root, resolve_request
    root = public_root(db.parent)
    assert root == db.parent / "public"
    (root / "review.db-wal").write_bytes(b"x")   # even one put inside the public tree
    (root / "review.db").write_bytes(b"x")
    for path in ("/review.db", "/review.db-wal", "/review.db?x=1", "/./review.db",
                 "/../review.db", "/%2e%2e/review.db"):
        assert resolve_request(root, path) is None, path
    assert resolve_request(root, "/feeds/kent.xml") is not None


def test_hedged_numbers_are_read_at_their_rounding_and_counts_of_forces_as_counts():
    facts = {"current": {"value": 267, "sources": []}, "change": {"value": 15, "sources": []},
             "ranked": {"value": 15, "sources": []},
             "national_current": {"value": 22724, "sources": []}}
    segs = [s for s in link_numbers("more than 200 and more than 300, of the 15 forces; up 15; "
                                    "nearly 23,000 in the previous year", facts)
            if "facts" in s or s.get("untraced")]
    got = [(s["text"], s["facts"][0] if "facts" in s else None) for s in segs]
    assert got == [("more than 200", "current"), ("more than 300", None), ("15", "ranked"),
                   ("15", "change"), ("nearly 23,000", "national_current")]


def test_the_page_reads_numbers_as_the_fact_check_does():
    """The page marks exactly what the build's fact check would refuse: a
    hedge that is not true and close, a year no period explains, a figure
    written in words."""
    facts = {"current": {"value": 301}, "per_day": {"value": 0.6}, "days": {"value": 365},
             "current_period": {"value": "2017-18"}}
    segs = link_numbers("Nearly one offence a day, three hundred and one in all, more than 300 "
                        "in 2019, about 300 in 2017, in the 12 months to March", facts)
    got = [(s["text"], s["facts"][0] if "facts" in s else None) for s in segs
           if "facts" in s or s.get("untraced")]
    assert ("more than 300", "current") in got
    assert ("2019", None) in got and ("Nearly one offence a day", None) in got
    assert ("three hundred and one", "current") in got
    assert all(text not in ("2017", "12 months") for text, _ in got)   # not figures


def test_approving_a_draft_that_changed_since_it_was_opened_is_refused(db, serve):
    n = draft_id(db, "kent")
    c = Client(serve())
    _, page = c.get(f"/draft/{n}")
    csrf, version = csrf_and_version(page)
    with ReviewStore(db) as store:   # someone else edits it meanwhile
        row = store.get(n)
        store.edit(n, row["machine_text"].replace("1,042", "1,042 recorded"), "Alex", row["version"])
    status, page = c.post(f"/draft/{n}/approve", {"csrf": csrf, "version": version, "editor": "Sam"})
    assert status == 409 and "changed by Alex" in page
    with ReviewStore(db) as store:
        assert store.get(n)["status"] == "draft"


def test_reject_needs_a_reason_and_keeps_it_in_the_log(db, serve):
    n = draft_id(db, "kent")
    c = Client(serve())
    _, page = c.get(f"/draft/{n}")
    csrf, version = csrf_and_version(page)
    status, page = c.post(f"/draft/{n}/reject", {"csrf": csrf, "version": version,
                                                 "editor": "Sam", "note": " "})
    assert status == 400 and "say why" in page
    status, page = c.post(f"/draft/{n}/reject", {"csrf": csrf, "version": version,
                                                 "editor": "Sam", "note": "restated figures"})
    assert status == 200 and 'id="status">rejected<' in page
    assert "<td>Sam</td><td>rejected</td><td>restated figures</td>" in page


def test_the_draft_page_shows_the_chart_the_build_drew(db, serve):
    client = Client(serve())
    ident = draft_id(db, "derbyshire")
    status, page = client.get(f"/draft/{ident}")
    assert status == 200
    assert f'src="/draft/{ident}/chart.svg"' in page
    status, svg = client.get(f"/draft/{ident}/chart.svg")
    assert status == 200
    assert svg == (db.parent / "drafts" / "child-abuse-images" / "derbyshire.svg").read_text()
    (db.parent / "drafts" / "child-abuse-images" / "derbyshire.svg").unlink()
    status, page = client.get(f"/draft/{ident}")
    assert "chart.svg" not in page
    assert client.get(f"/draft/{ident}/chart.svg")[0] == 404


def test_the_draft_page_shows_the_editors_brief_from_the_build(db, serve):
    """Why this angle, the runners-up and what to ask locally, read from the
    article's JSON; not shown once the JSON is for other figures."""
    n = draft_id(db, "bedfordshire")
    c = Client(serve())
    _, page = c.get(f"/draft/{n}")
    brief = re.search(r'<section class="brief" id="brief">(.*?)</section>', page, re.S).group(1)
    assert "Leads on sharp-rise" in brief and "Ask Bedfordshire Police for comment" in brief
    assert "Runners-up" in brief or "Then " in brief
    path = db.parent / "drafts" / "child-abuse-images" / "bedfordshire.json"
    doc = json.loads(path.read_text())
    doc["fingerprint"], doc["brief"]["angle"] = "0" * 16, f"Leads on {SCRIPT}"
    path.write_text(json.dumps(doc))
    _, page = c.get(f"/draft/{n}")
    assert 'id="brief"' not in page          # another build's figures: no brief for this draft
    with ReviewStore(db) as store:
        doc["fingerprint"] = store.get(n)["fingerprint"]
    path.write_text(json.dumps(doc))
    _, page = c.get(f"/draft/{n}")
    assert "<script>alert" not in page and "Leads on &lt;script&gt;" in page
