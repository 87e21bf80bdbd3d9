"""Publishing from the review page: a confirmation that lists what will
change, then the public tree rebuilt as `newsgen build` would, without a
shell; refused without the page's CSRF token, or if the list changed."""

import json
import re
import threading
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.build.publisher import Publisher
from newsgen.cli import cli
from newsgen.review.server import make_server
from newsgen.review.store import ReviewStore
from test_review_web import Client

ROOT = Path(__file__).resolve().parent.parent
KIT = "child-abuse-images"
KEY = KIT + "/{}/2017-18"


def build(out, *args):
    result = CliRunner().invoke(cli, ["build", "--story", KIT, "--force", "Derbyshire", "--force",
                                      "Kent", "--force", "Cheshire", "-o", str(out), "--no-charts",
                                      *args])
    assert result.exit_code == 0, result.output


@pytest.fixture
def page(tmp_path):
    out = tmp_path / "out"
    build(out)
    server = make_server(out / "review.db", "127.0.0.1", 0,
                         publisher=Publisher(out, out / "review.db"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield out, Client(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def ids(out):
    with ReviewStore(out / "review.db") as store:
        return {slug: store.by_key(KEY.format(slug))["id"] for slug in ("derbyshire", "kent",
                                                                        "cheshire")}


def confirm(client):
    status, body = client.get("/publish")
    assert status == 200
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)
    listed = re.search(r'name="changes" value="([0-9a-f]+)"', body).group(1)
    return body, csrf, listed


def rows(body):
    return re.findall(r'<tr id="change-(\d+)">.*?<td class="what">([^<]+)</td><td>(\d+)</td>'
                      r'<td>([^<]*)</td>', body, re.S)


def test_publish_lists_what_will_change_and_releases_it(page):
    out, client = page
    n = ids(out)
    body, _, _ = confirm(client)
    assert 'id="nothing"' in body and "Publish 0 changes" in body
    with ReviewStore(out / "review.db") as store:
        store.approve([n["derbyshire"], n["cheshire"]], "Sam")
    body, csrf, listed = confirm(client)
    assert rows(body) == [(str(n["cheshire"]), "first release", "1", ""),
                          (str(n["derbyshire"]), "first release", "1", "")]
    assert not (out / "public" / KIT).exists()   # nothing yet: confirming is not publishing

    status, _ = client.post("/publish", {"changes": listed})   # no CSRF token
    assert status == 403
    status, result = client.post("/publish", {"csrf": csrf, "changes": listed})
    assert status == 200 and 'id="result">Published<' in result
    assert re.findall(r"<td>(release)</td><td>(1)</td><td>(Sam)</td>", result) == \
        [("release", "1", "Sam")] * 2
    entries = feedparser.parse((out / "public" / "feeds" / "all.xml").read_bytes()).entries
    assert sorted(e.id.split(":")[3] for e in entries) == ["cheshire", "derbyshire"]

    # a withdrawal and a correction, listed, then published
    with ReviewStore(out / "review.db") as store:
        store.reject(n["cheshire"], "Alex", "figures restated")
        d = store.get(n["derbyshire"])
        store.edit(d["id"], d["machine_text"].replace("301 offences", "301 recorded offences"),
                   "Alex", d["version"])
        store.approve([d["id"]], "Alex")
    body, csrf, listed = confirm(client)
    assert rows(body) == [(str(n["cheshire"]), "withdrawal", "2", "figures restated"),
                          (str(n["derbyshire"]), "correction", "2", "")]
    status, result = client.post("/publish", {"csrf": csrf, "changes": listed})
    assert status == 200, result
    items = {e.id.split(":")[3]: e for e in
             feedparser.parse((out / "public" / "feeds" / "all.xml").read_bytes()).entries}
    assert items["cheshire"].title.startswith("Withdrawn: ")
    assert "301 recorded offences" in items["derbyshire"].content[0].value
    doc = json.loads((out / "public" / "ninjs" / KIT / "derbyshire.json").read_text())
    assert doc["version"] == "2"


def test_a_list_that_changed_since_the_confirmation_is_not_published(page):
    out, client = page
    n = ids(out)
    with ReviewStore(out / "review.db") as store:
        store.approve([n["derbyshire"]], "Sam")
    _, csrf, listed = confirm(client)
    with ReviewStore(out / "review.db") as store:   # another editor, meanwhile
        store.approve([n["kent"]], "Alex")
    status, body = client.post("/publish", {"csrf": csrf, "changes": listed})
    assert status == 409 and "has changed since the page was opened" in body
    assert not (out / "public" / KIT).exists()
    assert [r[0] for r in rows(body)] == [str(n["derbyshire"]), str(n["kent"])]


def test_an_embargoed_story_is_listed_as_held(page, tmp_path):
    out, client = page
    draft = out / "drafts" / KIT / "derbyshire.json"
    doc = json.loads(draft.read_text())
    doc["embargo"] = "2099-01-01T00:00:00+00:00"
    draft.write_text(json.dumps(doc))
    with ReviewStore(out / "review.db") as store:
        store.approve([ids(out)["derbyshire"]], "Sam")
    body, _, _ = confirm(client)
    assert rows(body) == []
    assert "embargoed until 2099-01-01T00:00:00+00:00" in body


def test_a_publish_that_fails_says_so_and_changes_nothing(page):
    out, client = page
    with ReviewStore(out / "review.db") as store:
        store.approve([ids(out)["derbyshire"]], "Sam")
    before = {p: p.read_bytes() for p in (out / "public").rglob("*") if p.is_file()}
    scope = out / ".newsgen-scope.json"
    record = json.loads(scope.read_text())
    record["command"] += ["--data", str(out / "missing.csv")]
    scope.write_text(json.dumps(record))
    _, csrf, listed = confirm(client)
    status, body = client.post("/publish", {"csrf": csrf, "changes": listed})
    assert status == 500 and 'id="result">Not published<' in body and "missing.csv" in body
    assert {p: p.read_bytes() for p in (out / "public").rglob("*") if p.is_file()} == before


def test_publishing_repeats_the_last_build_as_it_was_given(tmp_path, monkeypatch):
    data = tmp_path / "figures.csv"
    data.write_text((ROOT / "newsgen" / "shipped" / "data" /
                     "nspcc-child-abuse-image-offences-2018.csv").read_text())
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    build(out, "--data", "figures.csv", "--release", "2019-02-01T09:00:00+00:00",
          "--base-url", "https://news.example.org/")
    command = Publisher(out, out / "review.db").command()
    assert command[command.index("--data") + 1] == str(data)   # absolute: any folder works
    assert command[command.index("--release") + 1] == "2019-02-01T09:00:00+00:00"
    assert command[command.index("--base-url") + 1] == "https://news.example.org/"
    assert "--now" not in command   # a publish is now
