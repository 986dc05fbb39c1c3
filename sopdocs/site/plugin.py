"""The MkDocs adapter: a plugin that adds the generated pages to a build, and the
build/serve entry points the CLI uses. The only module that imports MkDocs."""

from __future__ import annotations

import datetime
import gc
import glob
import logging
import os
import shutil
import tempfile
from pathlib import Path

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from ..atomic import recover_interrupted_swap, swap_directory
from ..diagnostics import InvalidProcessError, SopdocsError
from ..report import format_parsable
from ..render.engine import engine_version
from ..validate._pool import default_jobs
from .assets import CSS_PATH, SHIM_CDN, SHIM_PATH, VIEWER_PATH
from .builddate import build_date
from .cache import DEFAULT_CACHE_DIR, BuildCache
from .diagrams import insert_diagrams
from .generate import generate_site
from .handbook import load_handbook
from .links import url_from
from .markup import escape_head_title, kept_sanitized
from .options import PageOptions
from .section_memo import usable
from .serve_theme import remember_theme_files
from .serve_watch import watch_at_once
from .session import ServeSession
from .stored import LazyText
from .pagelang import has_catalog, localise_headerlinks, set_html_lang, theme_language
from .segment import teach_traditional_words

log = logging.getLogger("mkdocs.plugins.sopdocs")


class SopdocsConfig(Config):
    """Options under `plugins: - sopdocs:` in mkdocs.yml."""

    processes = opt.Type(str, default="processes")
    language = opt.Optional(opt.Type(str))
    catalogs = opt.Type(str, default="locales")
    allow_html = opt.Type(bool, default=False)
    engine = opt.Choice(("auto", "dot", "graphviz-pure"), default="auto")
    jobs = opt.Type(int, default=0)
    cache_dir = opt.Optional(opt.Type(str))
    cache = opt.Type(bool, default=True)
    build_date = opt.Optional(opt.Type((str, datetime.date)))  # issue 12: YYYY-MM-DD for overdue actions
    history = opt.Type(int, default=20)  # issue 16: revisions listed per process page (0: none)
    forecast_runs = opt.Type(int, default=10_000)  # issue 15: Monte Carlo runs per process (0: none)
    forecast_seed = opt.Type(int, default=15)  # issue 15: the same seed gives the same figures


class _Generated(File):
    """A generated file that tells MkDocs's dirty build whether it changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _MemoryBytecode(jinja2.BytecodeCache):
    """A Jinja bytecode cache in memory (for the serve session's rebuilds)."""

    def __init__(self):
        self.codes = {}

    def load_bytecode(self, bucket):
        code = self.codes.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket):
        self.codes[(bucket.key, bucket.checksum)] = bucket.code


