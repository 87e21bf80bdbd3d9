"""The HTTP server of the review page (newsgen.review.web): a thread per
request, on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsgen.errors import NewsgenError
from newsgen.review.web import ReviewApp, Response, is_loopback

MAX_BODY = 1_000_000


class _Handler(BaseHTTPRequestHandler):
    app: ReviewApp
    server_version = "newsgen-review"
    sys_version = ""

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length else b""
        try:
            response = self.app.handle(method, self.path, self.headers, body)
        except Exception as exc:  # a bug: say so rather than drop the connection
            import traceback
            traceback.print_exc()
            response = Response(500, f"internal error: {type(exc).__name__}\n",
                                content_type="text/plain; charset=utf-8")
        data = response.body.encode("utf-8")
        self.send_response(response.status)
        for k, v in response.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def log_message(self, format, *args):  # quiet: the audit log is the record
        pass


def make_server(db: Path, host: str = "127.0.0.1", port: int = 8765,
                password: str | None = None, output: Path | None = None,
                publisher=None) -> ThreadingHTTPServer:
    """A server for the review page. Anywhere but this machine it needs
    logins: editors' accounts, or (deprecated) a shared password. A port
    that cannot be had is a NewsgenError (one line), not a traceback.
    `publisher` (newsgen.build.publisher.Publisher) lets editors publish
    from the page."""
    from newsgen.review.store import ReviewStore
    with ReviewStore(db) as store:
        accounts = store.accounts.exist()
    if not is_loopback(host) and not (accounts or password):
        raise NewsgenError(f"--host {host} makes the review page reachable from other machines: "
                           "give each editor an account first (newsgen review add-editor NAME)")
    app = ReviewApp(db, None if accounts else password, output, public=not is_loopback(host),
                    publisher=publisher)
    handler = type("Handler", (_Handler,), {"app": app})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:   # in use, not ours to bind, no such address
        raise NewsgenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    return server
