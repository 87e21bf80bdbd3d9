"""Story kits: a folder with kit.toml, templates and quotes, written by a
journalist. This module reads and checks kit.toml; it computes nothing.
"""

from __future__ import annotations

import difflib
import glob
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from newsgen.errors import DataError, NewsgenError
from newsgen.facts.judgements import Settings as JudgementSettings
from newsgen.facts.newsvalue import DEFAULT as DEFAULT_NEWS_VALUE, Settings as NewsValue
from newsgen.facts.periods import is_period, span
from newsgen.kit_parts import (  # noqa: F401 (the kit's types, for its users)
    FACT_SETS, Angle, AreaNote, Attributed, SeriesBreak, read_angles, read_breaks, read_lines,
    read_news_value, read_notes)
from newsgen.sources.files import display_path
from newsgen.paths import KITS_DIR

KIT_FILE = "kit.toml"
LATEST = "latest"   # periods.current: the newest period in the data
# {current.end} in a kit's notes or source credit: the period's words, so a
# kit that follows the latest period says which one (newsgen.facts.periods.span)
_PLACEHOLDER = re.compile(r"\{(current|previous)\.(label|start|end|year)\}")


@dataclass(frozen=True)
class Quote:
    speaker: str
    role: str
    paragraphs: tuple[str, ...]
    intro: str = ""          # reported speech before the quote, verbatim
    pronoun: str = "they"    # "she said" after a quote that follows an intro


@dataclass
class Kit:
    name: str
    title: str
    folder: Path
    topic: str
    loader: str
    data_files: tuple[Path, ...]
    current: str
    previous: str | None
    measure: dict
    release: datetime
    embargo: datetime | None
    auto_release: bool
    source: dict
    quotes: tuple[Quote, ...]
    notes: tuple[str, ...]
    angles: tuple[Angle, ...]
    per: int = 100_000
    percent_style: str = "symbol"
    options: dict = field(default_factory=dict)   # loader-specific settings
    raw: dict = field(default_factory=dict)
    category: str = "all"            # the rows of the data this story is about
    story: dict = field(default_factory=dict)   # this story's own [[stories]] fields
    facts: tuple[str, ...] = ()      # extra facts asked for: "series", "region"
    population_file: Path | None = None  # [rates] population; None: the force table
    folder_name: str = ""            # the kit folder this story came from
    on_demand: bool = False          # built only when named, or for the areas an editor asked for
    areas: tuple[str, ...] = ()      # only these areas (slugs); () every area with figures
    judgements: JudgementSettings = JudgementSettings()   # [judgements]: what is "slight"
    news_value: NewsValue = DEFAULT_NEWS_VALUE   # [news_value]: how angles are scored
    context: tuple[Attributed, ...] = ()   # [[context]]: attributed lines for the body
    support: Attributed | None = None      # [support]: where readers can get help
    breaks: tuple[SeriesBreak, ...] = ()   # where the series are not comparable
    area_notes: tuple[AreaNote, ...] = ()  # notes for some areas only
    # notes true of the kit's own data file only (kit_data_only = true): a
    # build from another file (--data) leaves them out (`for_other_data`)
    data_notes: frozenset[str] = frozenset()
    text: str = field(default="", repr=False, compare=False)   # kit.toml as read, for errors
    # How the periods were chosen: "" (named in kit.toml) or, once resolved
    # against the data, e.g. "latest in data/x.csv; previous: the year before"
    periods_note: str = ""

    @property
    def follows_latest(self) -> bool:
        return self.current == LATEST

    def with_periods(self, current: str, previous: str | None, note: str = "") -> "Kit":
        """This kit about these periods, its notes and credit worded for them."""
        spans = {"current": span(current), "previous": span(previous)}
        if previous is None:
            for text in (*self.notes, *(a.text for a in self.area_notes), self.source["credit"]):
                m = re.search(r"\{previous\.\w+\}", text)
                if m:
                    raise self.error("notes" if text in self.notes else "source.credit",
                                     f"{m.group(0)}, but there is no previous period to compare "
                                     f"with {current} ({note or 'periods.previous is not set'})")
        filled = {n: fill_periods(n, spans)
                  for n in (*self.notes, *(a.text for a in self.area_notes), *self.data_notes)}
        return replace(self, current=current, previous=previous, periods_note=note,
                       notes=tuple(filled[n] for n in self.notes),
                       area_notes=tuple(AreaNote(filled[a.text], a.areas) for a in self.area_notes),
                       data_notes=frozenset(filled[n] for n in self.data_notes),
                       source={**self.source, "credit": fill_periods(self.source["credit"], spans)})

    def error(self, dotted: str, message: str) -> DataError:
        """An error pointing at the line of kit.toml that sets `dotted`
        ("chart.type"), from the text read once with the kit."""
        return DataError(self.file, line_of(self.text, dotted), dotted, message, what="field")

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def file(self) -> str:
        return display_path(self.folder / KIT_FILE)

    @property
    def illustrative(self) -> bool:
        return bool(self.source.get("illustrative", False))

    def notes_for(self, slug: str) -> tuple[str, ...]:
        """The notes only this area's articles carry, in the kit's order."""
        return tuple(n.text for n in self.area_notes if slug in n.areas)

    def for_other_data(self) -> "Kit":
        """This kit reading another data file than its own (--data): without
        the notes that describe its own file, which may name areas or sources
        the other file does not have."""
        if not self.data_notes:
            return self
        return replace(self, notes=tuple(n for n in self.notes if n not in self.data_notes),
                       area_notes=tuple(n for n in self.area_notes if n.text not in self.data_notes))


