"""Where newsgen's shipped files live: data/, kits/ and templates/ are package
data in newsgen/shipped/, so an installed wheel finds them from any folder.
NEWSGEN_HOME names another folder holding the same three."""

import os
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "shipped"
ROOT = Path(os.environ.get("NEWSGEN_HOME") or SHIPPED)
DATA_DIR = ROOT / "data"
KITS_DIR = ROOT / "kits"
TEMPLATES_DIR = ROOT / "templates"

# The two trees a build writes in its output folder (README, "Drafts and the
# public tree"): every built article for the review tools, and only what
# editors released for `newsgen serve` and outlets.
DRAFTS = "drafts"
PUBLIC = "public"
