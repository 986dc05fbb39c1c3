"""The `sopdocs` command line: a thin shell over the library.

The library raises SopdocsError (and InvalidProcessError with diagnostics); this module
is the one boundary that turns them into messages and exit codes: 0 success, 1 errors in
the input, 2 usage errors. Only this module imports click.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .diagnostics import InvalidProcessError, SopdocsError
from .report import FORMATS, format_github, format_json, format_parsable, summary_line

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _print_diagnostics(diagnostics, output_format: str = "parsable", files: int = 1) -> None:
    if output_format == "json":
        click.echo(format_json(diagnostics, files))
    elif output_format == "github":
        click.echo(format_github(diagnostics))
    else:
        if diagnostics:
            click.echo(format_parsable(diagnostics))
        click.echo(summary_line(diagnostics, files), err=True)


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
              show_default=True, help="parsable: path:line:col lines; github: Actions annotations; json.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@boundary
def validate(paths, output_format, strict):
    """Check process files and report every problem with file:line:col.

    PATHS are files or folders (default: processes/). Exit status: 0 clean, 1 errors
    (or warnings with --strict), 2 usage error.

    \b
    Example:
      sopdocs validate processes/ --format github
    """
    from .validate import validate_paths

    if not paths:
        if not Path("processes").is_dir():
            raise click.UsageError("no PATH given and there is no processes/ folder here")
        paths = ("processes",)
    report = validate_paths(paths)
    diagnostics = report.diagnostics
    _print_diagnostics(diagnostics, output_format, len(report.files))
    failing = [d for d in diagnostics if d.is_error or strict]
    sys.exit(1 if failing else 0)


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
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@boundary
def schema(output):
    """Print the JSON Schema (draft 2020-12) of the process format, for editors.

    \b
    Example:
      sopdocs schema -o sopdocs.schema.json
    """
    from .atomic import write_text_atomic
    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        write_text_atomic(Path(output), text)
    else:
        click.echo(text, nl=False)


@cli.group()
def render():
    """Render one process as a diagram (flowchart, timeline, Mermaid).

    \b
    Example:
      sopdocs render flowchart processes/sales/quote-approval.yaml -o quote.svg
    """


# Subcommands of `render` and the analysis commands are defined below, one function each.


def main():
    """Entry point of the `sopdocs` console script."""
    cli(prog_name="sopdocs")
