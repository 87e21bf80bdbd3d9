"""What the review tests share: a built review store, a browser-like HTTP
client, a review page served from a thread or from its own process, and
reading forms and drafts."""

import base64
import os
import shutil
import subprocess
import sys
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from newsgen.build import BuildOptions, build
from newsgen.kit import kit_folder, read_kit
from newsgen.review.server import make_server
from newsgen.review.store import ReviewStore


ROOT = Path(__file__).resolve().parent.parent


def build_review_db(out: Path, forces: tuple[str, ...]) -> Path:
    """The NSPCC story built for these forces (no charts): its review store."""
    build([read_kit(kit_folder("child-abuse-images"))],
          BuildOptions(output=out, force_names=forces, charts=False))
    return out / "review.db"


def fresh_copy(db: Path, folder: Path) -> Path:
    """A copy of a built review store, so each test starts from the same drafts."""
    copy = folder / "review.db"
    shutil.copy(db, copy)
    return copy


@contextmanager
def review_page(db: Path):
    """`newsgen review serve` in its own process on a free port (the browser
    tests); its base URL. No shared password from the caller's environment."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSGEN_REVIEW_PASSWORD", None)
    proc = subprocess.Popen([sys.executable, "-m", "newsgen", "review", "serve", "--port", "0",
                             "--db", str(db)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("review page on http://127.0.0.1:"), (line, proc.stderr.read())
        yield line.split()[3].rstrip("/")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Client:
    """A browser-like session: keeps cookies, reads forms' CSRF tokens."""

    def __init__(self, base, auth=None):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.headers = {}
        if auth:
            self.headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()

    def request(self, path, form=None):
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers=self.headers)
        try:
            with self.opener.open(req) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def get(self, path):
        return self.request(path)

    def post(self, path, form):
        return self.request(path, form)


@contextmanager
def served(db, **kw):
    """The review page for `db` on a free port: yields its base URL."""
    server = make_server(db, "127.0.0.1", 0, **kw)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def csrf_and_version(page):
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return csrf, version


def form_fields(page, form_id):
    """The named fields of a form on the page, as the browser would send them
    (text areas and hidden inputs; no radio is chosen)."""
    import html
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', page, re.S).group(1)
    fields = {}
    for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        fields[m.group(1)] = html.unescape(m.group(2))
    for m in re.finditer(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields[m.group(1)] = html.unescape(m.group(2))
    return fields


def message(page):
    m = re.search(r'<p class="message" role="status">(.*?)</p>', page, re.S)
    return m.group(1) if m else ""


def draft_id(db, slug, kit="child-abuse-images", period="2017-18"):
    with ReviewStore(db) as store:
        return store.by_key(f"{kit}/{slug}/{period}")["id"]


def give_name(page, name):
    """In a browser on a draft's page (no login): type the editor's name in
    the page's one name field; the page comes back with it kept."""
    page.locator("#name-form input[name=editor]").fill(name)
    page.locator("#name-form button[type=submit]").click()
    page.locator(".message", has_text=f"recorded as {name}").wait_for()
