"""`newsgen lint OUTPUT`: read a built output folder as a desk editor would."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newsgen.cli.options import CONTEXT_SETTINGS, reports_errors


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("output", type=click.Path(file_okay=False, path_type=Path), default="output")
@click.option("--max-similarity", type=float, default=70.0, show_default=True, metavar="PCT",
              help="Highest median masked similarity of two same-region articles, per story.")
@click.option("--max-shape", type=float, default=40.0, show_default=True, metavar="PCT",
              help="Highest share of a story's articles with one headline shape.")
@click.option("--max-word", type=int, default=4, show_default=True, metavar="N",
              help="Most times one word (not a name, a number or a common word) per article.")
@click.option("--show", type=int, default=5, show_default=True, metavar="N",
              help="Findings listed of each kind (0: counts only).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@reports_errors
def lint(output, max_similarity, max_shape, max_word, show, as_json):
    """Read OUTPUT (a folder `newsgen build` wrote) as a regional desk would.

    Per story: how alike the articles of neighbouring forces are once names and
    numbers are masked (the median of every same-region pair), and how many
    headlines share one shape. Per article: two paragraphs in a row opening with
    the same word, a figure of the intro repeated in paragraph two, a word used
    too often, calendar dates ("between January 2018 and December 2018"), "1.0",
    hedges and fractions that are not close, "slightly" for 2% or more, ranks
    outside the top and bottom three, rate angles on too few offences, and an
    intro that does not state the headline's figure.

    Exit status 0 within every limit, 1 if any is broken, 2 for bad input.

    \b
    Example:
      newsgen build --all-forces && newsgen lint output
    """
    from newsgen.lint import Limits, format_report, lint as run_lint

    report = run_lint(output, Limits(similarity=max_similarity, shape=max_shape, word=max_word))
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report, show=show))
    if not report.ok:
        raise SystemExit(1)
