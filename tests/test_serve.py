"""`newsgen serve` on a free localhost port, read by feedparser over HTTP: it
serves the public tree only, over HTTP/1.1, checks Host, answers
conditional requests from the content and gzips text when asked."""

import gzip
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


def build(out: Path, released_kits: Path):
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--story", "child-abuse-images",
                                      "-o", str(out), "--now", "2018-10-01T00:00:00Z",
                                      "--kits", str(released_kits)])
    assert result.exit_code == 0, result.output


def start(out: Path, *args):
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "-o", str(out), "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    line = proc.stdout.readline()
    assert line.startswith("serving "), line
    url = line.split(" at ", 1)[1].split()[0].rstrip("/")
    assert url.startswith("http://127.0.0.1:")
    return proc, url


@pytest.fixture(scope="module")
def server(tmp_path_factory, released_kits):
    base = tmp_path_factory.mktemp("serve")
    out = base / "output"
    build(out, released_kits)
    (base / "secret.txt").write_text("outside the output folder")
    (out / "public" / "link-out").symlink_to(base / "secret.txt")
    proc, url = start(out, "--allow-host", "news.example.org")
    try:
        yield url, out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(url: str, path: str, headers=None, method="GET"):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
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
    public = out / "public"
    for path, kind in (("/feeds/kent.atom", "application/atom+xml"),
                       ("/feeds/kent.xml", "application/rss+xml"),
                       ("/child-abuse-images/kent.html", "text/html; charset=utf-8"),
                       ("/ninjs/child-abuse-images/kent.json", "application/json")):
        status, headers, body = get(url, path)
        assert status == 200, path
        assert headers["Content-Type"].startswith(kind), path
        assert body == (public / path.lstrip("/")).read_bytes()
        assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith("GMT")
    _, headers, _ = get(url, "/feeds/kent.xml")
    assert get(url, "/feeds/kent.xml", {"If-None-Match": headers["ETag"]})[0] == 304
    # Another file's ETag, or a stale one, gets the whole file.
    other = get(url, "/feeds/essex.xml")[1]["ETag"]
    assert get(url, "/feeds/kent.xml", {"If-None-Match": other})[0] == 200
    # The time is the content's: the story's release, not when the build ran.
    _, headers, _ = get(url, "/child-abuse-images/kent.html")
    assert headers["Last-Modified"] == "Mon, 17 Sep 2018 23:01:00 GMT"


def test_nothing_outside_the_public_tree_is_served_and_no_folder_is_listed(server):
    url, out = server
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/feeds/..%2f..%2fsecret.txt",
                 "/link-out", "/.newsgen-public.json", "//etc/passwd", "/missing.xml",
                 "/review.db", "/../review.db", "/%2e%2e/review.db", "/../drafts/child-abuse-images/kent.txt",
                 "/drafts/child-abuse-images/kent.txt", "/", "/feeds/", "/child-abuse-images/",
                 "/child-abuse-images", "/ninjs/"):
        status, _, body = get(url, path)
        assert status == 404, path
        assert b"outside the output folder" not in body and b"<a href" not in body


def test_a_request_for_another_host_is_refused(server):
    url, _ = server
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
        status, _, body = get(url, "/feeds/all.xml", {"Host": host})
        assert status == 403 and b"Host" in body, host
    assert get(url, "/feeds/all.xml", {"Host": "localhost:8000"})[0] == 200
    assert get(url, "/feeds/all.xml", {"Host": "news.example.org"})[0] == 200   # --allow-host


def test_http_1_1_keeps_the_connection_for_several_requests(server):
    url, _ = server
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        for path in ("/feeds/all.xml", "/feeds/kent.xml", "/missing", "/feeds/kent.atom"):
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            assert response.version == 11
            assert response.status in (200, 404)
        assert conn.sock is not None   # the same connection throughout
    finally:
        conn.close()


def test_text_is_gzipped_when_asked(server):
    url, out = server
    plain = (out / "public" / "feeds" / "all.xml").read_bytes()
    status, headers, body = get(url, "/feeds/all.xml", {"Accept-Encoding": "gzip, deflate"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 3
    assert headers["Vary"] == "Accept-Encoding" and headers["Content-Length"] == str(len(body))
    assert get(url, "/feeds/all.xml", {"If-None-Match": headers["ETag"],
                                       "Accept-Encoding": "gzip"})[0] == 304
    for refused in ({}, {"Accept-Encoding": "gzip;q=0"}, {"Accept-Encoding": "br"}):
        status, headers, body = get(url, "/feeds/all.xml", refused)
        assert body == plain and "Content-Encoding" not in headers, refused
    status, headers, body = get(url, "/child-abuse-images/kent.png", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in headers   # already compressed
    status, headers, body = get(url, "/feeds/all.xml", {"Accept-Encoding": "gzip"}, "HEAD")
    assert body == b"" and headers["Content-Encoding"] == "gzip"


def test_an_identical_rebuild_answers_if_modified_since_with_304(tmp_path, released_kits):
    out = tmp_path / "output"
    build(out, released_kits)
    proc, url = start(out)
    try:
        first = {p: get(url, p)[1] for p in ("/feeds/all.xml", "/feeds/kent.atom",
                                             "/child-abuse-images/kent.html",
                                             "/ninjs/child-abuse-images/kent.json")}
        build(out, released_kits)   # the same data again: every file written anew
        for path, headers in first.items():
            status, again, _ = get(url, path, {"If-Modified-Since": headers["Last-Modified"]})
            assert status == 304, path
            assert again["ETag"] == headers["ETag"], path
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_busy_port_or_a_folder_without_a_public_tree_is_one_line(tmp_path, server):
    url, out = server
    port = url.rsplit(":", 1)[1]
    for args, says in ((["-o", str(out), "--port", port], f"cannot listen on 127.0.0.1:{port}"),
                       (["-o", str(tmp_path)], "no public tree here")):
        proc = subprocess.run([sys.executable, "-m", "newsgen", "serve", *args],
                              capture_output=True, text=True, timeout=30,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and says in proc.stderr and "Traceback" not in proc.stderr
