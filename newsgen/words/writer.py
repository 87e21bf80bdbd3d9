"""The article writer: one kit's angle chosen for an area's facts, and its
templates rendered into an Article (and its HTML page)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from newsgen.errors import NewsgenError
from newsgen.facts import newsvalue
from newsgen.facts import judgements
from newsgen.facts.factset import FactSet
from newsgen.facts.periods import span
from newsgen.kit import Kit
from newsgen.sources.forces import Force
from newsgen.words import phrasing
from newsgen.words.article import Article
from newsgen.words.brief import editors_brief
from newsgen.words.phrasing import plain_period
from newsgen.words.templates import Attrs, Renderer, neighbourly_variant, paragraphs


def angle_rules(kit: Kit, renderer: Renderer) -> list[tuple]:
    """The kit's own angle rules, compiled: [(i, angle, rule, names)]."""
    return [(i, angle, *renderer.expression(angle.when, f"{kit.file}: angles[{i}].when"))
            for i, angle in enumerate(kit.angles, start=1)]


def score_angles(kit: Kit, renderer: Renderer, values: dict, slug: str = "",
                 rules: list | None = None) -> tuple:
    """(lead, second, every candidate best first): the built-in angles of
    newsgen.facts.newsvalue that hold for these facts, and the kit's own
    rules that hold, each with its score."""
    scored = newsvalue.candidates(values, kit.news_value, slug)
    for i, angle, rule, names in (angle_rules(kit, renderer) if rules is None else rules):
        try:
            holds = rule(**{n: values[n] for n in names if n in values})
        except Exception as exc:  # a rule that names a missing fact
            raise NewsgenError(f"{kit.file}: angles[{i}].when: {angle.when!r}: {exc}") from None
        if holds:
            scored.append(newsvalue.Candidate(
                angle.name, "custom", angle.score,
                {n: values.get(n) for n in (*names, *angle.figures) if n in values},
                angle.claim, {"the kit's score": angle.score}, rule=angle.when))
    return newsvalue.choose(scored)


def angle_record(kit: Kit, lead, second, ranked, say: dict | None = None) -> dict:
    """What the article's JSON says about its angle: the lead, why, and every
    candidate with its score, so an editor can see why it won."""
    if lead is None:
        return {"name": "default", "rule": "", "figures": {}, "candidates": []}
    out = {"name": lead.name, "family": lead.family, "score": round(lead.score, 1),
           "figures": lead.figures, "claim": list(lead.claim),
           "min_count": kit.news_value.min_count,
           "second": second.name if second else None,
           # what the paragraph after the figures adds (the change is in them)
           "aside": (lambda c: c.name if c else None)(newsvalue.aside(lead, ranked)),
           "say": say or {},   # what the copy may say beside the lead (newsvalue.sayable)
           "candidates": [c.as_dict() for c in ranked]}
    if lead.rule:
        out["rule"] = lead.rule
    return out