class _Fields:
    """Typed access to a TOML table that names the field in every error."""

    def __init__(self, file: str, text: str, data: dict, prefix: str = ""):
        self.file, self.text, self.data, self.prefix = file, text, data, prefix
        self.asked: set[str] = set()

    def error(self, key: str, message: str) -> DataError:
        dotted = f"{self.prefix}{key}"
        return DataError(self.file, line_of(self.text, dotted), dotted, message, what="field")

    def get(self, key: str, kind: type | tuple, default=..., choices=None):
        self.asked.add(key)
        if key not in self.data:
            if default is ...:
                near = difflib.get_close_matches(key, [str(k) for k in self.data], n=1, cutoff=0.6)
                if near and near[0] not in self.asked:
                    raise self.error(near[0], f"unknown field; did you mean "
                                              f"'{self.prefix}{key}' ({_kind_name(kind)})?")
                table = self.prefix.rstrip(".")
                line = line_of(self.text, table) if table and "[" not in table else None
                raise DataError(self.file, line, f"{self.prefix}{key}",
                                f"missing; expected {_kind_name(kind)}", what="field")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"expected {_kind_name(kind)}, got {value!r}")
        if choices is not None and value not in choices:
            raise self.error(key, f"expected one of {', '.join(map(repr, choices))}, got {value!r}")
        return value

    def entry(self, data: dict, name: str) -> "_Fields":
        """The fields of one table of an array under this one ("breaks[1].")."""
        return _Fields(self.file, self.text, data, f"{self.prefix}{name}")

    def table(self, key: str, required: bool = True) -> "_Fields":
        value = self.get(key, dict, default=... if required else {})
        return _Fields(self.file, self.text, value, f"{self.prefix}{key}.")

    def check_typos(self) -> None:
        """A key no one asked for that is one slip from one that was asked
        for ('auto_relase') is a typo; other unknown keys are left alone
        (newer kits may carry settings for other parts of newsgen)."""
        for key in self.data:
            if key in self.asked:
                continue
            near = difflib.get_close_matches(str(key), sorted(self.asked), n=1, cutoff=0.8)
            if near:
                raise self.error(str(key), f"unknown field; did you mean '{self.prefix}{near[0]}'?")


def _web_address(fields: _Fields, key: str) -> str:
    """An optional http:// or https:// address: feeds, ninjs and pages make it a
    link, so any other scheme (javascript:, data:, file:) is refused here."""
    from urllib.parse import urlsplit

    value = fields.get(key, str, default="").strip()
    if value:
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise fields.error(key, f"expected an http:// or https:// address, got {value!r}")
    return value


def fill_periods(text: str, spans: dict) -> str:
    """'{current.end}' -> 'December 2018' (and label, start, year; previous too)."""
    def one(m):
        value = spans[m.group(1)].get(m.group(2))
        return str(value) if value is not None else m.group(0)
    return _PLACEHOLDER.sub(one, text)


