"""The review web page: a small local server over the review store.

Server-rendered Jinja2 pages (autoescaped), no JavaScript. Every POST carries
a CSRF token tied to a session cookie; the server binds to 127.0.0.1 unless
told otherwise, and anywhere else it requires a password (HTTP Basic).
The HTTP server itself is newsgen.review.server; the linking of a text's
numbers to its facts, newsgen.review.numbers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jinja2

from newsgen.errors import NewsgenError
from newsgen.review.drafts import STATUSES, ConflictError, ReviewError, current_text, parse_text
from newsgen.review.flags import FLAGS, figure_diff, text_diff
from newsgen.review.leads_page import LeadsPage
from newsgen.review.numbers import cells_for, fact_entry, full_fact, link_numbers
from newsgen.review.store import ReviewStore

TEMPLATES = Path(__file__).resolve().parent / "templates"   # the review page's own
SESSION_COOKIE = "newsgen_review"
EDITOR_COOKIE = "newsgen_editor"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# --- the application ----------------------------------------------------------------

class Response:
    def __init__(self, status=200, body="", headers=None, content_type="text/html; charset=utf-8"):
        self.status, self.body = status, body
        self.headers = {"Content-Type": content_type, **SECURITY_HEADERS, **(headers or {})}


def redirect(location: str, headers=None) -> Response:
    return Response(303, "", {"Location": location, **(headers or {})})


class ReviewApp:
    def __init__(self, db: Path, password: str | None = None, output: Path | None = None):
        self.db = Path(db)
        self.password = password
        # where the build wrote articles and charts; by default the DB's folder
        self.output = Path(output) if output else self.db.parent
        self.secret = secrets.token_bytes(32)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["show"] = _show_value
        self.env.globals.update(FLAGS=FLAGS, STATUSES=STATUSES)
        self.leads = LeadsPage(self, Response, redirect)   # /leads: newsgen.review.leads_page

    # -- auth and CSRF

    def authorised(self, headers) -> str | None:
        """The user name if the request may proceed, '' for no login needed, None: refuse."""
        if not self.password:
            return ""
        auth = headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return None
        try:
            user, _, given = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        if hmac.compare_digest(given.encode(), self.password.encode()):
            return user
        return None

    def csrf_token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    # -- dispatch

    def handle(self, method: str, target: str, headers, body: bytes) -> Response:
        if not self.password and not is_loopback(_host_name(headers.get("Host", ""))):
            # without a password only this machine may talk to us: a page on another
            # site reaching 127.0.0.1 through a rebound DNS name is refused
            return Response(403, "refused: this review page answers only to localhost\n",
                            content_type="text/plain; charset=utf-8")
        user = self.authorised(headers)
        if user is None:
            return Response(401, "login needed\n", {"WWW-Authenticate": 'Basic realm="newsgen review"'},
                            "text/plain; charset=utf-8")
        cookies = SimpleCookie(headers.get("Cookie", ""))
        session = cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else ""
        set_cookie = {}
        if not re.fullmatch(r"[0-9a-f]{32}", session):
            session = secrets.token_hex(16)
            set_cookie["Set-Cookie"] = (f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; "
                                        "SameSite=Strict")
        editor = cookies[EDITOR_COOKIE].value if EDITOR_COOKIE in cookies else ""
        from urllib.parse import unquote
        editor = unquote(editor) or user
        url = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        form: dict[str, list[str]] = {}
        if method == "POST":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            token = (form.get("csrf") or [""])[-1]
            if not session or "Set-Cookie" in set_cookie or \
                    not hmac.compare_digest(token, self.csrf_token(session)):
                return Response(403, "refused: missing or wrong CSRF token; reload the page\n",
                                content_type="text/plain; charset=utf-8")
        ctx = {"csrf": self.csrf_token(session), "editor": editor}
        try:
            with ReviewStore(self.db) as store:
                response = self.route(store, method, url.path, query, form, ctx)
        except ReviewError as exc:
            response = Response(400, self.page("error.html", ctx, message=str(exc)))
        except NewsgenError as exc:
            response = Response(500, self.page("error.html", ctx, message=str(exc)))
        response.headers.update(set_cookie)
        return response

    def page(self, template: str, ctx: dict, **more) -> str:
        return self.env.get_template(template).render({"message": "", **ctx, **more})

    def route(self, store, method, path, query, form, ctx) -> Response:
        if path == "/leads" or path.startswith("/leads/"):
            response = self.leads.route(store, method, path, query, form, ctx)
            if response is not None:
                return response
        m = re.fullmatch(r"/draft/(\d+)(?:/(edit|approve|reject|fact/([\w.]+)))?", path)
        if method == "GET" and path == "/":
            return self.queue(store, query, ctx)
        if method == "POST" and path == "/approve":
            return self.bulk_approve(store, form, ctx)
        chart = re.fullmatch(r"/draft/(\d+)/chart\.svg", path)
        if chart and method == "GET":
            return self.chart(store, int(chart.group(1)))
        if m and method == "GET" and m.group(2) is None:
            return self.draft(store, int(m.group(1)), ctx, message=query.get("message", ""))
        if m and method == "GET" and m.group(3):
            return self.fact(store, int(m.group(1)), m.group(3), ctx)
        if m and method == "POST" and m.group(2) in ("edit", "approve", "reject"):
            return self.act(store, int(m.group(1)), m.group(2), form, ctx)
        if method not in ("GET", "POST"):
            return Response(405, "method not allowed\n", content_type="text/plain; charset=utf-8")
        return Response(404, self.page("error.html", ctx, message=f"no page {path}"))

    # -- pages

    def queue(self, store, query, ctx) -> Response:
        filters = {k: query.get(k, "") for k in ("story", "force", "status", "flag")}
        rows = store.list(status=filters["status"] or None, story=filters["story"] or None,
                          force=filters["force"] or None, flag=filters["flag"] or None)
        everything = store.list()
        drafts = [_summary(r) for r in rows]
        stories = sorted({r["kit"] for r in everything})
        forces = sorted({r["force"] for r in everything})
        return Response(200, self.page("queue.html", ctx, drafts=drafts, filters=filters,
                                       stories=stories, forces=forces,
                                       message=query.get("message", "")))

    def draft(self, store, draft_id, ctx, **more) -> Response:
        r = store.get(draft_id)
        facts = json.loads(r["facts"])
        text = parse_text(current_text(r))
        blocks = [("headline", text.headline), ("standfirst", text.standfirst)]
        blocks += [("p", p) for p in text.paragraphs]
        if text.notes:
            blocks += [("notes-heading", "Notes to editors")] + [("note", n) for n in text.notes]
        linked = [(kind, link_numbers(t, facts)) for kind, t in blocks]
        traced = sum(1 for _, segs in linked for s in segs if "facts" in s)
        untraced = sum(1 for _, segs in linked for s in segs if s.get("untraced"))
        used = {name.split(".")[0] for _, segs in linked for s in segs for name in s.get("facts", [])}
        fact_rows = [{"name": n, "value": f.get("value"), "how": f.get("how", ""),
                      "sources": f.get("sources", []), "used": n in used,
                      "cited_in": f.get("cited_in", ""), "cells": f.get("cells", 0),
                      "items": f.get("items", 0) if "value" not in f else 0}
                     for n, f in facts.items()]
        fact_rows.sort(key=lambda f: not f["used"])
        stale = None
        if r["stale"]:
            stale = {"figures": figure_diff(json.loads(r["stale_facts"] or "{}"), facts),
                     "text": text_diff(r["stale_machine_text"] or "", r["machine_text"],
                                       "machine text (before)", "machine text (now)")}
        edits = text_diff(r["machine_text"], r["edited_text"], "machine", "edited") \
            if r["edited_text"] else ""
        return Response(more.pop("status", 200), self.page(
            "draft.html", ctx, d=_summary(r), blocks=linked, facts=fact_rows, stale=stale,
            edits=edits, log=store.log(draft_id), traced=traced, untraced=untraced,
            has_chart=self.chart_path(r) is not None,
            text=more.pop("text", current_text(r)), version=more.pop("version", r["version"]),
            conflict=more.pop("conflict", ""), message=more.pop("message", ""),
            theirs=more.pop("theirs", ""), **more))

    def chart_path(self, r) -> Path | None:
        """The chart the last build drew for this draft, if there is one."""
        from newsgen.publish.staging import safe_join
        try:
            path = safe_join(self.output, f"{r['kit']}/{r['slug']}.svg")
        except ValueError:
            return None
        return path if path.is_file() else None

    def chart(self, store, draft_id) -> Response:
        path = self.chart_path(store.get(draft_id))
        if path is None:
            return Response(404, "no chart for this draft\n", content_type="text/plain; charset=utf-8")
        return Response(200, path.read_text(encoding="utf-8"), content_type="image/svg+xml")

    def fact(self, store, draft_id, name, ctx) -> Response:
        r = store.get(draft_id)
        facts = json.loads(r["facts"])
        fact = fact_entry(facts, name)
        if fact is None:
            raise ReviewError(f"draft {draft_id} has no figure called {name!r}")
        fact = full_fact(store, r, fact)
        cells = cells_for(store, fact)
        return Response(200, self.page("fact.html", ctx, d=_summary(r), name=name, fact=fact,
                                       cells=cells, more=len(fact.get("sources", [])) - len(cells)))

    def act(self, store, draft_id, action, form, ctx) -> Response:
        get = lambda k: (form.get(k) or [""])[-1]  # noqa: E731
        editor = " ".join(get("editor").split())
        headers = {}
        if editor:
            from urllib.parse import quote
            headers["Set-Cookie"] = f"{EDITOR_COOKIE}={quote(editor)}; Path=/; SameSite=Strict"
            ctx = {**ctx, "editor": editor}
        try:
            version = int(get("version"))
        except ValueError:
            raise ReviewError("the form has no draft version; reload the page") from None
        try:
            if action == "edit":
                store.edit(draft_id, get("text"), editor, version, get("note"))
                message = "saved"
            elif action == "approve":
                store.set_status(draft_id, "approved", editor, get("note"), version)
                message = "approved"
            else:
                store.reject(draft_id, editor, get("note"), version)
                message = "rejected"
        except ConflictError as exc:
            theirs = current_text(store.get(draft_id))
            resp = self.draft(store, draft_id, ctx, status=409, conflict=str(exc),
                              text=get("text") if action == "edit" else theirs, theirs=theirs)
            resp.headers.update(headers)
            return resp
        except ReviewError as exc:
            resp = self.draft(store, draft_id, ctx, status=400, message=str(exc),
                              text=get("text") if action == "edit" else current_text(store.get(draft_id)))
            resp.headers.update(headers)
            return resp
        return redirect(f"/draft/{draft_id}?" + urlencode({"message": message}), headers)

    def bulk_approve(self, store, form, ctx) -> Response:
        """Approve the ticked drafts, each only as it was when the queue was shown."""
        chosen = []
        for value in form.get("id", []):
            m = re.fullmatch(r"(\d+):(\d+)", value)
            if m:
                chosen.append((int(m.group(1)), int(m.group(2))))
        editor = " ".join((form.get("editor") or [""])[-1].split())
        if not chosen:
            return redirect("/?" + urlencode({"message": "nothing chosen to approve"}))
        approved, changed = [], []
        for draft_id, version in chosen:
            try:
                store.set_status(draft_id, "approved", editor, "bulk approval", version)
                approved.append(draft_id)
            except ConflictError:
                changed.append(draft_id)
        message = f"approved {len(approved)} draft(s)"
        if changed:
            message += (f"; not approved, changed since the queue was loaded: "
                        f"{', '.join(map(str, changed))}")
        return redirect("/?" + urlencode({"message": message}))


def _summary(r) -> dict:
    return {"id": r["id"], "key": r["key"], "kit": r["kit"], "force": r["force"],
            "force_label": r["force_label"], "period": r["period"], "status": r["status"],
            "flags": json.loads(r["flags"]), "stale": bool(r["stale"]),
            "edited": r["edited_text"] is not None, "version": r["version"],
            "published_version": r["published_version"],
            "headline": current_text(r).split("\n", 1)[0], "updated": r["updated"],
            "updated_by": r["updated_by"]}


def _show_value(v) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".")
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    if isinstance(v, list):
        return "; ".join(f"{i.get('category')}: {i.get('value')}" if isinstance(i, dict) else str(i)
                         for i in v) or "none"
    return "—" if v is None else str(v)


# --- who may talk to us: the app checks the Host header, make_server the address -----

def _host_name(host: str) -> str:
    """'127.0.0.1:8765' -> '127.0.0.1'; '[::1]:80' -> '::1'."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
