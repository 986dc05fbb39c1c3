"""`sopdocs init`: the files of a new handbook, rendered from the package's templates.

A handbook is a `mkdocs.yml`, a `processes/` folder with one starter process, a
`handbook/` folder for hand-written pages, the JSON Schema with the editor settings that
use it, a pre-commit configuration and, on request, a CI workflow. Nothing is written
when any file (other than `.gitignore`, which is merged) already exists, unless forced.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import __version__
from .atomic import write_text_atomic
from .diagnostics import SopdocsError
from .render.diffreport import REPORT_MARKER
from .schema import schema_text
from .templates import LANGUAGES, language_texts, render

CI_FILES = {"github": ".github/workflows/handbook.yml", "gitlab": ".gitlab-ci.yml"}
CI_CHOICES = (*CI_FILES, "none")
DEFAULT_REQUIREMENT = f"sopdocs=={__version__}"
GITIGNORE = ".gitignore"
STARTER = "processes/quote-approval.yaml"


def handbook_files(language: str = "en", ci: str = "none",
                   requirement: str = DEFAULT_REQUIREMENT) -> dict[str, str]:
    """Relative path → text of every file `sopdocs init` writes, sorted by path."""
    if language not in LANGUAGES:
        raise SopdocsError(f"unknown language '{language}'; use one of {', '.join(LANGUAGES)}")
    if ci not in CI_CHOICES:
        raise SopdocsError(f"unknown CI '{ci}'; use one of {', '.join(CI_CHOICES)}")
    _check_requirement(requirement)
    values = {"language": language, "requirement": requirement, "marker": REPORT_MARKER}
    files = {
        "mkdocs.yml": render("mkdocs.yml.j2", builtin=False, texts=language_texts(language),
                             docs_dir="handbook", site_dir="site", processes="processes", **values),
        STARTER: render(f"{language}/quote-approval.yaml"),
        "handbook/about.md": render(f"{language}/about.md"),
        GITIGNORE: render("gitignore.j2"),
        "sopdocs.schema.json": schema_text(),
        ".vscode/settings.json": render("vscode-settings.json.j2"),
        ".vscode/extensions.json": render("vscode-extensions.json.j2"),
        ".pre-commit-config.yaml": render("pre-commit-config.yaml.j2", **values),
    }
    if ci != "none":
        files[CI_FILES[ci]] = render(f"{ci}-{'workflow' if ci == 'github' else 'ci'}.yml.j2", **values)
    return dict(sorted(files.items()))


def _check_requirement(requirement: str) -> None:
    if not requirement.strip() or len(requirement) > 500 or re.search(r"[\x00-\x1f\x7f]", requirement):
        raise SopdocsError("the sopdocs requirement must be one line of at most 500 characters, "
                           "e.g. 'sopdocs==0.1.0' or 'sopdocs @ git+https://example.org/sopdocs@v0.1.0'")


def init_handbook(root: Path, language: str = "en", ci: str = "none",
                  requirement: str = DEFAULT_REQUIREMENT, force: bool = False) -> list[tuple[str, str]]:
    """Write a new handbook into `root`; return (action, relative path) for each file.

    Raises SopdocsError, before writing anything, when a file exists (unless `force`)
    or a path is taken by a folder. `.gitignore` is merged: missing lines are appended.
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise SopdocsError(f"{root} is a file; give a folder for the new handbook")
    files = handbook_files(language, ci, requirement)
    folders = [path for path in files if (root / path).is_dir()]
    if folders:
        raise SopdocsError(f"{', '.join(folders)}: a folder is in the way of a file sopdocs init "
                           "writes; move it, then rerun (nothing was written)")
    taken = [path for path in files if path != GITIGNORE and (root / path).exists()]
    if taken and not force:
        raise SopdocsError(f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''} in "
                           f"{root}; rerun with --force to overwrite (nothing was written)")
    done = []
    for path, text in files.items():
        target = root / path
        action = "overwrote" if target.exists() else "wrote"
        if path == GITIGNORE and target.exists():
            text, action = _merged_gitignore(target.read_text(encoding="utf-8"), text)
            if text is None:
                continue
        write_text_atomic(target, text)
        done.append((action, path))
    return done


def _merged_gitignore(existing: str, wanted: str):
    """The existing .gitignore with the lines it lacks appended, or (None, '') if complete."""
    have = {line.strip() for line in existing.splitlines()}
    missing = [line for line in wanted.splitlines() if line.strip() and line.strip() not in have]
    if not [line for line in missing if not line.startswith("#")]:
        return None, ""
    separator = "" if not existing or existing.endswith("\n") else "\n"
    return existing + separator + "\n".join(missing) + "\n", "updated"