class SopdocsPlugin(BasePlugin[SopdocsConfig]):
    """Generates the handbook's pages from the processes folder during an MkDocs build.

    Under `sopdocs serve` the instance lives for the whole session (MkDocs keeps plugins
    that have `on_startup`): it keeps the cache in memory and a `ServeSession`, and the
    rebuilds are dirty builds that convert only the pages whose text changed.
    """

    session = None

    def on_startup(self, command, dirty):
        """Start a serve session (remembered state between rebuilds) for dirty serves."""
        self.session = ServeSession() if command == "serve" and dirty else None
        if self.session is not None:
            remember_theme_files()

    def on_config(self, config):
        """Validate the processes before anything else, and link the stylesheet and script."""
        import jieba

        jieba.setLogLevel(logging.WARNING)  # its "building prefix dict" notes are not warnings
        base = Path(config.config_file_path or ".").resolve().parent
        if self.config.language:  # Material's own words (search, navigation) follow it too
            config.theme["language"] = theme_language(self.config.language, config.theme.dirs)
        self.language = self.config.language or str(config.theme.get("language") or "en")
        self.permalink_title = str((config.mdx_configs.get("toc") or {}).get("permalink_title")
                                   or "Permanent link")
        self.processes = base / self.config.processes
        self.catalogs = (base / self.config.catalogs,)
        if not has_catalog(self.language, self.catalogs):
            log.warning("sopdocs: no catalog for language '%s', so sopdocs' own words are English;"
                        " add %s/%s.po (see docs/translations.md)", self.language,
                        self.config.catalogs, self.language)
        preloaded, self.cache = getattr(self, "preloaded", None), getattr(self, "precache", None)
        self.preloaded = self.precache = None  # a serve rebuild reads the files again
        self.cache = self.cache or self._session_cache(_cache(self.config, base))
        if preloaded is not None and preloaded.root == self.processes:
            self.handbook = preloaded
        else:
            self.handbook = _load(self.processes, self.cache)
        teach_traditional_words((entry.process for entry in self.handbook.entries), self.language)
        if CSS_PATH not in config.extra_css:
            config.extra_css.append(CSS_PATH)
        if VIEWER_PATH not in config.extra_javascript:
            config.extra_javascript.append(VIEWER_PATH)
        return config

    def on_files(self, files, config):
        """Generate the pages and assets (URLs are final now) and add them to the build."""
        try:
            options = PageOptions(processes=self.processes, language=self.language, catalogs=self.catalogs,
                                  allow_html=self.config.allow_html, engine=self.config.engine,
                                  directory_urls=config.use_directory_urls,
                                  build_date=build_date(self.config.build_date),
                                  history=max(self.config.history, 0), forecast_seed=self.config.forecast_seed,
                                  forecast_runs=max(self.config.forecast_runs, 0))
            workers = self.config.jobs if self.config.jobs > 0 else default_jobs()
            self.site = generate_site(self.handbook, options, self.cache, workers)
        except SopdocsError as error:
            raise PluginError(str(error)) from None
        for warning in self.site.warnings:
            log.warning("sopdocs: %s", warning)
        everything_changed = self.session is None or self.session.changed("nav", *_nav_outline(self.site.pages))
        self.page_assets = {}
        for path, content in {**self.site.pages, **self.site.assets}.items():
            if files.get_file_from_path(path) is not None:
                log.warning("sopdocs: %s/%s exists, so the generated one is not used", config.docs_dir, path)
                continue
            if isinstance(content, LazyText):  # written with its page (see on_post_page)
                self.page_assets.setdefault(content.page, []).append((path, content))
                continue
            generated = _Generated.generated(config, path, content=content)
            figures = self.site.figures.get(path)
            changed = self.session is None or self.session.changed(
                path, content, figures.fingerprint if figures is not None else "")
            generated.changed = changed or everything_changed
            files.append(generated)
        if self.session is not None and everything_changed:
            for file in files.documentation_pages():  # hand-written pages show the nav too
                if not isinstance(file, _Generated):
                    file.is_modified = lambda: True
        return files

    def _session_cache(self, cache: BuildCache) -> BuildCache:
        """Under serve, one cache (with its memory) for the whole session."""
        if self.session is None:
            return cache
        kept = getattr(self, "_kept_cache", None)
        if kept is None or (kept.folder, kept.salt) != (cache.folder, cache.salt):
            cache.memory = {}
            self._kept_cache = kept = cache
        return kept

    def on_env(self, env, config, files):
        """Serve: compile the theme's templates once a session, not once a rebuild."""
        if self.session is not None:
            self.templates = getattr(self, "templates", None) or _MemoryBytecode()
            env.bytecode_cache = self.templates
        return env

    def on_nav(self, nav, config, files):
        """Serve: give the pages a dirty build skips the titles they had (for the nav)."""
        if self.session is not None:
            _no_search_merge(config)
            self.page_order = [file.page.url if file.page is not None else file.url
                               for file in files.documentation_pages()]  # as search locations
            for file in files.documentation_pages():
                if file.page is not None and not file.is_modified() and file.src_uri in self.session.titles:
                    file.page.title = self.session.titles[file.src_uri]
            self.session.rebuilt = set()
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        """Serve: role pages convert only the process sections that changed."""
        if self._memo_sections(page, config):
            return self.session.sections.markdown(page.file.src_uri, markdown)
        return markdown

    def _memo_sections(self, page, config) -> bool:
        return (self.session is not None and page.file.src_uri.startswith("roles/")
                and page.file.src_uri in self.site.pages
                and usable(config.markdown_extensions))

    def on_page_content(self, html, page, config, files):
        """Sanitise generated pages (their diagrams come after search indexing)."""
        if page.file.src_uri not in self.site.pages:
            return html
        if self._memo_sections(page, config):
            html = self.session.sections.content(page.file.src_uri, html)
        texts = self.site.languages[page.file.src_uri]
        return localise_headerlinks(kept_sanitized(html, self.cache), texts, self.permalink_title)

    def on_post_page(self, output, page, config):
        """Insert the page's diagrams (here, so neither Markdown nor the search index
        parses their SVG); escape the head's title (see escape_head_title); offline
        builds: load Material's file:// worker shim from the site, not a CDN."""
        if page.file.src_uri in self.site.pages:
            output = self._with_diagrams(output, page.file.src_uri, Path(config.site_dir))
        output = escape_head_title(output, page.title)
        if self.session is not None:
            self.session.titles[page.file.src_uri] = page.title
            self.session.rebuilt.add(page.url)
        texts = self.site.languages.get(page.file.src_uri)
        if texts is not None:
            output = set_html_lang(output, texts.tag)
        if SHIM_CDN in output:
            output = output.replace(SHIM_CDN, url_from(page.url, SHIM_PATH))
        return output

    def _with_diagrams(self, output: str, path: str, site_dir: Path) -> str:
        """The page's HTML with its figures in; its full-size files written beside it
        (waiting for the layout of either when a worker has not finished it yet)."""
        figures = self.site.figures.get(path)
        try:
            markup, warnings = figures.load_with_warnings() if figures is not None else ({}, [])
            for asset, content in self.page_assets.get(path, ()):
                target = site_dir / asset
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content.text(), encoding="utf-8")
        except SopdocsError as error:
            raise PluginError(str(error)) from None
        for warning in warnings:
            log.warning("sopdocs: %s", warning)
        return insert_diagrams(output, markup)

    def on_build_error(self, error):
        """Stop the layout workers of a failed build."""
        site = getattr(self, "site", None)
        if site is not None:
            site.close(cancel=True)

    def on_post_build(self, config):
        """Stop the layout workers. Serve: put the skipped pages back into the search
        index. Build: forget cache entries no build has used for 30 days."""
        self.site.close()
        if self.session is None:
            self.cache.prune()
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            merged = self.session.merge_search_index(index.read_text(encoding="utf-8"), self.page_order)
            index.write_text(merged, encoding="utf-8")
        if not self.session.frozen:
            # what the first build leaves (handbook, cache memory, theme) lives as long as
            # the session: keep the collector's full passes of later rebuilds off it
            gc.collect()
            gc.freeze()
            self.session.frozen = True

    def on_serve(self, server, config, builder):
        """Rebuild when a process file changes, noticed at once (inotify where the
        system has it) rather than at MkDocs's next half-second poll."""
        if watch_at_once(server, self.processes) is None:
            server.watch(str(self.processes))
        return server


