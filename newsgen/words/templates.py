"""The Jinja2 environment: template lookup, filters, and turning rendered text
into paragraphs.

Templates are searched from specific to general: a force's own template in
the kit (``forces/<slug>/NAME``), then the user's folders, the kit's
templates, and the shipped defaults in ``templates/``. ``{% extends
"default:NAME" %}`` reaches the shipped default directly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from jinja2.filters import do_urlize

from newsgen.facts import judgements, periods
from newsgen.words import phrasing
from newsgen.words.compiled import compiled_templates
from newsgen.errors import TemplateProblem
from newsgen.paths import TEMPLATES_DIR

FILTERS = {
    "num": phrasing.num,
    "approx": phrasing.hedge,
    "sentence_num": phrasing.sentence_num,
    "capitalise": phrasing.capitalise,
    "per_day": phrasing.per_day,
    "change_phrase": phrasing.change_phrase,
    "pct": phrasing.pct,
    "pct_hedge": phrasing.pct_hedge,
    "fraction": phrasing.fraction_phrase,
    "one_in": phrasing.one_in,
    "ordinal": phrasing.ordinal,
    "rank_phrase": phrasing.rank_phrase,
    "plural": phrasing.plural,
    "a_an": phrasing.a_an,
    "region_name": phrasing.region_name,
    "compared": phrasing.compared,
    "period": periods.label,
    "month_year": periods.month_year,
    "series_start": phrasing.series_start,
    "agree": phrasing.agree,
    "place": phrasing.place,
    "region_of": phrasing.region_of,
    "possessive": phrasing.possessive,
    "subject": phrasing.force_subject,
    "house": phrasing.house,
    "share": phrasing.share_phrase,
    "rate": phrasing.rate,
    "rate_of": phrasing.rate_of,
}

def specific_for(own: Callable[[], set]) -> Callable:
    """The ``specific`` global of a renderer whose areas with a folder of
    their own are ``own()`` (Renderer.own_templates).

    ``{% include specific("rate.j2") %}``: this force's own copy of an
    included template first (``forces/<slug>/rate.j2``), then the general
    one. The own copy is looked for only where the area has a folder: Jinja
    remembers the templates it found but not those it did not, so looking
    for a copy that cannot be there cost a file lookup in every template
    folder for every article."""
    @jinja2.pass_context
    def specific(context, name: str) -> list[str]:
        force = context.get("force")
        slug = getattr(force, "slug", "") if force is not None else ""
        return ([f"forces/{slug}/{name}"] if slug and slug in own() else []) + [name]

    return specific


def fit(options: list[str], index: int, *compact: str, limit: int = 80) -> str:
    """A headline that fits: the chosen wording if it is at most `limit`
    characters (PHRASING.md: about 80), else the next of `options` that is,
    else the first of the `compact` wordings that is, else the shortest."""
    order = [*options[index:], *options[:index], *compact]
    return next((o for o in order if len(o) <= limit), min(order, key=len))


GLOBALS = {
    "fit": fit,
    "multiple": phrasing.multiple_phrase,
    "pct_change": judgements.pct_change,
}


@lru_cache(maxsize=4096)   # most keys are (kit, region, slot): shared by a region's areas
def variant_index(*key: str, choices: int) -> int:
    """A stable choice among `choices` wordings for this key (kit, area, slot):
    the same input always gives the same words."""
    digest = hashlib.sha256("\x1f".join(key).encode()).digest()
    return int.from_bytes(digest[:8], "big") % choices


def neighbourly_variant(kit: str, region: str, position: int | None, slug: str, slot: str,
                        choices: int) -> int:
    """The wording for one slot of one area's article, chosen so that areas of
    the same region differ: the areas of a region, in a fixed order, take the
    slot's wordings in turn (from a starting point and with a stride that
    depend on the slot, so slots do not all move together). Two areas of a
    region share a wording in a slot only when the region has more areas
    than the slot has wordings, and then not in every slot. An area not
    placed in a region (`position` None) gets a stable choice of its own."""
    if choices <= 1:
        return 0
    if position is None:
        return variant_index(kit, slug, slot, choices=choices)
    start = variant_index(kit, region, slot, choices=choices)
    stride = 1 + variant_index(kit, slot, "stride", choices=choices - 1)
    lap = position // choices
    return (start + position + lap * stride) % choices


class _Environment(jinja2.Environment):
    """Templates' globals as one plain dict rather than a ChainMap over the
    environment's: every render and include copies them into a new context,
    and copying a ChainMap was a tenth of rendering. newsgen sets its globals
    before loading any template and never changes them after."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}

    def getattr(self, obj, attribute):
        """``f.current`` on a plain dict: Jinja tries the attribute first and
        takes the item only after an AttributeError, which costs more than the
        rest of the lookup. A dict's only attributes are its methods, so for
        any other name go straight to the item; the result is the same."""
        if obj.__class__ is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


