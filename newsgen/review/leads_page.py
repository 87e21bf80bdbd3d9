"""The leads on the review page: the budget `newsgen leads` wrote
(OUTPUT/leads/leads.json), filtered by area, category and kind; each lead
with its findings, news value, figures and their data cells, and chart; and
"write this story", which makes the lead's draft (newsgen.leads.draft) and
opens it in the queue. The web app (newsgen.review.web) checks the Host, the
login and the CSRF token of every form before a request gets here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

from newsgen.errors import NewsgenError
from newsgen.paths import LEADS_FEED_PATH, LEADS_JSON
from newsgen.review.drafts import ReviewError
from newsgen.review.numbers import cells_for
from newsgen.sources.files import cited_path

SHOWN = 200          # leads listed at once (the filters narrow them)
_FEED = re.compile(r"/leads/feeds/([a-z0-9-]+)\.xml")
_LEAD = re.compile(r"/leads/([a-z0-9-]+)/([a-z0-9-]+)(?:/(write|chart\.svg|fact/([\w.]+)))?")


class LeadsPage:
    def __init__(self, app, response, redirect):
        self.app = app
        # the web app's own Response and redirect (it imports this module)
        self.response, self.redirect = response, redirect
        self._document: tuple | None = None    # (mtime_ns, size, document)
        self._charts: dict[str, str] = {}

    @property
    def path(self) -> Path:
        return self.app.output / LEADS_JSON

    def document(self) -> dict | None:
        """The budget, read again only when the file changed."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        if self._document is None or self._document[:2] != key:
            try:
                doc = json.loads(self.path.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise NewsgenError(f"{self.path}: not a leads file ({exc})") from None
            self._document = (*key, doc)
            self._charts = {}
        return self._document[2]

    def route(self, store, method, path, query, form, ctx):
        """The response to a request under /leads, or None (not found)."""
        Response = self.response
        if method == "GET" and path in ("/leads", "/leads/"):
            return Response(200, self.listing(store, query, ctx))
        feed = _FEED.fullmatch(path)
        if method == "GET" and feed:
            return self.feed(feed.group(1))
        m = _LEAD.fullmatch(path)
        if not m:
            return None
        lead = self.lead(f"{m.group(1)}/{m.group(2)}")
        action = m.group(3)
        if method == "GET" and action is None:
            return Response(200, self.detail(store, lead, ctx))
        if method == "GET" and action == "chart.svg":
            return self.chart(lead)
        if method == "GET" and m.group(4):
            return Response(200, self.fact(lead, m.group(4), ctx))
        if method == "POST" and action == "write":
            return self.write(lead, form, ctx)
        return None

    # -- pages

    def listing(self, store, query, ctx) -> str:
        doc = self.document()
        filters = {k: query.get(k, "") for k in ("area", "category", "kind")}
        leads = doc["leads"] if doc else []
        chosen = [lead for lead in leads
                  if (not filters["area"] or lead["area"] == filters["area"])
                  and (not filters["category"] or lead["category"] == filters["category"])
                  and (not filters["kind"] or filters["kind"] in
                       [f["kind"] for f in lead["findings"]])]
        drafts = self._drafted(store, chosen[:SHOWN])
        return self.app.page(
            "leads.html", ctx, doc=doc, leads=chosen[:SHOWN], more=max(0, len(chosen) - SHOWN),
            total=len(chosen), filters=filters, drafts=drafts,
            areas=sorted({(lead["area"], lead["area_name"]) for lead in leads}, key=lambda a: a[1]),
            categories=sorted({lead["category"] for lead in leads}),
            kinds=sorted({f["kind"] for lead in leads for f in lead["findings"]}),
            path=str(self.path))

    def detail(self, store, lead, ctx) -> str:
        doc = self.document()
        facts = [{"name": name, **self._full(doc, fact)} for name, fact in lead["facts"].items()
                 if isinstance(fact, dict)]
        return self.app.page("lead.html", ctx, lead=lead, facts=facts,
                             draft=self._drafted(store, [lead]).get(lead["id"]))

    def fact(self, lead, name, ctx) -> str:
        fact = lead["facts"].get(name)
        if not isinstance(fact, dict):
            raise ReviewError(f"lead {lead['id']} has no figure called {name!r}")
        fact = self._full(self.document(), fact)
        files = SimpleNamespace(source_path=lambda shown: cited_path(shown))
        cells = cells_for(files, fact)
        return self.app.page("lead_fact.html", ctx, lead=lead, name=name, fact=fact, cells=cells,
                             more=len(fact.get("sources", [])) - len(cells))

    def feed(self, name: str):
        """An area's Atom feed of leads, for its reporters' feed readers:
        served here, behind the review page's login, never by `newsgen
        serve` (leads are not in the public tree)."""
        path = self.app.output / LEADS_FEED_PATH.format(name=name)
        if not path.is_file():
            return self.response(404, f"no feed of leads called {name}\n",
                                 content_type="text/plain; charset=utf-8")
        return self.response(200, path.read_text(encoding="utf-8"),
                             content_type="application/atom+xml; charset=utf-8")

    def chart(self, lead):
        Response = self.response
        if not lead.get("chart"):
            return Response(404, "no chart for this lead\n", content_type="text/plain; charset=utf-8")
        svg = self._charts.get(lead["id"])
        if svg is None:   # the drawing code is loaded the first time a chart is asked for
            from newsgen.charts.picture import render
            svg = self._charts[lead["id"]] = render(lead["chart"])[0].decode("utf-8")
        return Response(200, svg, content_type="image/svg+xml")

    def write(self, lead, form, ctx):
        """Write the lead's story as a draft (through the build's own code,
        loaded on the first write: the review page alone never needs it)."""
        from newsgen.build.context import BuildOptions
        from newsgen.leads.draft import write_story
        # logged in, the login is the editor (as for every other action)
        editor = ctx["editor"] if ctx.get("login") else \
            " ".join((form.get("editor") or [""])[-1].split())
        if not editor:
            raise ReviewError("say who you are: your name")
        options = BuildOptions(output=self.app.output, review_db=self.app.db)
        written = write_story(lead, options, (), editor)
        note = ("written" if written.new else "already written; brought up to date") + \
            f" from lead {lead['id']}"
        self.app.flash(ctx["session"], note)   # the message is the session's, never the address's
        return self.redirect(f"/draft/{written.draft_id}")

    # -- helpers

    def lead(self, lead_id: str) -> dict:
        doc = self.document()
        if doc is None:
            raise ReviewError(f"no leads: {self.path} is missing; run `newsgen leads`")
        for lead in doc["leads"]:
            if lead["id"] == lead_id:
                return lead
        raise ReviewError(f"no lead {lead_id!r} in {self.path}")

    @staticmethod
    def _full(doc, fact: dict) -> dict:
        """A fact with every cell it cites (one cited once for the budget
        names its entry in leads.json's "shared")."""
        ref = fact.get("cited_in", "")
        if ref and not fact.get("sources"):
            shared = doc.get("shared", {}).get(ref.partition("#")[2])
            if shared:
                return {**fact, "sources": shared["sources"]}
        return fact

    @staticmethod
    def _drafted(store, leads) -> dict[str, int]:
        """Lead id -> the id of the draft written from it, where there is one."""
        out = {}
        for lead in leads:
            row = store.by_key(f"{lead['story']}/{lead['area']}/{lead['period']}")
            if row is not None:
                out[lead["id"]] = row["id"]
        return out