def _check_placeholders(fields: "_Fields", key: str, text: str, previous: str | None,
                        latest: bool) -> None:
    for m in re.finditer(r"\{([^{}]*)\}", text):
        if not _PLACEHOLDER.fullmatch(m.group(0)):
            raise fields.error(key, f"unknown placeholder {m.group(0)!r}; expected "
                                    "{current.label}, {current.start}, {current.end}, "
                                    "{current.year}, or the same for previous")
        if m.group(1).startswith("previous") and previous is None and not latest:
            raise fields.error(key, f"{m.group(0)} but the kit has no periods.previous")


def _data_files(folder: Path, data_t: "_Fields") -> list[Path]:
    """[data] file: a name or a list; a name may be a pattern ("ons/*.xlsx"),
    its matches in name order, so a newly published file needs no kit edit."""
    files = data_t.get("file", (str, list))
    files = [files] if isinstance(files, str) else files
    out = []
    for i, name in enumerate(files):
        if not isinstance(name, str):
            raise data_t.error("file", f"expected file names, got {name!r} at position {i + 1}")
        path = (folder / name) if not Path(name).is_absolute() else Path(name)
        if glob.has_magic(name):
            matches = sorted(Path(p).resolve() for p in glob.glob(str(path)))
            if not matches:
                raise data_t.error("file", f"no file matches {name!r}")
            out += [m for m in matches if m not in out]
        else:
            out.append(path.resolve())
    return out


def _kind_name(kind) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false",
             dict: "a table", list: "a list", datetime: "a date and time with a UTC offset"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def line_of(text: str, dotted: str) -> int | None:
    """The line where a dotted key is set, found in the TOML text."""
    *tables, key = dotted.split(".")
    lines = text.splitlines()
    section = ""
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            section = header.group(1)
            continue
        if section == ".".join(tables) and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    for number, line in enumerate(lines, start=1):  # a table header itself
        if re.match(rf"\s*\[\[?\s*{re.escape(dotted)}\s*\]\]?", line):
            return number
    return None


