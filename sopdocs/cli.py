"""The `sopdocs` command line: a thin shell over the library.

The library raises SopdocsError (and InvalidProcessError with diagnostics); this module
is the one boundary that turns them into messages and exit codes: 0 success, 1 errors in
the input, 2 usage errors. Only this module imports click.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import InvalidProcessError, SopdocsError
from .report import FORMATS, format_github, format_gitlab, format_json, format_parsable, summary_line

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _print_diagnostics(diagnostics, output_format: str = "parsable", files: int = 1) -> None:
    if output_format == "json":
        click.echo(format_json(diagnostics, files))
    elif output_format == "github":
        click.echo(format_github(diagnostics))
    elif output_format == "gitlab":
        click.echo(format_gitlab(diagnostics))
    else:
        if diagnostics:
            click.echo(format_parsable(diagnostics))
        click.echo(summary_line(diagnostics, files), err=True)


def _emit(text: str, output) -> None:
    """Write `text` to the file `output` (atomically), or to standard output."""
    if output:
        from .atomic import write_text_atomic

        write_text_atomic(Path(output), text)
    else:
        click.echo(text, nl=False)


def boundary(function):
    """Turn library errors into messages and exit codes; never show a traceback for them."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except InvalidProcessError as error:
            _print_diagnostics(error.diagnostics)
            sys.exit(1)
        except SopdocsError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug, not bad input: say so, keep the details available
            if os.environ.get("SOPDOCS_DEBUG"):
                raise
            click.echo(f"internal error (a bug in sopdocs): {type(error).__name__}: {error}\n"
                       "rerun with SOPDOCS_DEBUG=1 to see the traceback and report it", err=True)
            sys.exit(3)

    return wrapper


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="sopdocs")
def cli():
    """Business processes kept as YAML in git, published as a handbook.

    \b
    Example:
      sopdocs validate processes/
      sopdocs build
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="parsable",
              show_default=True, help="parsable: path:line:col lines; github: Actions annotations; "
              "gitlab: a code-quality report; json.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes checking files at once (default: all cores).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Keep each checked file's findings here (default: .sopdocs-cache/build "
              "when the current folder holds mkdocs.yml or .sopdocs-cache, else no cache).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh; read and write no cache.")
@boundary
def validate(paths, output_format, strict, jobs, cache_dir, no_cache):
    """Check process files and report every problem with file:line:col.

    PATHS are files or folders (default: processes/). Exit status: 0 clean, 1 errors
    (or warnings with --strict), 2 usage error. A file whose bytes did not change since
    the last check is not parsed again (the checks that read several files always run).

    \b
    Example:
      sopdocs validate processes/ --format github
    """
    from .validate import check_file, validate_paths
    from .validate._pool import default_jobs

    if not paths:
        if not Path("processes").is_dir():
            raise click.UsageError("no PATH given and there is no processes/ folder here")
        paths = ("processes",)
    check = check_file
    folder = _validate_cache_folder(cache_dir, no_cache)
    if folder is not None:
        from .site.cache import BuildCache
        from .site.handbook import cached_check

        check = cached_check(BuildCache(folder))
    report = validate_paths(paths, check=check, workers=jobs or default_jobs())
    diagnostics = report.diagnostics
    _print_diagnostics(diagnostics, output_format, len(report.files))
    failing = [d for d in diagnostics if d.is_error or strict]
    sys.exit(1 if failing else 0)


def _validate_cache_folder(cache_dir, no_cache) -> "Path | None":
    """Where `validate` keeps its findings: --cache-dir, else the build cache's folder
    when the current folder is a sopdocs project (so a plain folder gets no new files)."""
    if no_cache:
        return None
    if cache_dir:
        return Path(cache_dir)
    from .site.cache import DEFAULT_CACHE_DIR

    if Path("mkdocs.yml").is_file() or Path(".sopdocs-cache").is_dir():
        return Path(DEFAULT_CACHE_DIR)
    return None


@cli.command()
@click.argument("process_id")
@click.option("--lanes", default="", help="Comma-separated lane names, e.g. 'Sales,Legal'.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File to write (default processes/ID.yaml); '-' prints it.")
@click.option("--schema-url", default=None,
              help="Schema location for editors (default: sopdocs.schema.json, relative to the file).")
@boundary
def new(process_id, lanes, output, schema_url):
    """Write a commented starter process file that validates.

    \b
    Example:
      sopdocs new quote-approval --lanes "Sales,Finance"
    """
    from .fields import ID_RE
    from .starter import starter_yaml

    if not ID_RE.match(process_id):
        raise click.BadParameter("use letters, digits, '-' and '_', e.g. quote-approval",
                                 param_hint="ID")
    target = Path(output) if output and output != "-" else Path("processes") / f"{process_id}.yaml"
    if schema_url is None:
        schema_url = os.path.relpath(Path("sopdocs.schema.json").resolve(), target.resolve().parent)
        schema_url = Path(schema_url).as_posix()
    text = starter_yaml(process_id, [name for name in lanes.split(",") if name.strip()], schema_url)
    if output == "-":
        click.echo(text, nl=False)
        return
    if target.exists():
        raise SopdocsError(f"{target} already exists; choose another ID or --output")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}", err=True)
    if not Path("sopdocs.schema.json").exists():
        click.echo("tip: `sopdocs schema -o sopdocs.schema.json` lets editors autocomplete it", err=True)


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--language", type=click.Choice(["en", "zh", "zh-Hant"]), default="en", show_default=True,
              help="Language of the site and the starter process (zh: Simplified, zh-Hant: Traditional).")
@click.option("--ci", type=click.Choice(["github", "gitlab", "none"]), default="none", show_default=True,
              help="Also write a CI workflow: validate, build, post the pull-request report.")
@click.option("--requirement", default=None, metavar="PIP_SPEC",
              help="What CI and pre-commit pip-install (default: sopdocs== this version).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@boundary
def init(directory, language, ci, requirement, force):
    """Start a handbook: mkdocs.yml, a starter process, editor, pre-commit and CI files.

    Writes into DIRECTORY (default: here) mkdocs.yml, processes/ with a commented starter
    process, handbook/about.md, .gitignore, the JSON Schema with VS Code settings,
    .pre-commit-config.yaml and, with --ci, the CI workflow. Refuses to overwrite an
    existing file unless --force (.gitignore is merged). See docs/start.md.

    \b
    Example:
      sopdocs init my-handbook --language zh --ci github
      cd my-handbook && sopdocs build
    """
    from .scaffold import DEFAULT_REQUIREMENT, init_handbook

    done = init_handbook(Path(directory), language, ci, requirement or DEFAULT_REQUIREMENT, force)
    for action, path in done:
        click.echo(f"{action} {Path(directory) / path}", err=True)
    where = "" if Path(directory).resolve() == Path.cwd() else f"cd {directory} && "
    click.echo(f"next: {where}sopdocs build (or sopdocs serve for a live preview)", err=True)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@boundary
def schema(output):
    """Print the JSON Schema (draft 2020-12) of the process format, for editors.

    \b
    Example:
      sopdocs schema -o sopdocs.schema.json
    """
    from .schema import schema_text

    _emit(schema_text(), output)


CONFIG_OPTION = click.option(
    "-f", "--config-file", default=None, type=click.Path(exists=True, dir_okay=False),
    help="The handbook's mkdocs.yml (default: ./mkdocs.yml; without one, a built-in configuration).")


def _config(config_file):
    """The configuration to build with: the given or local mkdocs.yml, else the built-in one."""
    from .site.defaultconfig import handbook_config

    config, note = handbook_config(Path("."), config_file)
    if note:
        click.echo(note, err=True)
    return config


@cli.command()
@CONFIG_OPTION
@click.option("-d", "--site-dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Where the built handbook goes.")
@click.option("--strict", is_flag=True, help="Fail on any warning (MkDocs strict mode).")
@click.option("--offline", is_flag=True, help="Build for file:// use: zip site/ and open index.html.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Lay out diagrams in N processes at once (default: all cores).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where the build cache goes (default: .sopdocs-cache/build beside mkdocs.yml).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@boundary
def build(config_file, site_dir, strict, offline, jobs, cache_dir, no_cache):
    """Build the handbook into site/ (the old site/ stays until the build succeeds).

    Process files are validated first; any error stops the build with the diagnostics.
    Diagrams are laid out over all cores and kept in a cache keyed by everything they
    depend on, so a rebuild lays out only what changed (same bytes either way).
    Without a mkdocs.yml, a folder with processes/ builds with the built-in configuration.

    \b
    Example:
      sopdocs build --strict --offline
      sopdocs build --jobs 1 --no-cache
    """
    from .site.plugin import build_site

    with _config(config_file) as config:
        build_site(config, site_dir, strict=strict, offline=offline, jobs=jobs,
                   cache_dir=cache_dir, cache=not no_cache)
    click.echo(f"built the handbook into {site_dir}/", err=True)


@cli.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default=None, help="Address to serve on (default 127.0.0.1:8000).")
@boundary
def serve(config_file, dev_addr):
    """Preview the handbook, rebuilding when a process file changes.

    \b
    Example:
      sopdocs serve -a 127.0.0.1:8001
    """
    from .site.plugin import serve_site

    with _config(config_file) as config:
        serve_site(config, dev_addr)


@cli.group()
def render():
    """Render one process as a diagram (flowchart, timeline, Mermaid).

    \b
    Example:
      sopdocs render flowchart processes/sales/quote-approval.yaml -o quote.svg
    """


# Subcommands of `render` and the analysis commands are defined below, one function each.


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table: for people; json: the contract other tools read.")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Language of the table: en, zh, zh-Hant... (default: the file's language).")
@click.option("--runs", type=click.IntRange(1, 10_000_000), default=10_000, show_default=True,
              help="Monte Carlo runs of the forecast.")
@click.option("--seed", type=click.IntRange(0), default=15, show_default=True,
              help="Seed of the simulations: the same seed gives the same figures.")
@boundary
def metrics(file, output_format, language, runs, seed):
    """Lead time, flow efficiency, handoffs, the schedule and the forecast of FILE.

    Work and wait time, the schedule of the expected path, exact expectations and
    simulated spreads.

    Hours are working hours. The expected path follows each decision's most probable
    branch and leaves rework loops out; the expectations (with rework) count every branch
    with its probability; the simulated figures come from --runs runs (and, with
    arrivals and lane capacities, a simulation of queues). See docs/analysis.md.

    \b
    Example:
      sopdocs metrics processes/sales/quote-approval.yaml --format json --runs 20000 --seed 7
    """
    from .analysis.metrics import metrics_table, process_metrics, with_forecast
    from .i18n import texts_for
    from .validate import load_process

    process = load_process(file)
    result = with_forecast(process_metrics(process), process, runs, seed)
    texts = texts_for(language or process.language)
    click.echo(result.to_json() if output_format == "json" else metrics_table(result, texts), nl=False)


@render.command("timeline")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="SVG file to write (default: standard output).")
@click.option("--start", "start_date", default=None, metavar="YYYY-MM-DD",
              help="Label the axis with calendar dates from this day (default: the file's start_date).")
@boundary
def render_timeline(file, output, start_date):
    """Draw FILE's expected path as an SVG Gantt chart (critical path highlighted).

    \b
    Example:
      sopdocs render timeline processes/sales/quote-approval.yaml -o quote-timeline.svg --start 2025-03-03
    """
    from .render.timeline import timeline_svg
    from .validate import load_process

    text = timeline_svg(load_process(file), start_date=start_date)
    _emit(text, output)


@cli.command("diff")
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--base", "base_ref", default=None, metavar="GIT_REF",
              help="Compare every process file changed since this git ref (FILES: paths to look in).")
@click.option("--merge-base", is_flag=True,
              help="With --base: compare with the commit the branch left GIT_REF at (as a pull request does).")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json", "text"]),
              default="text", show_default=True, help="markdown: a pull-request comment; json: the contract.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Language of the report: en, zh, zh-Hant... (default: the newer version's).")
@boundary
def diff_command(files, base_ref, merge_base, output_format, output, language):
    """Compare two versions of a process: steps, lanes, metrics and KPIs.

    Either OLD NEW (two files), or --base GIT_REF [PATH...] for each process file
    changed between GIT_REF and the working tree (default PATH: processes/); the old
    text comes from git, and added and deleted files are reported as such.

    \b
    Example:
      sopdocs diff processes/sales/lead-to-contract/current.yaml processes/sales/lead-to-contract/optimized.yaml
      sopdocs diff --base origin/main --merge-base --format markdown -o comment.md
    """
    from .analysis.diff import diff_processes
    from .i18n import texts_for
    from .render.diffreport import format_base, format_diff
    from .validate import load_process

    texts = texts_for(language) if language else None
    if base_ref is not None:
        from .gitbase import base_changes

        changes = base_changes(base_ref, files or ("processes",), merge_base=merge_base)
        entries = [(change, diff_processes(change.old, change.new) if change.old and change.new
                    else None) for change in changes]
        text = format_base(base_ref, entries, output_format, texts)
    else:
        if merge_base:
            raise click.UsageError("--merge-base goes with --base GIT_REF")
        if len(files) != 2:
            raise click.UsageError("give two files (OLD NEW), or --base GIT_REF [PATH...]")
        for name in files:
            if not Path(name).is_file():
                raise click.BadParameter(f"'{name}' is not a file", param_hint="FILES")
        text = format_diff(diff_processes(load_process(files[0]), load_process(files[1])),
                           output_format, texts)
    _emit(text, output)


@render.command("mermaid")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--timeline", is_flag=True, help="A Mermaid gantt of the expected path instead of the flowchart.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@boundary
def render_mermaid(file, timeline, output):
    """Print FILE as Mermaid text, which GitHub and GitLab render in Markdown.

    The flowchart has a subgraph per lane; --timeline gives a gantt chart instead.
    Paste it into a ```mermaid fenced block.

    \b
    Example:
      sopdocs render mermaid processes/sales/quote-approval.yaml --timeline
    """
    from .render.mermaid import mermaid_flowchart, mermaid_gantt
    from .validate import load_process

    process = load_process(file)
    text = mermaid_gantt(process) if timeline else mermaid_flowchart(process)
    _emit(text, output)


@render.command("flowchart")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.option("--format", "output_format", type=click.Choice(["svg", "dot"]), default="svg",
              show_default=True, help="dot: the Graphviz source with every position set by sopdocs;"
              " draw it with `dot -Kneato -n2`.")
@click.option("--direction", type=click.Choice(["vertical", "horizontal"]), default="vertical",
              show_default=True, help="vertical: a column per lane; horizontal: a row per lane.")
@click.option("--engine", type=click.Choice(["auto", "dot", "graphviz-pure"]), default="auto",
              show_default=True, help="Drawing program; auto: `dot` when on PATH, else graphviz-pure.")
@boundary
def render_flowchart(file, output, output_format, direction, engine):
    """Draw FILE as a swimlane flowchart (SVG), or print its positioned DOT source.

    Engine warnings are printed to standard error.

    \b
    Example:
      sopdocs render flowchart processes/sales/quote-approval.yaml -o quote.svg
      sopdocs render flowchart processes/sales/quote-approval.yaml --format dot --direction horizontal
    """
    from .render.flowchart import flowchart_dot, flowchart_svg
    from .validate import load_process

    process = load_process(file)
    if output_format == "dot":
        text = flowchart_dot(process, direction=direction)
    else:
        rendered = flowchart_svg(process, direction=direction, engine=engine)
        for warning in rendered.warnings:
            click.echo(f"warning: {rendered.engine}: {warning}", err=True)
        text = rendered.svg
    _emit(text, output)


@cli.group("export")
def export_group():
    """Write processes in other tools' formats (BPMN 2.0 XML, improvement spreadsheets).

    \b
    Example:
      sopdocs export bpmn processes/sales/quote-approval.yaml -o quote-approval.bpmn
      sopdocs export survey processes/sales/quote-approval.yaml -o survey.xlsx
    """


def _export_table_command(kind: str, what: str):
    """A `sopdocs export KIND FILE -o OUT.xlsx` command (issue 12: spreadsheets)."""

    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
                  help="The .xlsx workbook to write.")
    @boundary
    def command(file, output):
        from .sheets import export_table

        rows = export_table(kind, file, output)
        click.echo(f"wrote {output} ({rows} rows)", err=True)

    command.__doc__ = (f"Write {what} of FILE as an .xlsx workbook.\n\n"
                       "Headers are in the process's language (en, zh, zh-Hant); the header row"
                       " is frozen; the same process gives the same bytes (docs/spreadsheets.md)."
                       f"\n\n\b\nExample:\n  sopdocs export {kind} processes/sales/quote-approval.yaml"
                       f" -o {kind}.xlsx")
    return export_group.command(kind)(command)


export_survey = _export_table_command(
    "survey", "the current-state survey (a row per step and problem; `sopdocs import survey`"
    " reads it back)")
export_actions = _export_table_command(
    "actions", "the responsibility table (the improvement actions: who, by when, acceptance)")
export_pilot = _export_table_command(
    "pilot", "the pilot evaluation (KPIs before and after the pilot, change, target met)")


@export_group.command("bpmn")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File to write (default: standard output); with --all, the folder.")
@click.option("--all", "all_files", is_flag=True,
              help="Export every process file under PATHS (default processes/) into the -o folder.")
@click.option("--no-diagram", is_flag=True, help="Leave out the laid-out diagram (BPMN DI).")
@boundary
def export_bpmn(paths, output, all_files, no_diagram):
    """Export a process as BPMN 2.0 XML for Camunda Modeler, bpmn.io, Signavio and others.

    One pool with a lane per sopdocs lane, laid out as the handbook's flowchart;
    durations, waits and the rest travel in sopdocs extension elements, so
    `sopdocs import bpmn` gives the same process back (see docs/bpmn.md).

    \b
    Example:
      sopdocs export bpmn processes/sales/quote-approval.yaml -o quote-approval.bpmn
      sopdocs export bpmn --all processes/ -o bpmn/
    """
    from .exchange.bpmn_export import process_to_bpmn
    from .validate import load_process, validate_paths

    if not all_files:
        if len(paths) != 1 or not Path(paths[0]).is_file():
            raise click.UsageError("give one process FILE, or --all [PATH...] -o FOLDER")
        _emit(process_to_bpmn(load_process(paths[0]), diagram=not no_diagram), output)
        return
    if not output:
        raise click.UsageError("--all writes one file per process: give the folder with -o")
    report = validate_paths(paths or ("processes",))
    if report.errors:
        raise InvalidProcessError(report.errors)
    from .atomic import write_text_atomic

    for process in report.processes:
        target = Path(output) / f"{process.id}.bpmn"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, process_to_bpmn(process, diagram=not no_diagram))
        click.echo(f"wrote {target}", err=True)


@cli.group("import")
def import_group():
    """Turn other tools' files into process files (BPMN 2.0 XML, survey spreadsheets).

    \b
    Example:
      sopdocs import bpmn model.bpmn -o processes/sales/model.yaml
      sopdocs import survey survey.xlsx -o processes/sales/current.yaml
    """


@import_group.command("survey")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File to write, or a folder for <name>.yaml; default: standard output.")
@click.option("--sheet", default=None, metavar="NAME", help="The workbook's sheet (default: the first).")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@boundary
def import_survey_command(file, output, sheet, force):
    """Read a current-state survey (.xlsx or .csv) into a commented process file.

    Columns are found by their headers, in English, Simplified or Traditional Chinese
    (流程环节 / 流程環節 / Step, 涉及部门/人, 当前步骤简述, 耗时（天/单）, 问题类型,
    具体问题描述, 改进优先级...): one step per row in row order, one lane per department,
    durations in days per order, problems with type and priority. A malformed cell is
    reported with its sheet, row and column, and nothing is written; unknown columns
    are warnings. CSV may be UTF-8 (with or without BOM), GB18030 or Big5. See
    docs/spreadsheets.md.

    \b
    Example:
      sopdocs import survey survey.xlsx --sheet 现状 -o processes/sales/current.yaml
      sopdocs import survey survey.csv
    """
    from .sheets import import_survey_file

    outcome = import_survey_file(file, output, sheet, force)
    if outcome.target is None:
        click.echo(outcome.text, nl=False)
    else:
        click.echo(f"wrote {outcome.target}", err=True)
    for diagnostic in outcome.warnings:
        click.echo(format_parsable([diagnostic]), err=True)


@import_group.command("bpmn")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File to write (one pool), or folder (one file per pool); default: standard output.")
@click.option("--pool", default=None, metavar="ID", help="Import only this participant (or process) id.")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@boundary
def import_bpmn_command(file, output, pool, force):
    """Read a BPMN 2.0 file (Camunda, bpmn.io, Signavio, ARIS, Bizagi...) into process files.

    Each pool becomes a process: lanes (nested ones named by their path), tasks, events,
    gateways and flows. What sopdocs has no place for (message flows, boundary events,
    data objects...) is printed as a warning with its position, and listed at the top
    of the file. The result is validated; exit 1 when it still has errors to fix.

    \b
    Example:
      sopdocs import bpmn model.bpmn -o processes/imported/
      sopdocs import bpmn model.bpmn --pool Participant_Sales -o processes/sales.yaml
    """
    from .exchange.bpmn_import import check_imported, import_bpmn

    results = import_bpmn(file, pool)
    targets = _import_targets(results, output)
    diagnostics = []
    for result, target in zip(results, targets):
        diagnostics += result.warnings
        diagnostics += check_imported(result, str(target or f"<{result.process.id}>"))
    if targets[0] is None:
        click.echo(results[0].text, nl=False)
    else:
        from .atomic import write_text_atomic

        for result, target in zip(results, targets):
            if target.exists() and not force:
                raise SopdocsError(f"{target} already exists; use --force to overwrite it")
        for result, target in zip(results, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, result.text)
            click.echo(f"wrote {target}", err=True)
    for diagnostic in diagnostics:
        click.echo(format_parsable([diagnostic]), err=True)
    sys.exit(1 if any(d.is_error for d in diagnostics) else 0)


def _import_targets(results, output) -> list:
    """Where each imported pool goes: None for standard output."""
    if output is None:
        if len(results) > 1:
            raise click.UsageError(f"the file has {len(results)} pools: give a folder with -o"
                                   " (one file per pool) or choose one with --pool")
        return [None]
    folder = Path(output)
    if len(results) > 1 or folder.is_dir() or output.endswith(("/", os.sep)):
        return [folder / f"{result.process.id}.yaml" for result in results]
    return [folder]


def main():
    """Entry point of the `sopdocs` console script."""
    cli(prog_name="sopdocs")
