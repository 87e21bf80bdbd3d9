"""`newsgen build`: write every article, feed and ninjs item (newsgen.build)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsgen.cli.options import (CONTEXT_SETTINGS, Timestamp, kit_dirs_option, output_option,
                                 reports_errors)

# Exit status when a build wrote its output but withheld articles that failed
# the fact check: an operator must fix a template (2 means nothing was built).
WITHHELD_EXIT = 3


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--all-forces", is_flag=True, help="Write every kit's article for every force with data.")
@click.option("--force", "force_names", multiple=True, metavar="NAME",
              help="Write articles for this force only (repeatable), e.g. --force Derbyshire.")
@click.option("--story", "stories", multiple=True, metavar="NAME",
              help="Build this story only (repeatable): a story from `newsgen kits`, e.g. "
                   "ons-robbery, or a kit folder for all its stories; default: every story.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read this CSV instead of the kit's shipped data (same columns).")
@click.option("--areas", "areas_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A reference table of areas in the police-forces.csv format, instead of "
                   "the shipped police forces.")
@click.option("--templates", "template_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of templates that override the kits' own (repeatable).")
@click.option("--release", type=Timestamp(), default=None,
              help="When these figures are released (ISO 8601 with offset): the stories' release "
                   "time, and their embargo where the kit has one; default: each kit's "
                   "[release] time. For a new release with no kit edit.")
@click.option("--now", type=Timestamp(), default=None,
              help="Treat this time (ISO 8601 with offset) as now for embargoes and "
                   "corrections; default: the clock.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
              help="The address OUTPUT is served at; links in feeds and ninjs use it.")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The review database to sync drafts into [default: OUTPUT/review.db].")
@click.option("--replace", is_flag=True,
              help="Let a build of fewer stories or forces replace a wider build's output "
                   "(their files and feed items go).")
@click.option("--no-charts", is_flag=True, help="Skip drawing a chart (SVG and PNG) for each article.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Render and write in this many processes (same output as one).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print the time each step took.")
@kit_dirs_option
@output_option
@reports_errors
def build(all_forces, force_names, stories, data_file, areas_file, template_dirs, release, now,
          base_url,
          no_charts, jobs, quiet, verbose, kit_dirs, output, db, replace):
    """Write the articles: text, HTML and JSON for each force with data.

    Each article goes to OUTPUT/<story>/<force-slug>.txt, .html and .json.
    Forces without figures are listed and skipped, never invented. An
    article with a number that matches none of its facts is withheld (exit 3).

    The stories are the kits in kits/ (and --kits folders); `newsgen kits`
    lists them. A kit with [[stories]] in its kit.toml gives one story per
    category, e.g. ons-recorded-crime gives ons-stalking-and-harassment,
    ons-possession-of-weapons, ons-sexual-offences, ons-robbery and
    ons-bicycle-theft. A kit built on demand (the generic ons-category) is
    built when named with --story, and otherwise only for the areas an
    editor asked for from a lead (its drafts in the review store).

    A progress bar is shown on stderr for long builds when it is a terminal
    (never in pipes or CI).

    \b
    Examples:
      newsgen build --all-forces
      newsgen build --all-forces --jobs 2 --verbose
      newsgen build --force Derbyshire --force "Devon & Cornwall"
      newsgen build --all-forces --story ons-robbery
      newsgen build --all-forces --story ons-recorded-crime --templates my-templates/
      newsgen build --all-forces --kits my-kits/ --story my-new-story
      newsgen build --story child-abuse-images --data my-figures.csv -o /tmp/out
      newsgen build --all-forces --now 2018-09-18T09:00:00+01:00
      newsgen build --all-forces --no-charts
    """
    from newsgen.build import BuildOptions, build as run_build
    from newsgen.kit import select_kits
    from newsgen.leads.draft import commissioned_stories
    from newsgen.build.progress import Progress

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    if not all_forces and not force_names:
        raise click.UsageError("say which forces: --all-forces, or --force NAME")
    if all_forces and force_names:
        raise click.UsageError("--all-forces and --force cannot be used together")
    kits = select_kits(stories, kit_dirs)
    if data_file and len({k.folder for k in kits}) != 1:
        raise click.UsageError("--data replaces one kit's data: name the kit with --story")
    if not base_url.startswith(("http://", "https://")):
        raise click.UsageError(f"--base-url {base_url!r}: expected an http:// or https:// address")
    options = BuildOptions(output=output, force_names=force_names, data_override=data_file,
                           user_templates=template_dirs, release=release, now=now, base_url=base_url,
                           review_db=db, charts=not no_charts,
                           areas_file=areas_file, jobs=jobs, replace=replace, keep_articles=False,
                           progress=Progress(enabled=False if quiet else None),
                           command=repeat_command(all_forces, force_names, stories, data_file,
                                                  areas_file, template_dirs, release, base_url,
                                                  no_charts, jobs, kit_dirs))
    if not stories and not data_file:   # every story: with those editors asked for from leads
        kits += commissioned_stories(options, kit_dirs)
    result = run_build(kits, options)
    for withheld in result.withheld:  # an error: shown even with --quiet
        click.echo(f"newsgen: {withheld}", err=True)
    for warning in result.warnings:
        click.echo(f"newsgen: warning: {warning}", err=True)
    if quiet:
        if result.withheld:
            sys.exit(WITHHELD_EXIT)
        return
    for line in period_lines(result.periods):
        click.echo(line)
    for skip in result.skipped:
        click.echo(f"skipped {skip.force} ({skip.kit}): {skip.reason}")
    click.echo(f"wrote {result.count} articles ({result.files} files) to {output}, "
               f"skipped {len(result.skipped)}, "
               + (f"WITHHELD {len(result.withheld)} (failed the fact check), " if result.withheld else "")
               + f"in {result.seconds:.2f}s")
    for revision in result.revisions:
        click.echo(f"revised: {revision}")
    if result.revisions:
        n = len(result.revisions)
        click.echo(f"{n} published stor{'ies' if n != 1 else 'y'} state figures the data now revises: "
                   "flagged 'revised' in the review queue for a correction; none is republished "
                   "until an editor approves it")
    if counts := result.review:
        click.echo("review: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
    if verbose:
        for step, seconds in result.timings.wall.items():
            click.echo(f"  {step:<16} {seconds:8.3f}s")
    if result.withheld:
        sys.exit(WITHHELD_EXIT)


def repeat_command(all_forces, force_names, stories, data_file, areas_file, template_dirs,
                   release, base_url, no_charts, jobs, kit_dirs) -> tuple[str, ...]:
    """The arguments that build the same again from any folder (files as
    absolute paths; the output, database and time are the publisher's)."""
    def path(p) -> str:
        return str(Path(p).resolve())

    args = ["--all-forces"] if all_forces else [a for n in force_names for a in ("--force", n)]
    args += [a for n in stories for a in ("--story", n)]
    args += [a for d in kit_dirs for a in ("--kits", path(d))]
    args += [a for d in template_dirs for a in ("--templates", path(d))]
    if data_file:
        args += ["--data", path(data_file)]
    if areas_file:
        args += ["--areas", path(areas_file)]
    if release:
        args += ["--release", release.isoformat()]
    args += ["--base-url", base_url, "--jobs", str(jobs)] + (["--no-charts"] if no_charts else [])
    return tuple(args)


def period_lines(periods: list) -> list[str]:
    """'periods: ons-robbery, ons-bicycle-theft: 2018-12-31 against 2017-12-31
    (the latest in the data; ...)': stories with the same periods on one line."""
    groups: dict[tuple, list[str]] = {}
    for story, current, previous, note in periods:
        groups.setdefault((current, previous, note), []).append(story)
    return [f"periods: {', '.join(stories)}: {current}"
            + (f" against {previous}" if previous else "") + (f" ({note})" if note else "")
            for (current, previous, note), stories in groups.items()]
