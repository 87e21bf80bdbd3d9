"""The leads on the review page over HTTP: the list and its filters, a lead
with its figures, cells and chart, "write this story" behind the CSRF token,
the Host check, and data escaped."""

import json
import re

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.review.server import make_server
from newsgen.review.store import ReviewStore

from test_review_web import SCRIPT, Client

LEAD = "homicide/cleveland"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("leads-web")
    assert CliRunner().invoke(cli, ["leads", "-o", str(out), "--top", "0"]).exit_code == 0
    ReviewStore(out / "review.db").close()    # an empty queue: no build yet
    return out


@pytest.fixture
def page(out):
    import threading

    server = make_server(out / "review.db", "127.0.0.1", 0, output=out)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Client(f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


def rows(html: str) -> list[str]:
    return re.findall(r'<tr id="lead-([^"]+)"', html)


def test_the_list_is_ranked_and_filtered(page, out):
    doc = json.loads((out / "leads" / "leads.json").read_text())
    status, html = page.get("/leads")
    assert status == 200
    assert rows(html)[:3] == [lead["id"].replace("/", "--") for lead in doc["leads"][:3]]
    assert len(rows(html)) == 200 and f"and {doc['count'] - 200} more" in html
    status, html = page.get("/leads?area=kent")
    assert rows(html) and all(r.endswith("--kent") for r in rows(html))
    status, html = page.get("/leads?category=Homicide&kind=record-high")
    assert rows(html) and all(r.startswith("homicide--") for r in rows(html))
    assert "cleveland" in html
    status, html = page.get("/")
    assert 'href="/leads"' in html                         # reached from the queue


def test_a_lead_shows_its_findings_figures_cells_and_chart(page):
    status, html = page.get(f"/leads/{LEAD}")
    assert status == 200
    assert "Homicides in Cleveland at highest level since 2003" in html
    assert "the previous high was 12" in html and "news value" in html
    assert "10 × size" in html and "seriousness 3.0" in html
    status, svg = page.get(f"/leads/{LEAD}/chart.svg")
    assert status == 200 and svg.lstrip().startswith(("<?xml", "<svg"))
    status, cell = page.get(f"/leads/{LEAD}/fact/current")
    assert status == 200 and '<td class="cell-hit">15</td>' in cell and "Cleveland" in cell
    status, cells = page.get(f"/leads/{LEAD}/fact/national_current")
    assert status == 200 and cells.count("<h2>") == 20 and "23 more cells" in cells
    status, _ = page.get("/leads/homicide/atlantis")
    assert status == 400


def test_write_this_story_needs_the_csrf_token_and_makes_a_draft(page, out):
    status, body = page.post(f"/leads/{LEAD}/write", {"editor": "Sam Jones"})
    assert status == 403 and "reload the page and try again" in body
    with ReviewStore(out / "review.db") as store:
        assert store.list() == []
    status, html = page.get(f"/leads/{LEAD}")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)
    status, draft = page.post(f"/leads/{LEAD}/write", {"csrf": csrf, "editor": "Sam Jones"})
    assert status == 200             # the redirect, followed, to the draft
    assert "Homicides in Cleveland at highest level since figures began" in draft
    assert "written from lead homicide/cleveland" in draft
    with ReviewStore(out / "review.db") as store:
        (row,) = store.list()
        assert row["kit"] == "ons-category-homicide" and row["status"] == "draft"
    status, html = page.get("/leads?category=Homicide")
    assert f'href="/draft/{row["id"]}">draft {row["id"]}</a>' in html


def test_the_page_answers_only_to_this_machine(page):
    import urllib.request

    req = urllib.request.Request(page.base + "/leads", headers={"Host": "evil.example"})
    try:
        urllib.request.urlopen(req)
        status = 200
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status == 403


def test_data_is_escaped(page, out, tmp_path):
    path = out / "leads" / "leads.json"
    saved = path.read_bytes()
    doc = json.loads(saved)
    doc["leads"][0]["title"] = SCRIPT
    doc["leads"][0]["findings"][0]["reason"] = SCRIPT
    path.write_text(json.dumps(doc))
    try:
        for url in ("/leads", f"/leads/{doc['leads'][0]['id']}"):
            status, html = page.get(url)
            assert status == 200 and SCRIPT not in html and "&lt;script&gt;" in html
    finally:
        path.write_bytes(saved)


def test_without_a_budget_the_page_says_how_to_make_one(tmp_path):
    import threading

    ReviewStore(tmp_path / "review.db").close()
    server = make_server(tmp_path / "review.db", "127.0.0.1", 0, output=tmp_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, html = Client(f"http://127.0.0.1:{server.server_address[1]}").get("/leads")
        assert status == 200 and "Run <code>newsgen leads</code>" in html
    finally:
        server.shutdown()
        server.server_close()


def test_the_area_feeds_are_served_to_reporters_by_the_review_page(page, out):
    import feedparser

    status, body = page.get("/leads/feeds/kent.xml")
    assert status == 200
    feed = feedparser.parse(body.encode())
    assert not feed.bozo and feed.entries
    assert feed.feed.links[0].href == "http://127.0.0.1:8765/leads/feeds/kent.xml"
    status, _ = page.get("/leads/feeds/atlantis.xml")
    assert status == 404
    status, _ = page.get("/leads/feeds/..%2Freview.db")
    assert status in (400, 404)
