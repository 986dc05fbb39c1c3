"""The MkDocs adapter: a plugin that adds the generated pages to a build, and the
build/serve entry points the CLI uses. The only module that imports MkDocs."""

from __future__ import annotations

import glob
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from ..atomic import recover_interrupted_swap, swap_directory
from ..diagnostics import InvalidProcessError, SopdocsError
from ..report import format_parsable
from .assets import CSS_PATH, SHIM_CDN, SHIM_PATH
from .diagrams import insert_diagrams
from .generate import generate_site
from .handbook import load_handbook
from .links import url_from
from .markup import escape_head_title, sanitize_html
from .options import PageOptions

log = logging.getLogger("mkdocs.plugins.sopdocs")


class SopdocsConfig(Config):
    """Options under `plugins: - sopdocs:` in mkdocs.yml."""

    processes = opt.Type(str, default="processes")
    language = opt.Optional(opt.Choice(("en", "zh", "zh-Hans", "zh-Hant")))
    allow_html = opt.Type(bool, default=False)
    engine = opt.Choice(("auto", "dot", "graphviz-pure"), default="auto")


class SopdocsPlugin(BasePlugin[SopdocsConfig]):
    """Generates the handbook's pages from the processes folder during an MkDocs build."""

    def on_config(self, config):
        """Validate the processes before anything else, and link the stylesheet."""
        import jieba

        jieba.setLogLevel(logging.WARNING)  # its "building prefix dict" notes are not warnings
        base = Path(config.config_file_path or ".").resolve().parent
        self.language = self.config.language or str(config.theme.get("language") or "en")
        self.processes = base / self.config.processes
        self.handbook = _load(self.processes)
        if CSS_PATH not in config.extra_css:
            config.extra_css.append(CSS_PATH)
        return config

    def on_files(self, files, config):
        """Generate the pages and assets (URLs are final now) and add them to the build."""
        options = PageOptions(processes=self.processes, language=self.language,
                              allow_html=self.config.allow_html, engine=self.config.engine,
                              directory_urls=config.use_directory_urls)
        try:
            self.site = generate_site(self.handbook, options)
        except SopdocsError as error:
            raise PluginError(str(error)) from None
        for warning in self.site.warnings:
            log.warning("sopdocs: %s", warning)
        for path, content in {**self.site.pages, **self.site.assets}.items():
            if files.get_file_from_path(path) is not None:
                log.warning("sopdocs: %s/%s exists, so the generated one is not used", config.docs_dir, path)
                continue
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_content(self, html, page, config, files):
        """Sanitise generated pages, then insert their diagrams."""
        figures = self.site.figures.get(page.file.src_uri)
        if page.file.src_uri not in self.site.pages:
            return html
        return insert_diagrams(sanitize_html(html), figures or {})

    def on_post_page(self, output, page, config):
        """Escape the head's title (see escape_head_title); offline builds: load
        Material's file:// worker shim from the site, not a CDN."""
        output = escape_head_title(output, page.title)
        if SHIM_CDN in output:
            output = output.replace(SHIM_CDN, url_from(page.url, SHIM_PATH))
        return output

    def on_serve(self, server, config, builder):
        """Rebuild when a process file changes."""
        server.watch(str(self.processes))
        return server


def _load(processes: Path):
    try:
        return load_handbook(processes)
    except InvalidProcessError as error:
        failure = PluginError("invalid process files:\n" + format_parsable(error.diagnostics))
        failure.diagnostics = error.diagnostics
        raise failure from None
    except SopdocsError as error:
        raise PluginError(str(error)) from None


def _watch_logging() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    return handler


def _validate_first(config) -> None:
    """Report invalid process files as diagnostics before MkDocs starts (and logs them)."""
    plugin = config.plugins.get("sopdocs")
    if plugin is None:
        raise SopdocsError("mkdocs.yml does not enable the sopdocs plugin (plugins: - sopdocs)")
    base = Path(config.config_file_path or ".").resolve().parent
    load_handbook(base / plugin.config.processes)


def _remove_stale_builds(target: Path) -> None:
    """Remove the temporary folders of earlier builds that were killed before they could
    clean up (`.site.building-*` beside `site/`); one build per site folder at a time."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.building-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def build_site(config_file: str, site_dir: str, strict: bool = False, offline: bool = False) -> None:
    """Build the handbook into `site_dir`, replacing it only when the build succeeded."""
    from mkdocs.commands.build import build

    if offline:
        os.environ["SOPDOCS_OFFLINE"] = "true"
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(target)
    _remove_stale_builds(target)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    handler = _watch_logging()
    try:
        config = load_config(config_file, site_dir=str(temporary), strict=strict)
        _validate_first(config)
        build(config)
        swap_directory(temporary, target)
    except PluginError as error:
        if getattr(error, "diagnostics", None):
            raise InvalidProcessError(error.diagnostics) from None
        raise SopdocsError(str(error)) from None
    except Exception as error:
        if type(error).__module__.startswith("mkdocs"):
            raise SopdocsError(f"the MkDocs build failed: {error}") from None
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def serve_site(config_file: str, dev_addr: str | None = None) -> None:
    """Serve the handbook with live reload (MkDocs's server), rebuilding on YAML changes."""
    from mkdocs.commands.serve import serve

    _watch_logging()
    serve(config_file=config_file, dev_addr=dev_addr, livereload=True)
