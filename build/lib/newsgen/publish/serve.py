"""`newsgen serve`: the output folder over HTTP on this machine, so a real
feed reader can subscribe to the feeds.

Each response carries its content type, Last-Modified and an ETag made from
the file's bytes (so a rebuild that changes nothing keeps every ETag), and a
conditional request (If-None-Match, or If-Modified-Since) for an unchanged
file gets 304 Not Modified. Only files inside the output folder are served;
hidden files (names starting with a dot) and databases (the review
database) never are.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


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


def private(name: str) -> bool:
    """Never served or listed: hidden names, and databases such as the review
    database (editors' unreleased drafts), with their -wal and -shm files."""
    return name.startswith(".") or bool(re.search(r"\.(db|sqlite3?)(-wal|-shm|-journal)?$", name))


def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file a request path names inside `root`, or None: no `..`, no
    hidden names, nothing that leads (through links) outside the folder."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url_path).path)
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or private(p) or "\\" in p or "\x00" in p for p in parts):
        return None
    root = root.resolve()
    target = root.joinpath(*parts).resolve()
    if target != root and root not in target.parents:
        return None
    if target.is_dir():
        index = target / "index.html"
        return index if index.is_file() else target
    return target if target.is_file() else None


def make_handler(root: Path):
    import hashlib
    import html
    from email.utils import formatdate, parsedate_to_datetime
    from http import HTTPStatus
    from http.server import BaseHTTPRequestHandler

    root = Path(root).resolve()

    class OutputHandler(BaseHTTPRequestHandler):
        server_version = "newsgen"

        def do_HEAD(self):
            self.respond(body=False)

        def do_GET(self):
            self.respond(body=True)

        def respond(self, body: bool) -> None:
            target = resolve_request(root, self.path)
            if target is None:
                return self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            if target.is_dir():
                return self.listing(target, body)
            data = target.read_bytes()
            mtime = target.stat().st_mtime
            etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
            if self.not_modified(etag, mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", CONTENT_TYPES.get(target.suffix.lower(),
                                                               "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "no-cache")
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

        def listing(self, folder: Path, body: bool) -> None:
            base = "/" + "/".join(folder.relative_to(root).parts)
            base = base.rstrip("/") + "/"
            names = sorted(p.name + ("/" if p.is_dir() else "")
                           for p in folder.iterdir() if not private(p.name))
            items = "".join(f'<li><a href="{html.escape(base + n)}">{html.escape(n)}</a></li>'
                            for n in names)
            page = (f"<!doctype html><meta charset=utf-8><title>{html.escape(base)}</title>"
                    f"<h1>{html.escape(base)}</h1><ul>{items}</ul>\n").encode()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            if body:
                self.wfile.write(page)

        def log_message(self, format, *args):  # one line a request, on stderr
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return OutputHandler


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000):
    """A ThreadingHTTPServer for `root`; port 0 picks a free port."""
    from http.server import ThreadingHTTPServer

    return ThreadingHTTPServer((host, port), make_handler(root))
