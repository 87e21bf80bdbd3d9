"""Where newsgen's shipped files live: the project root holds data/, kits/ and
templates/ beside the package (NEWSGEN_HOME overrides it)."""

import os
from pathlib import Path

ROOT = Path(os.environ.get("NEWSGEN_HOME") or Path(__file__).resolve().parent.parent)
DATA_DIR = ROOT / "data"
KITS_DIR = ROOT / "kits"
TEMPLATES_DIR = ROOT / "templates"
