"""Where newsgen's files are: the shipped data/, kits/ and templates/ it reads
(package data in newsgen/shipped/, so an installed wheel finds them from any
folder; NEWSGEN_HOME names another folder holding the same three), and every
path it writes in an output folder."""

import os
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "shipped"
ROOT = Path(os.environ.get("NEWSGEN_HOME") or SHIPPED)
DATA_DIR = ROOT / "data"
KITS_DIR = ROOT / "kits"
TEMPLATES_DIR = ROOT / "templates"


def cache_dir() -> Path | None:
    """Where newsgen keeps work it can repeat exactly (compiled templates):
    never output, safe to delete at any time. NEWSGEN_CACHE names the folder;
    else $XDG_CACHE_HOME/newsgen, else ~/.cache/newsgen; None (no cache kept)
    when there is no home folder to put it in. Read at each call, so a
    process may point it elsewhere before building."""
    if os.environ.get("NEWSGEN_CACHE"):
        return Path(os.environ["NEWSGEN_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "newsgen"
    home = os.path.expanduser("~")
    return None if home == "~" else Path(home) / ".cache" / "newsgen"


# Within cache_dir(): compiled Jinja templates, a folder per kind of
# environment (newsgen.words.compiled).
TEMPLATE_CACHE = "templates"

# -- what a build writes: every output path, defined once ----------------------
# The two trees a build writes in its output folder (README, "Drafts and the
# public tree"): every built article for the review tools, and only what
# editors released for `newsgen serve` and outlets.
DRAFTS = "drafts"
PUBLIC = "public"
# Within a tree:
ARTICLE_PATH = "{kit}/{slug}.{ext}"          # txt, html, json
CHART_PATH = ARTICLE_PATH                    # svg, png: a chart sits beside its article
FEED_PATH = "feeds/{name}.{ext}"             # name: "derbyshire", "regions/wales", "all"
NINJS_PATH = "ninjs/{kit}/{slug}.json"
SHARED_FACTS_FILE = "_shared-facts.json"     # in each story's folder (newsgen.facts.shared)
# In the output folder itself, never served:
DB_NAME = "review.db"                        # the review store (unless --db)
SCOPE_FILE = ".newsgen-scope.json"           # the stories and forces the last build covered
SKIPPED_FILE = ".newsgen-skipped.json"       # areas given no article, and why
JOURNAL = ".newsgen-commit.json"             # while a commit runs
CHECKED_DIR = ".newsgen-checked"             # the fact check's verdicts, for the next build
CHECKED_PATH = CHECKED_DIR + "/{area}.json"  # (newsgen.build.previous), an area's in each file
# The news budget `newsgen leads` writes (newsgen.leads.output): beside the
# two trees, never in the public one, and left alone by builds.
LEADS = "leads"
LEADS_CSV = "leads/leads.csv"
LEADS_JSON = "leads/leads.json"
LEADS_FEED_PATH = "leads/feeds/{name}.xml"   # name: an area's slug, or "all"
