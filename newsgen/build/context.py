"""What a build is given and what it hands back: its options, the state every
batch shares, the context each stage reads, and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newsgen.build.progress import SILENT, Progress, Timings
from newsgen.paths import DRAFTS, PUBLIC
from newsgen.publish.staging import Staging, Tree
from newsgen.sources.forces import Force
from newsgen.words.article import Article
from newsgen.words.writer import ArticleWriter


@dataclass
class Skip:
    kit: str
    force: str
    reason: str


@dataclass
class BuildResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    timings: Timings | None = None   # wall and CPU seconds of each step
    withheld: list = field(default_factory=list)  # factcheck.Withheld: not written
    count: int = 0                   # articles written (also when not kept)
    review: dict = field(default_factory=dict)   # review counts: new, unchanged, stale...
    periods: list = field(default_factory=list)  # (story, current, previous, how chosen)
    revisions: list = field(default_factory=list)   # review.revisions.Revision: corrections due
    warnings: list = field(default_factory=list)  # one line each: what the operator should know


@dataclass
class BuildOptions:
    """Everything a build needs besides the kits; each stage reads what it uses."""

    output: Path = Path("output")
    force_names: tuple[str, ...] = ()
    data_override: Path | None = None
    user_templates: tuple[Path, ...] = ()
    now: datetime | None = None       # "now" for embargo checks; None: the clock
    release: datetime | None = None   # the release time (and embargo) of this build's stories;
                                      # None: each kit's [release] time
    areas_file: Path | None = None    # the areas table; None: data/police-forces.csv
    review_db: Path | None = None     # the review store; None: OUTPUT/review.db
    charts: bool = True               # draw a chart per article (--no-charts skips)
    base_url: str = "http://127.0.0.1:8000"  # where OUTPUT is served; links in feeds
    jobs: int = 1                     # processes for rendering and writing
    progress: Progress = SILENT       # bars on a terminal (newsgen.build.progress)
    replace: bool = False             # let a narrower build replace a wider one's output
    keep_articles: bool = True        # BuildResult.articles lists them (memory grows with N)
    command: tuple[str, ...] = ()     # `newsgen build` arguments that repeat this build
                                      # (recorded for the review page's Publish)


@dataclass
class BuildState:
    """What every batch of one build must agree on, fixed as the build starts."""

    now: datetime                  # embargoes and new versions' times (--now or the clock)
    released: dict                 # key -> review.releases.Released: what went out last
    fallback: datetime             # the date of an empty feed: the latest release built
    db: Path | None = None         # the review store, for the frames of what went out
    live: dict = field(default_factory=dict)           # key -> its Version outlets have
    keys_by_slug: dict = field(default_factory=dict)   # area slug -> keys of its stories out

    def __post_init__(self):
        from newsgen.publish.versions import from_record
        self.live = {key: from_record(r) for key, r in self.released.items()}
        for key in sorted(self.released):
            self.keys_by_slug.setdefault(key.split("/")[1], []).append(key)

    @classmethod
    def start(cls, options, plan=None) -> "BuildState":
        from newsgen.publish.feeds import EPOCH
        from newsgen.review.releases import latest
        from newsgen.review.stages import review_db_path
        from newsgen.review.store import ReviewStore

        now = options.now or datetime.now(timezone.utc)
        releases = [writer.kit.release for writer, per_area in (plan.kits if plan else [])
                    if per_area]
        db = review_db_path(options)
        with ReviewStore(db) as store:
            released = latest(store)
        return cls(now, released, max(releases, default=EPOCH), db)

    def frames(self, keys: list[str]) -> dict[str, dict]:
        """What outlets received of these stories' last versions (their frames)."""
        if not keys or self.db is None:
            return {}
        from newsgen.review.releases import frames
        from newsgen.review.store import ReviewStore
        with ReviewStore(self.db) as store:
            return frames(store, keys)


@dataclass
class BatchOut:
    """What a batch hands back, and (merged) what the whole build did."""

    count: int = 0                  # articles that passed the fact check
    files: int = 0                  # files a worker wrote (this process's Staging counts its own)
    withheld: list = field(default_factory=list)        # factcheck.Withheld
    review: dict = field(default_factory=dict)          # review counts: new, unchanged, ...
    review_plan: dict = field(default_factory=dict)     # key -> review.releases.DeskState,
                                                        # for this batch's publish stage only
    versions: dict = field(default_factory=dict)        # key -> Version, the public tree's
    public: list = field(default_factory=list)          # articles in feeds, facts dropped
    released: list = field(default_factory=list)        # review.releases.Release: new versions
    warnings: list = field(default_factory=list)        # one line each, for the operator
    kept: list = field(default_factory=list)            # every article (keep_articles)
    wall: dict = field(default_factory=dict)            # step -> seconds
    cpu: dict = field(default_factory=dict)
    gathered: object = None         # publish.Gatherer: the gathering feeds' newest items
    revisions: list = field(default_factory=list)       # review.revisions.Revision

    def merge(self, other: "BatchOut", timings: Timings) -> None:
        self.count += other.count
        self.files += other.files
        self.withheld += other.withheld
        for name, n in other.review.items():
            self.review[name] = self.review.get(name, 0) + n
        self.versions.update(other.versions)
        self.released += other.released
        self.warnings += other.warnings
        self.kept += other.kept
        for name, seconds in other.wall.items():
            timings.wall[name] = timings.wall.get(name, 0.0) + seconds
            timings.cpu[name] = timings.cpu.get(name, 0.0) + other.cpu[name]


@dataclass
class BuildContext:
    """What the stages share. The article stages (STAGES) run once per batch
    of areas, with that batch's articles and areas; the final stages once,
    with the whole build's results in `totals`."""

    articles: list[Article]
    writers: dict[str, "ArticleWriter"]
    staging: Staging
    options: BuildOptions
    state: "BuildState | None" = None   # build-wide, the same for every batch
    forces: list[Force] = field(default_factory=list)   # this batch's areas
    out: "BatchOut | None" = None       # what this batch hands back
    totals: "BatchOut | None" = None    # every batch's, for the final stages
    index: int = 0                      # the batch's number, from 0
    data: object = None                 # the plan's facts.kit_facts.KitData (revisions recompute)
    skipped: list = field(default_factory=list)   # Skip: areas the plan gave no article

    def __post_init__(self):
        if self.out is None:
            self.out = BatchOut()
        if self.state is None:
            self.state = BuildState.start(self.options)

    @property
    def withheld(self) -> list:
        return self.out.withheld

    @property
    def drafts(self) -> Tree:
        """The drafts tree being built: every article, for the review tools."""
        return self.staging.tree(DRAFTS)

    @property
    def public(self) -> Tree:
        """The public tree being built: only what editors released."""
        return self.staging.tree(PUBLIC)

    @property
    def old_drafts(self) -> Path:
        """The drafts tree the last build left (charts are copied from it)."""
        return Path(self.options.output) / DRAFTS

    @property
    def old_public(self) -> Path:
        """The public tree outlets have now (versions that stay are kept from it)."""
        return Path(self.options.output) / PUBLIC

    @property
    def kits(self) -> dict:
        """The kits by name (each story's settings, angles and verbatim text)."""
        return {name: writer.kit for name, writer in self.writers.items()}