@jinja2.pass_eval_context
def _urlize_once(eval_ctx, value, *args, **kwargs):
    """Jinja's ``urlize``, remembered: the notes to editors it is used on are
    the same text in every article of a kit, and urlize is slow."""
    policies = eval_ctx.environment.policies
    key = (eval_ctx.autoescape, type(value), value, args, tuple(sorted(kwargs.items())),
           policies.get("urlize.rel"), policies.get("urlize.target"),
           tuple(policies.get("urlize.extra_schemes") or ()))
    try:
        return _URLIZED[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable argument: nothing to remember
        return do_urlize(eval_ctx, value, *args, **kwargs)
    if len(_URLIZED) > 4096:
        _URLIZED.clear()
    text = _URLIZED[key] = do_urlize(eval_ctx, value, *args, **kwargs)
    return text


_URLIZED: dict = {}


class Attrs(dict):
    """A dict whose keys are also attributes, so that ``f.current`` in a
    template is found at once instead of after a failed attribute lookup.
    Keys named like dict methods (``f.get``) stay methods, as for a dict."""

    _DICT_NAMES = frozenset(dir(dict))

    def __init__(self, values=(), /):
        super().__init__(values)
        names = self._DICT_NAMES
        self.__dict__.update({k: v for k, v in self.items()
                              if k.__class__ is str and k not in names})


# Globals a template may call and still give the same text for the same values
# (not lipsum, which is random, nor specific, which reads the force).
_PURE_GLOBALS = frozenset({"range", "dict", "namespace", "cycler", "joiner",
                           "multiple", "pct_change", "fit"})


def _uses_random(tree: nodes.Template) -> bool:
    """Whether a parsed template or rule uses the ``random`` filter or the
    ``lipsum`` global: their answers are not a function of their inputs."""
    return (any(f.name == "random" for f in tree.find_all(nodes.Filter))
            or any(n.name == "lipsum" for n in tree.find_all(nodes.Name)))


# Tags whose output depends on more than the values a template reads (blocks
# that a child template can replace, macros bound to a context, imports).
_UNREMEMBERED_TAGS = (nodes.Block, nodes.Macro, nodes.CallBlock, nodes.Import, nodes.FromImport)


# Renders of a template before it is looked at for a memory: the look costs
# about as much as compiling it, which pays only over many areas.
_LOOK_AFTER = 200


class _Loader(jinja2.ChoiceLoader):
    """A ChoiceLoader that gives the text-only templates reading nothing but
    the renderer's `fixed` values (the kit's quotes, its notes to editors)
    a memory: such a template gives the same text for every area, so it is
    rendered once and then repeated while those values stay the same objects.

    A template qualifies only if it, and every template it includes or
    extends, names its includes literally, uses no block, macro or import,
    no ``random`` filter, and calls only pure globals. Anything else, and any
    template that reads an area's values, is rendered every time as usual.
    A template is looked at once it has been rendered `_LOOK_AFTER` times.
    """

    def __init__(self, loaders, fixed):
        super().__init__(loaders)
        self.fixed = frozenset(fixed)
        self._reads: dict[str, frozenset | None] = {}

    def load(self, environment, name, globals=None):
        template = super().load(environment, name, globals)
        if self.fixed and environment.autoescape is False:
            root_render_func, renders = template.root_render_func, 0

            def counted(context):
                nonlocal renders
                renders += 1
                if renders > _LOOK_AFTER:   # from now on: remembered, or as compiled
                    reads = self.reads(environment, name)
                    template.root_render_func = root_render_func
                    if reads is not None and reads <= self.fixed | _PURE_GLOBALS:
                        template.root_render_func = _remembered(
                            root_render_func, sorted(reads), environment.concat)
                    return template.root_render_func(context)
                return root_render_func(context)

            template.root_render_func = counted
        return template

    def reads(self, environment, name: str, _seen: tuple = ()) -> frozenset | None:
        """The names a template and the templates it reaches read, or None
        if its text may depend on anything else."""
        if name in self._reads:
            return self._reads[name]
        if name in _seen:   # a template that includes itself
            return None
        try:
            source, _, _ = self.get_source(environment, name)
        except jinja2.TemplateNotFound:
            return None   # rendering will say what is wrong
        reads, others = _analyse(environment, source)
        for other in others:
            more = None if other is None else self.reads(environment, other, (*_seen, name))
            if reads is None or more is None:
                reads = None
                break
            reads |= more
        self._reads[name] = reads
        return reads


def _analyse(environment, source: str) -> tuple[frozenset | None, tuple]:
    """(the names one template's source reads, or None if it uses a tag or
    filter whose text depends on more; the templates it includes or extends,
    None for one chosen at render time). Remembered for every environment
    with the same syntax (its lexer): each story's renderer loads the same
    shared templates."""
    key = (source, environment.lexer)
    if key not in _ANALYSED:
        try:
            tree = environment.parse(source)
        except jinja2.TemplateSyntaxError:
            return None, ()   # rendering will say what is wrong
        if any(True for _ in tree.find_all(_UNREMEMBERED_TAGS)) or _uses_random(tree):
            _ANALYSED[key] = None, ()
        else:
            _ANALYSED[key] = (frozenset(meta.find_undeclared_variables(tree)),
                              tuple(meta.find_referenced_templates(tree)))
    return _ANALYSED[key]


_ANALYSED: dict[tuple, tuple[frozenset | None, tuple]] = {}


def _remembered(root_render_func, names: list[str], concat):
    """A template's render function that repeats its last text while the
    values it reads are the same objects as last time."""
    last: list = [((), None)]   # [(values, text)], replaced whole

    def remembered(context):
        values = [context.resolve_or_missing(name) for name in names]
        seen, text = last[0]
        if text is not None and all(a is b for a, b in zip(seen, values)):
            yield text
            return
        text = concat(root_render_func(context))
        if not context.vars and not context.exported_vars:   # nothing an import could want
            last[0] = values, text
        yield text

    return remembered


class Renderer:
    """One Jinja2 environment per kit, compiled once and reused for every area.

    `fixed` names the context values that are the same objects in every
    article (the kit's own settings): templates reading only those are
    rendered once (see `_Loader`).
    """

    def __init__(self, kit_name: str, kit_templates: Path, user_dirs: tuple[Path, ...] = (),
                 fixed: tuple[str, ...] = ()):
        self.kit_name = kit_name
        self.search_path = [str(d) for d in (*user_dirs, kit_templates, TEMPLATES_DIR)]
        loader = _Loader([
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(TEMPLATES_DIR))}, delimiter=":"),
            jinja2.FileSystemLoader(self.search_path),
        ], fixed)
        self.env = _Environment(
            loader=loader, undefined=jinja2.StrictUndefined, autoescape=False,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
            auto_reload=False,  # one build, one compile: no stat per include
            cache_size=-1,      # a plain dict: the LRU cache takes a lock per include
        )
        self.env.filters.update(FILTERS)
        self.env.filters["urlize"] = _urlize_once
        self.env.globals.update(GLOBALS, specific=specific_for(self.own_templates))
        self.html_env = self.env.overlay(autoescape=True)
        # compiled once, for every renderer and the next build (newsgen.words.compiled)
        self.env.bytecode_cache = self.html_env.bytecode_cache = compiled_templates()
        self._cache: dict[tuple[str, str, str], jinja2.Template] = {}
        self._rules: dict[str, tuple] = {}
        self._own: set[str] | None = None

    def own_templates(self) -> set[str]:
        """Slugs of the areas with a folder of their own (forces/<slug>/) in
        any template folder; every other area shares the kit's templates."""
        if self._own is None:
            own = set()
            for folder in self.search_path:
                forces = Path(folder) / "forces"
                if forces.is_dir():
                    own.update(p.name for p in forces.iterdir() if p.is_dir())
            self._own = own
        return self._own

    def template(self, name: str, slug: str = "", html: bool = False) -> jinja2.Template:
        """The most specific template called `name` for this area."""
        if slug and slug not in self.own_templates():
            slug = ""
        key = (name, slug, "html" if html else "")
        if key in self._cache:
            return self._cache[key]
        env = self.html_env if html else self.env
        candidates = ([f"forces/{slug}/{name}"] if slug else []) + [name]
        try:
            tpl = env.select_template(candidates)
        except jinja2.TemplatesNotFound:
            looked = [str(Path(d) / c) for c in candidates for d in self.search_path]
            raise TemplateProblem(
                f"template {name!r} not found for kit {self.kit_name!r}; looked in: "
                + ", ".join(looked)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
        self._cache[key] = tpl
        return tpl

    def render(self, name: str, context: dict, slug: str = "", html: bool = False) -> str:
        tpl = self.template(name, slug, html)
        try:
            return tpl.render(context)
        except jinja2.UndefinedError as exc:
            message = exc.message or "undefined value"
            m = re.fullmatch(r"'(?:dict|newsgen.words.templates.Attrs) object' has no attribute '([^']+)'", message)
            if m and isinstance(context.get("f"), dict) and m.group(1) not in context["f"]:
                message = (f"no fact called {m.group(1)!r}; expected one of: "
                           + ", ".join(sorted(context["f"])))
            raise TemplateProblem(f"{_where(tpl, exc)}: {message}") from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(f"{_where(tpl, exc)}: template {exc.name!r} not found; "
                                  f"looked in: {', '.join(self.search_path)}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None

    def expression(self, source: str, field: str):
        """A compiled rule (a Jinja expression over facts), for angles;
        compiled once per kit, not once per area. Returns (rule, names):
        call ``rule(**facts)``; `names` are the names the rule reads."""
        if source in self._rules:
            return self._rules[source]
        try:
            compiled = self.env.compile_expression(source, undefined_to_none=False)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{field}: cannot read rule {source!r}: {exc.message}") from None
        tree = self.env.parse("{{ " + source + " }}")
        names = sorted(meta.find_undeclared_variables(tree))
        if not _uses_random(tree):
            compiled = _Rule(compiled, names)
        self._rules[source] = compiled, names
        return self._rules[source]


# Values a rule's answer may be remembered for, by their exact type (1, 1.0
# and True are equal keys, but a rule could tell them apart).
_PLAIN = frozenset({str, int, bool, type(None), object})   # object: _MISSING


class _Rule:
    """An angle rule that remembers its answer for the values of the names it
    reads. Kits' rules test a few labels ("direction == 'rise' and size ==
    'sharp'") that take a handful of values over thousands of areas, and a
    Jinja expression builds a whole context on every call. Only for rules
    without randomness (`_uses_random`): filters and other globals are pure,
    so the same values give the same answer."""

    def __init__(self, expression, names: list[str]):
        self.expression, self.names = expression, tuple(names)
        self.answers: dict = {}

    def __call__(self, **values):
        key = tuple([values.get(name, _MISSING) for name in self.names])
        types = tuple(map(type, key))
        if not _PLAIN.issuperset(types):
            return self.expression(**values)
        try:
            return self.answers[key, types]
        except KeyError:
            pass
        answer = self.expression(**values)   # raises for a missing fact: not remembered
        if len(self.answers) > 4096:
            self.answers.clear()
        self.answers[key, types] = answer
        return answer


_MISSING = object()   # a name not among the values: a global, or undefined


def _where(tpl: jinja2.Template, exc: Exception) -> str:
    """'file:line' in the template that raised. Jinja rewrites the traceback
    so that template frames carry the template's file name and line."""
    where = str(tpl.filename)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


_SPACE = re.compile(r"[ \t]*\n[ \t]*|[ \t]{2,}")
_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Rendered text split at blank lines, each paragraph on one line."""
    out = []
    for block in _BLANK_LINE.split(text):
        # Where joining the lines leaves no run of spaces and there is no tab,
        # each match of _SPACE was a lone "\n": replace is far quicker.
        joined = block.replace("\n", " ")
        if "\t" in joined or "  " in joined:
            joined = _SPACE.sub(" ", block)
        para = joined.strip()
        if para:
            out.append(para)
    return out
