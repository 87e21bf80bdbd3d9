"""`newsgen serve`: the public tree over HTTP/1.1, so a real feed reader can
subscribe to the feeds and outlets can fetch what editors released.

Only the public tree is served (OUTPUT/public, or a copy of one): never a
draft, the review database, or anything outside the tree; no folder is
listed. Each response carries its content type, Last-Modified (the file's
time, which a build sets to its version's: so an identical rebuild keeps
it) and an ETag made from the bytes, and a conditional request
(If-None-Match, or If-Modified-Since) for an unchanged file gets 304 Not
Modified. Text is gzipped for a client that asks (Accept-Encoding). A
request must name this server in its Host header: localhost, the host of
the build's --base-url, or one given with --allow-host (so a web page
cannot read the tree through a DNS name it rebound to this machine).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
from email.utils import formatdate, parsedate_to_datetime
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsgen.errors import NewsgenError
from newsgen.hosts import host_name, is_loopback
from newsgen.paths import PUBLIC
from newsgen.publish.public import read_marker

CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".css": "text/css; charset=utf-8",
}
COMPRESSIBLE = {".xml", ".atom", ".html", ".json", ".txt", ".svg", ".css"}


def public_root(output: Path) -> Path:
    """The public tree of a build's output folder (or the folder itself, if
    it is a public tree copied elsewhere)."""
    output = Path(output)
    for folder in (output / PUBLIC, output):
        if read_marker(folder) is not None:
            return folder
    raise NewsgenError(f"{output}: no public tree here (expected {output / PUBLIC}); "
                       "run `newsgen build` first, or give the folder it wrote with --output")


def private(name: str) -> bool:
    """Never served: hidden names, and databases, with their -wal and -shm files."""
    return name.startswith(".") or bool(re.search(r"\.(db|sqlite3?)(-wal|-shm|-journal)?$", name))


def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file a request path names inside `root`, or None: no `..`, no
    hidden names, no folders, nothing that leads (through links) outside."""
    path = unquote(urlsplit(url_path).path)
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or private(p) or "\\" in p or "\x00" in p for p in parts):
        return None
    root = root.resolve()
    target = root.joinpath(*parts).resolve()
    if root not in target.parents:
        return None
    return target if target.is_file() else None


def allowed_hosts(root: Path, extra: tuple[str, ...] = ()) -> set[str]:
    """Host names a request may give besides loopback ones: the host of the
    --base-url the tree was built for, and any given."""
    hosts = {host_name(h) for h in extra if h}
    base = (read_marker(root) or {}).get("base_url") or ""
    if urlsplit(base).hostname:
        hosts.add(urlsplit(base).hostname.lower())
    return hosts


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header takes gzip (q=0 refuses it)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = re.search(r"q\s*=\s*([0-9.]+)", params)
            try:
                return not q or float(q.group(1)) > 0
            except ValueError:
                return False
    return False


@lru_cache(maxsize=64)
def _gzipped(digest: str, data: bytes) -> bytes:   # by digest: feeds are asked for often
    return gzip.compress(data, compresslevel=6, mtime=0)


def make_handler(root: Path, hosts: set[str] | None = None):
    root = Path(root).resolve()
    hosts = set(hosts or ())

    class PublicHandler(BaseHTTPRequestHandler):
        server_version = "newsgen"
        sys_version = ""
        protocol_version = "HTTP/1.1"   # keep-alive; every response has a length
        timeout = 30                    # an idle kept-alive connection is closed

        def do_HEAD(self):
            self.respond(body=False)

        def do_GET(self):
            self.respond(body=True)

        def refuse(self, status: HTTPStatus, text: str, body: bool) -> None:
            data = (text + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def respond(self, body: bool) -> None:
            host = host_name(self.headers.get("Host", ""))
            if not (is_loopback(host) or host in hosts):
                return self.refuse(HTTPStatus.FORBIDDEN,
                                   f"refused: this server does not answer to Host {host!r} "
                                   "(newsgen serve --allow-host NAME)", body)
            target = resolve_request(root, self.path)
            if target is None:
                return self.refuse(HTTPStatus.NOT_FOUND, "not found", body)
            data = target.read_bytes()
            mtime = target.stat().st_mtime
            digest = hashlib.sha256(data).hexdigest()[:32]
            compressible = target.suffix.lower() in COMPRESSIBLE
            zipped = compressible and accepts_gzip(self.headers.get("Accept-Encoding"))
            # the gzipped bytes are another representation, with their own tag
            etag = f'"{digest}-gzip"' if zipped else f'"{digest}"'
            headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True),
                       "Cache-Control": "no-cache"}
            if compressible:
                headers["Vary"] = "Accept-Encoding"
            if self.not_modified(etag, mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                return
            if zipped:
                data = _gzipped(digest, data)
                headers["Content-Encoding"] = "gzip"
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", CONTENT_TYPES.get(target.suffix.lower(),
                                                               "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def not_modified(self, etag: str, mtime: float) -> bool:
            # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
            match = self.headers.get("If-None-Match")
            if match is not None:
                tags = [t.strip().removeprefix("W/") for t in match.split(",")]
                return "*" in tags or etag in tags
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    return int(mtime) <= parsedate_to_datetime(since).timestamp()
                except (TypeError, ValueError, OverflowError):
                    return False
            return False

        def log_message(self, format, *args):  # one line a request, on stderr
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return PublicHandler


def make_server(output: Path, host: str = "127.0.0.1", port: int = 8000,
                allow_hosts: tuple[str, ...] = ()) -> ThreadingHTTPServer:
    """A server for the public tree of `output`; port 0 picks a free port."""
    root = public_root(output)
    server = ThreadingHTTPServer((host, port), make_handler(root, allowed_hosts(root, allow_hosts)))
    server.daemon_threads = True
    return server
