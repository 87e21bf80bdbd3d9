"""`newsgen serve` on a free localhost port, read by feedparser over HTTP."""

import http.client
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(tmp_path_factory, released_kits):
    base = tmp_path_factory.mktemp("serve")
    out = base / "output"
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--story", "child-abuse-images",
                                      "-o", str(out), "--now", "2018-10-01T00:00:00Z",
                                      "--kits", str(released_kits)])
    assert result.exit_code == 0, result.output
    (base / "secret.txt").write_text("outside the output folder")
    (out / "link-out").symlink_to(base / "secret.txt")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "-o", str(out), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving "), line
        url = line.split(" at ", 1)[1].split()[0].rstrip("/")
        assert url.startswith("http://127.0.0.1:")
        yield url, out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(url: str, path: str, headers=None):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_a_feed_reader_subscribes_and_gets_304_with_the_etag(server):
    url, out = server
    first = feedparser.parse(f"{url}/feeds/all.xml")
    assert first.status == 200 and first.bozo == 0
    assert len(first.entries) == 15
    assert first.headers["content-type"].startswith("application/rss+xml")
    assert first.etag and first.modified
    again = feedparser.parse(f"{url}/feeds/all.xml", etag=first.etag)
    assert again.status == 304 and again.entries == []
    since = feedparser.parse(f"{url}/feeds/all.xml", modified=first.modified)
    assert since.status == 304


def test_content_types_etags_and_last_modified(server):
    url, out = server
    for path, kind in (("/feeds/kent.atom", "application/atom+xml"),
                       ("/feeds/kent.xml", "application/rss+xml"),
                       ("/child-abuse-images/kent.html", "text/html; charset=utf-8"),
                       ("/ninjs/child-abuse-images/kent.json", "application/json")):
        status, headers, body = get(url, path)
        assert status == 200, path
        assert headers["Content-Type"].startswith(kind), path
        assert body == (out / path.lstrip("/")).read_bytes()
        assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith("GMT")
    _, headers, _ = get(url, "/feeds/kent.xml")
    assert get(url, "/feeds/kent.xml", {"If-None-Match": headers["ETag"]})[0] == 304
    # Another file's ETag, or a stale one, gets the whole file.
    other = get(url, "/feeds/essex.xml")[1]["ETag"]
    assert get(url, "/feeds/kent.xml", {"If-None-Match": other})[0] == 200


def test_nothing_outside_the_output_folder_is_served(server):
    url, out = server
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/feeds/..%2f..%2fsecret.txt",
                 "/link-out", "/feeds/.versions.json", "//etc/passwd", "/missing.xml"):
        status, _, body = get(url, path)
        assert status == 404, path
        assert b"outside the output folder" not in body


def test_the_root_lists_the_output_folder(server):
    url, _ = server
    status, headers, body = get(url, "/feeds/")
    assert status == 200 and b'href="/feeds/all.xml"' in body
    assert b".versions.json" not in body