class ArticleWriter:
    """Renders the articles of one kit; the Jinja environment is built once."""

    def __init__(self, kit: Kit, user_templates: tuple[Path, ...] = ()):
        self.kit = kit
        self.base = {   # the same objects in every article of the kit
            "kit": Attrs({"name": kit.name, "title": kit.title, "measure": Attrs(kit.measure),
                          "source": Attrs(kit.source), "per": kit.per, "topic": kit.topic}),
            "current": Attrs({**span(kit.current), "plain": plain_period(kit.current)}),
            "previous": Attrs({**span(kit.previous), "plain": plain_period(kit.previous)}),
            "quotes": kit.quotes, "kit_notes": kit.notes, "style": kit.percent_style,
            "illustrative": kit.illustrative, "story": kit.story,
            "context": kit.context, "help": kit.support,
            "nv": Attrs({"min_count": kit.news_value.min_count}),
            # per area, but the same (empty) objects for most: notes.j2 stays
            # rendered once per kit where they are (see _notes_context)
            "area_notes": (), "noted_breaks": (),
        }
        self._notes: dict[tuple, dict] = {}
        self.renderer = Renderer(kit.name, kit.templates, user_templates, fixed=tuple(self.base))
        if kit.judgements.handful != judgements.HANDFUL:   # the kit's own "slightly"
            self.renderer.env.filters["change_phrase"] = partial(
                phrasing.change_phrase, handful=kit.judgements.handful)
        self.rules: list | None = None   # compiled angle rules, on first use
        self._fast_html: dict = {}   # template -> (render, urlized) or None (see html)
        self.shared_facts: dict = {}   # facts cited once per story (newsgen.facts.shared)
        self.neighbours: dict[str, list[Force]] = {}   # region -> its areas with figures
        self._positions: dict[str, int] | None = None

    def article(self, force: Force, facts: FactSet) -> Article:
        kit, values = self.kit, facts.values
        if self.rules is None:
            self.rules = angle_rules(kit, self.renderer)
        lead, second, ranked = score_angles(kit, self.renderer, values, force.slug, self.rules)
        say = newsvalue.sayable(values, kit.news_value, force.slug)
        angle = angle_record(kit, lead, second, ranked, say)

        position = self.positions().get(force.slug)

        def variant(slot: str, choices: int) -> int:
            return neighbourly_variant(kit.name, force.region, position, force.slug, slot, choices)

        ctx = {**self.base, "f": dict(values), "force": force, "angle": angle["name"],
               "second": angle.get("second") or "", "aside": angle.get("aside") or "",
               "say": Attrs(say), "variant": variant,
               **self._notes_context(force.slug, values)}
        render = self.renderer.render
        headline = " ".join(render("headline.j2", ctx, force.slug).split())
        standfirst = " ".join(render("standfirst.j2", ctx, force.slug).split())
        # the body knows how the intro opens, so its first paragraph can open otherwise
        ctx["intro"], ctx["intro_first"] = standfirst, standfirst.split(" ", 1)[0]
        body = phrasing.refer_back(paragraphs(render("body.j2", ctx, force.slug)), force.house)
        notes = paragraphs(render("notes.j2", ctx, force.slug))
        # Said only once an editor has approved the story (review.sync adds it).
        checked = " ".join(render("checked.j2", ctx, force.slug).split())
        return Article(
            kit=kit.name, kit_title=kit.title, topic=kit.topic, slug=force.slug,
            area=force.name, area_label=force.house_label, region=force.region,
            period=kit.current, headline=headline, standfirst=standfirst,
            paragraphs=body, notes=notes, angle=angle, facts=facts,
            release=kit.release, embargo=kit.embargo, source=kit.source,
            illustrative=kit.illustrative, auto_release=kit.auto_release,
            brief=editors_brief(kit, force, values, lead, second, ranked,
                                self.neighbours.get(force.region, ())),
            checked_note=checked,
        )

    def positions(self) -> dict[str, int]:
        """Each area's place among the areas of its region (by slug), for
        `neighbourly_variant`; worked out once."""
        if self._positions is None:
            self._positions = {force.slug: i for members in self.neighbours.values()
                               for i, force in enumerate(sorted(members, key=lambda f: f.slug))}
        return self._positions

    def _notes_context(self, slug: str, values: dict) -> dict:
        """What this area's notes to editors add to the kit's: its own notes
        (kit.notes_for), and the series breaks its figures meet (the one
        its change crosses, the ones that limit its and the nation's long
        run), each with its source. The same objects for areas with the same notes."""
        dates = set()
        if values.get("change_across_break"):
            dates.add(values["break_date"])
        for prefix in ("", "national_"):
            if values.get(prefix + "series_break") and (
                    values.get(prefix + "series_from_break")
                    or values.get(prefix + "series_comparable") is False):
                dates.add(values[prefix + "series_break"])
        key = (self.kit.notes_for(slug), tuple(sorted(dates)))
        if key not in self._notes:
            breaks = tuple(b for b in self.kit.breaks if b.applies_to(slug)
                           and b.date.isoformat() in dates)
            self._notes[key] = {"area_notes": key[0], "noted_breaks": breaks}
        return self._notes[key]

    def html(self, article: Article) -> str:
        # The shipped page is written without Jinja (newsgen.words.html);
        # any other article.html.j2, or an error, goes through Jinja.
        template = self.renderer.template("article.html.j2", article.slug, html=True)
        fast = self._fast_html
        if template not in fast:
            from jinja2.nodes import EvalContext
            from markupsafe import escape

            from newsgen.words.html import is_shipped, render
            env, seen = self.renderer.html_env, {}
            urlize, eval_ctx = env.filters["urlize"], EvalContext(env)

            def urlized(note: str) -> str:   # notes repeat in every article of a kit
                if note not in seen:
                    if len(seen) > 1024:
                        seen.clear()
                    seen[note] = str(escape(urlize(eval_ctx, note)))
                return seen[note]
            fast[template] = (render, urlized) if is_shipped(template) else None
        if fast[template] is not None:
            render, urlized = fast[template]
            return render(article, urlized)
        return self.renderer.render("article.html.j2", {"a": article}, article.slug, html=True)
