"""The article writer: one kit's angle chosen for an area's facts, and its
templates rendered into an Article (and its HTML page)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from newsgen.errors import NewsgenError
from newsgen.facts import judgements
from newsgen.facts.factset import FactSet
from newsgen.facts.periods import span
from newsgen.kit import Kit
from newsgen.sources.forces import Force
from newsgen.words import phrasing
from newsgen.words.article import Article
from newsgen.words.templates import Attrs, Renderer, paragraphs, variant_index


def angle_rules(kit: Kit, renderer: Renderer) -> list[tuple]:
    """The kit's angle rules, compiled: [(i, angle, rule, names)]."""
    return [(i, angle, *renderer.expression(angle.when, f"{kit.file}: angles[{i}].when"))
            for i, angle in enumerate(kit.angles, start=1)]


def choose_angle(kit: Kit, renderer: Renderer, values: dict, rules: list | None = None) -> dict:
    """The first of the kit's angle rules that holds for these facts."""
    for i, angle, rule, names in (angle_rules(kit, renderer) if rules is None else rules):
        try:
            holds = rule(**values)
        except Exception as exc:  # a rule that names a missing fact
            raise NewsgenError(f"{kit.file}: angles[{i}].when: {angle.when!r}: {exc}") from None
        if holds:
            return {"name": angle.name, "rule": angle.when,
                    "figures": {n: values.get(n) for n in (*names, *angle.figures) if n in values}}
    return {"name": "default", "rule": "", "figures": {}}


class ArticleWriter:
    """Renders the articles of one kit; the Jinja environment is built once."""

    def __init__(self, kit: Kit, user_templates: tuple[Path, ...] = ()):
        self.kit = kit
        self.base = {   # the same objects in every article of the kit
            "kit": Attrs({"name": kit.name, "title": kit.title, "measure": Attrs(kit.measure),
                          "source": Attrs(kit.source), "per": kit.per, "topic": kit.topic}),
            "current": Attrs(span(kit.current)),
            "previous": Attrs(span(kit.previous)),
            "quotes": kit.quotes, "kit_notes": kit.notes, "style": kit.percent_style,
            "illustrative": kit.illustrative, "story": kit.story,
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
        self.angle_facts: set[str] = set()   # the facts they and the angles name
        self.shared_facts: dict = {}   # facts cited once per story (newsgen.facts.shared)

    def article(self, force: Force, facts: FactSet) -> Article:
        kit, values = self.kit, facts.values
        if self.rules is None:
            self.rules = angle_rules(kit, self.renderer)
            self.angle_facts = {n for _i, angle, _rule, names in self.rules
                                for n in (*names, *angle.figures)}
        # Each rule gets the facts as keywords: only those the rules and
        # angles name, not all sixty.
        angle = choose_angle(kit, self.renderer,
                             {n: values[n] for n in self.angle_facts if n in values}, self.rules)

        def variant(slot: str, choices: int) -> int:
            return variant_index(kit.name, force.slug, slot, choices=choices)

        ctx = {**self.base, "f": dict(values), "force": force, "angle": angle["name"],
               "variant": variant, **self._notes_context(force.slug, values)}
        render = self.renderer.render
        headline = " ".join(render("headline.j2", ctx, force.slug).split())
        standfirst = " ".join(render("standfirst.j2", ctx, force.slug).split())
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
            checked_note=checked,
        )

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