def _no_search_merge(config) -> None:
    """Turn off Material's own dirty-serve merge of the search index (it assumes one
    rebuilt page); `ServeSession.merge_search_index` merges for any number of pages."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None


def _nav_outline(pages: dict) -> list[str]:
    """Each generated page with its first heading: when this changes, the navigation
    of every page changes, so a dirty serve rebuild must convert them all."""
    outline = []
    for path, text in pages.items():
        heading = next((line for line in text.splitlines() if line.startswith("# ")), "")
        outline.append(f"{path}\t{heading}")
    return outline


def _cache(config: SopdocsConfig, base: Path) -> BuildCache:
    """The build cache the options ask for (`cache: false`: none); its salt names the
    layout engine and its version, so a new engine never reuses old layouts."""
    folder = base / (config.cache_dir or DEFAULT_CACHE_DIR) if config.cache else None
    try:
        salt = engine_version(config.engine)
    except SopdocsError:
        salt = "no engine"  # reported when a diagram is laid out
    return BuildCache(folder, salt=salt)


def _load(processes: Path, cache: BuildCache):
    try:
        return load_handbook(processes, cache=cache)
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


def _validate_first(config, jobs: int | None = None, cache_dir: str | None = None,
                    cache: bool = True) -> None:
    """Report invalid process files as diagnostics before MkDocs starts (and logs them);
    the plugin then uses this handbook (each file is read and validated once a build).
    `jobs`, `cache_dir` and `cache=False` override the plugin's options (command line)."""
    plugin = config.plugins.get("sopdocs")
    if plugin is None:
        raise SopdocsError("mkdocs.yml does not enable the sopdocs plugin (plugins: - sopdocs)")
    plugin.session = None  # MkDocs keeps plugin instances per process: never a serve's state
    if jobs is not None:
        plugin.config.jobs = jobs
    if cache_dir is not None:
        plugin.config.cache_dir = cache_dir
    if not cache:
        plugin.config.cache = False
    base = Path(config.config_file_path or ".").resolve().parent
    plugin.precache = _cache(plugin.config, base)
    workers = plugin.config.jobs if plugin.config.jobs > 0 else default_jobs()
    plugin.preloaded = load_handbook(base / plugin.config.processes, cache=plugin.precache,
                                     workers=workers)


def _remove_stale_builds(target: Path) -> None:
    """Remove the temporary folders of earlier builds that were killed before they could
    clean up (`.site.building-*` beside `site/`); one build per site folder at a time."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.building-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def build_site(config_file: str, site_dir: str, strict: bool = False, offline: bool = False,
               jobs: int | None = None, cache_dir: str | None = None, cache: bool = True) -> None:
    """Build the handbook into `site_dir`, replacing it only when the build succeeded.

    `jobs` (default: the plugin's option, else all cores), `cache_dir` and `cache`
    override the plugin's options."""
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
        _validate_first(config, jobs, cache_dir, cache)
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
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    serve(config_file=config_file, dev_addr=dev_addr, livereload=True, build_type="dirty")


class _DirtyNotice(logging.Filter):
    """Hide MkDocs's warning that a dirty build may leave navigation stale: the plugin
    rebuilds every page when the navigation changes (see `_nav_outline`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")