def read_kit(folder: Path) -> Kit:
    """The kit in `folder`, checked field by field."""
    folder = Path(folder)
    path = folder / KIT_FILE
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(shown, None, None, "no kit.toml in this folder") from None
    except UnicodeDecodeError:
        raise DataError(shown, None, None, "kit.toml is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        msg = re.sub(r"\s*\(at line.*\)", "", str(exc))
        if m:
            raise DataError(shown, int(m.group(1)), m.group(2),
                            f"TOML syntax error: {msg}", what="position") from None
        raise DataError(shown, None, None, f"TOML syntax error: {msg}") from None

    top = _Fields(shown, text, data)
    from newsgen.sources.loaders import LOADERS  # registry of loader names
    data_t = top.table("data")
    loader = data_t.get("loader", str, choices=sorted(LOADERS))
    data_files = _data_files(folder, data_t)

    periods = top.table("periods")
    measure = top.table("measure")
    release = top.table("release")
    source = top.table("source")
    style = top.table("style", required=False)
    rates = top.table("rates", required=False)
    judged = top.table("judgements", required=False)

    release_time = release.get("time", datetime)
    embargo = release.get("embargo", datetime, default=None)
    for key, value in (("time", release_time), ("embargo", embargo)):
        if value is not None and value.tzinfo is None:
            raise release.error(key, "expected a date and time with a UTC offset, like 2018-09-18T00:01:00+01:00")

    quotes = []
    for i, q in enumerate(top.get("quotes", list, default=[])):
        qf = _Fields(shown, text, q, f"quotes[{i + 1}].")
        paras = qf.get("paragraphs", list)
        if not paras or not all(isinstance(p, str) and p.strip() for p in paras):
            raise qf.error("paragraphs", "expected a list of non-empty strings")
        qf.check_typos()
        quotes.append(Quote(speaker=qf.get("speaker", str), role=qf.get("role", str),
                            paragraphs=tuple(paras), intro=qf.get("intro", str, default=""),
                            pronoun=qf.get("pronoun", str, default="they")))

    angles = read_angles(top)

    notes, area_notes, data_notes = read_notes(top)

    facts = top.get("facts", list, default=[])
    if not all(f in FACT_SETS for f in facts):
        raise top.error("facts", f"expected a list of {', '.join(map(repr, FACT_SETS))}, "
                                 f"got {facts!r}")
    population_file = rates.get("population", str, default=None)
    if population_file is not None:
        population_file = (folder / population_file).resolve()
    category = data_t.get("category", str, default="all")
    news_value = read_news_value(top.table("news_value", required=False))
    context, support = read_lines(top)
    handful = judged.get("handful", int, default=JudgementSettings.handful)
    if handful < 0:
        raise judged.error("handful", f"expected a whole number of offences, 0 or more, got {handful}")
    current = periods.get("current", str)
    previous = periods.get("previous", str, default=None)
    if current != LATEST and not is_period(current):
        raise periods.error("current", f"expected a period ('2017-18', '2018-12-31') or "
                                       f"'{LATEST}', got {current!r}")
    if previous is not None and not is_period(previous):
        raise periods.error("previous", f"expected a period ('2016-17', '2017-12-31'), got {previous!r}")
    if current == LATEST and previous is not None:
        raise periods.error("previous", f"a fixed period cannot be compared with current = "
                                        f"'{LATEST}': leave previous out, and the period a year "
                                        "before the latest is used")
    for note in (*notes, *(n.text for n in area_notes)):
        _check_placeholders(top, "notes", note, previous, current == LATEST)

    name = top.get("name", str)
    if not name or _slug(name) != name:   # it names folders and is part of every address
        raise top.error("name", f"expected lower-case letters, digits and hyphens, got {name!r}")
    kit = Kit(
        name=name, title=top.get("title", str), folder=folder.resolve(),
        topic=top.get("topic", str, default="Crime"), loader=loader,
        data_files=tuple(data_files),
        current=current, previous=previous,
        measure={k: measure.get(k, str) for k in ("singular", "plural", "short_singular", "short_plural")},
        release=release_time, embargo=embargo,
        auto_release=release.get("auto_release", bool, default=False),
        source={"name": source.get("name", str), "credit": source.get("credit", str),
                "url": _web_address(source, "url"),
                "illustrative": source.get("illustrative", bool, default=False)},
        quotes=tuple(quotes), notes=tuple(notes), angles=tuple(angles),
        per=rates.get("per", int, default=100_000),
        percent_style=style.get("percent", str, default="symbol", choices=("symbol", "words")),
        options=dict(data_t.data), raw=data, text=text, category=category,
        facts=tuple(facts), population_file=population_file, folder_name=folder.name,
        on_demand=top.get("on_demand", bool, default=False),
        judgements=JudgementSettings(handful=handful), breaks=read_breaks(top, "breaks"),
        news_value=news_value, context=context, support=support,
        area_notes=area_notes, data_notes=data_notes,
    )
    for fields in (top, periods, measure, release, source, style, rates, judged):
        fields.check_typos()
    _check_placeholders(source, "credit", kit.source["credit"], previous, current == LATEST)
    return kit if current == LATEST else kit.with_periods(current, previous)


def find_kits(dirs: tuple[Path, ...] = ()) -> list[Path]:
    """Kit folders: the user's first, then the shipped ones, each name once."""
    seen, out = set(), []
    for base in (*dirs, KITS_DIR):
        if not Path(base).is_dir():
            continue
        for child in sorted(Path(base).iterdir()):
            if (child / KIT_FILE).is_file() and child.name not in seen:
                seen.add(child.name)
                out.append(child)
    return out


def kit_folder(name: str, dirs: tuple[Path, ...] = ()) -> Path:
    for folder in find_kits(dirs):
        if folder.name == name:
            return folder
    known = ", ".join(f.name for f in find_kits(dirs)) or "none"
    raise NewsgenError(f"no story kit called {name!r}; known kits: {known}")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_kits(folder: Path) -> list[Kit]:
    """The stories of the kit in `folder`: one, or one per ``[[stories]]`` entry.

    A parameterised kit lists its stories in ``[[stories]]``, each with a
    ``category`` (the rows of the data it is about), an optional ``name``
    (default: the kit's name and the category, e.g. ``ons-robbery``), an
    optional ``title``, ``[stories.measure]`` nouns and ``per`` (for rates,
    instead of ``[rates] per``); other fields reach templates as ``story.FIELD``.
    """
    base = read_kit(folder)
    stories = base.raw.get("stories")
    if stories is None:
        return [base]
    text = (base.folder / KIT_FILE).read_text(encoding="utf-8-sig")
    top = _Fields(base.file, text, base.raw)
    if not isinstance(stories, list) or not stories:
        raise top.error("stories", "expected one or more [[stories]] tables")
    kits, names = [], {}
    for i, entry in enumerate(stories, start=1):
        sf = _Fields(base.file, text, entry, f"stories[{i}].")
        category = sf.get("category", str)
        name = sf.get("name", str, default=f"{base.name}-{_slug(category)}")
        if not name or _slug(name) != name:
            raise sf.error("name", f"expected lower-case letters, digits and hyphens, got {name!r}")
        if name in names:
            raise sf.error("name", f"{name!r} is also the name of story {names[name]}")
        names[name] = i
        measure = dict(base.measure)
        if "measure" in entry:
            mf = sf.table("measure")
            measure.update({k: mf.get(k, str) for k in measure if k in mf.data})
        title = sf.get("title", str, default=f"{base.title}: {category}")
        per = sf.get("per", int, default=base.per)   # rare offences: per 100,000 people
        notes, area_notes, data_notes = read_notes(sf)
        breaks = tuple(sorted(base.breaks + read_breaks(sf, "breaks"), key=lambda b: b.date))
        story = {k: v for k, v in entry.items() if k != "breaks"}
        story.update(category=category, name=name, title=title)
        context, support = read_lines(sf, base.context, base.support)
        kit = replace(base, name=name, title=title, category=category, per=per,
                      measure=measure, story=story, notes=base.notes + notes,
                      breaks=breaks, area_notes=base.area_notes + area_notes,
                      data_notes=base.data_notes | data_notes,
                      context=context, support=support)
        for note in (*notes, *(n.text for n in area_notes)):
            _check_placeholders(sf, "notes", note, base.previous, base.follows_latest)
        kits.append(kit if base.follows_latest else kit.with_periods(kit.current, kit.previous))
    return kits


def select_kits(names: tuple[str, ...], dirs: tuple[Path, ...] = ()) -> list[Kit]:
    """Stories by name: a story (``ons-robbery``) or a whole kit folder
    (``ons-recorded-crime``); with no names, every story not built on demand."""
    every = [kit for folder in find_kits(dirs) for kit in read_kits(folder)]
    if not names:
        return [kit for kit in every if not kit.on_demand]
    chosen: list[Kit] = []
    for name in names:
        matches = [k for k in every if k.name == name] or \
                  [k for k in every if k.folder_name == name]
        if not matches:
            known = ", ".join(k.name for k in every) or "none"
            raise NewsgenError(f"no story kit called {name!r}; known stories: {known}")
        chosen.extend(k for k in matches if k not in chosen)
    return chosen


def copy_kit(source: Path, dest: Path, name: str) -> Path:
    """Copy the kit folder `source` to `dest` and make it kit `name`."""
    if dest.exists():
        raise NewsgenError(f"{dest} already exists; choose another name or --dir")
    shutil.copytree(source, dest)
    lines = (dest / KIT_FILE).read_text(encoding="utf-8-sig").splitlines()
    out, section = [], ""
    for line in lines:
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            section = header.group(1)
        key = re.match(r"(\s*)(name|file|population)(\s*=\s*)\"([^\"]*)\"(.*)$", line)
        if key and not header:
            indent, field, eq, value, rest = key.groups()
            if field == "name" and section == "":
                line = f'{indent}name{eq}"{name}"{rest}'
            elif field == "name" and section == "stories":
                continue  # the story's name follows the kit's: NAME-<category>
            elif field in ("file", "population") and section in ("data", "rates") \
                    and not Path(value).is_absolute():
                target = (source / value).resolve()
                line = f'{indent}{field}{eq}"{Path(os.path.relpath(target, dest.resolve())).as_posix()}"{rest}'
        out.append(line)
    (dest / KIT_FILE).write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest
