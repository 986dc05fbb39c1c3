"""Swimlane flowcharts: laid out by sopdocs, drawn by the layout engine in one pass.

`flowchart_layout` computes the geometry itself (`lanelayout.swimlane_layout`: steps
on a grid of ranks, lanes in declared order and tracks, arrows routed orthogonally
through the gaps, branch labels placed clear of the boxes), turns it into DOT where
every node, lane and arrow has its position (`flowdot`), and lets the engine draw
that in a single pinned `neato -n2` pass. Every node's size is measured by sopdocs
(`flowshapes`), so both engines draw the same boxes. `flowchart_dot` returns that
positioned DOT (built with the `graphviz` package, which quotes identifiers).

`flowchart_svg` runs the engine and post-processes the SVG (ids, classes, titles,
links, no engine comments); see `engine` and `svgpost`.
"""

from __future__ import annotations

from typing import Mapping, Optional

import graphviz

from ..diagnostics import SopdocsError
from ..i18n import Texts
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Process, Step
from .flowdot import ENGINE_ARGS, StepHref, positioned_graph
from .lanelayout import swimlane_layout

DIRECTIONS = ("vertical", "horizontal")
_METRICS_WARNINGS = ("no value for width of non-ASCII character", "no hard-coded metrics for")


def default_step_href(step: Step) -> str:
    """Link of a step: its section `#step-<id>` on the process page."""
    return f"#step-{step.id}"


def flowchart_graph(process: Process, direction: str = "vertical",
                    diff_status: Optional[Mapping[str, str]] = None,
                    critical: Optional[set[str]] = None,
                    step_href: Optional[StepHref] = None, *,
                    texts: Optional[Texts] = None) -> graphviz.Digraph:
    """The swimlane flowchart of `process` as a positioned `graphviz.Digraph`.

    `diff_status` maps step id → added/removed/changed, `critical` holds the step ids
    of the critical path, `step_href` gives each step's link (default `#step-<id>`;
    return None for no link); `texts`: the words drawn (default: the process's language).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    layout = swimlane_layout(process, direction, texts=texts)
    return positioned_graph(process, layout, diff_status, critical, step_href or default_step_href,
                            texts=texts)


def flowchart_dot(process: Process, direction: str = "vertical",
                  diff_status: Optional[Mapping[str, str]] = None,
                  critical: Optional[set[str]] = None,
                  step_href: Optional[StepHref] = None, *, texts: Optional[Texts] = None) -> str:
    """The positioned DOT source of the swimlane flowchart (see `flowchart_graph`);
    draw it with `neato -n2`."""
    return flowchart_graph(process, direction, diff_status, critical, step_href, texts=texts).source


def flowchart_layout(process: Process, direction: str = "vertical", engine: str = "auto",
                     diff_status: Optional[Mapping[str, str]] = None,
                     critical: Optional[set[str]] = None,
                     step_href: Optional[StepHref] = None,
                     limits: Limits = DEFAULT_LIMITS, *, texts: Optional[Texts] = None):
    """Lay out the flowchart and draw it with the engine (one pinned pass); returns
    `engine.Layout`.

    The links only become attributes, so one layout can be post-processed several
    times with different `step_href`s (`svgpost.postprocess_flowchart`), as long as
    every step that should be a link has one here.
    """
    from .engine import resolve_engine, run_layout

    resolve_engine(engine)  # a missing engine is not this process's fault: say so plainly
    source = flowchart_dot(process, direction, diff_status, critical, step_href, texts=texts)
    return _named(process, run_layout, source, engine=engine,
                  timeout=limits.engine_timeout_seconds, extra_args=ENGINE_ARGS)


def flowchart_svg(process: Process, direction: str = "vertical", engine: str = "auto",
                  diff_status: Optional[Mapping[str, str]] = None,
                  critical: Optional[set[str]] = None,
                  step_href: Optional[StepHref] = None,
                  limits: Limits = DEFAULT_LIMITS, id_prefix: str = "",
                  embed_style: bool = True, *, texts: Optional[Texts] = None):
    """Lay out and post-process the flowchart; returns `svgpost.Rendered` (svg, warnings).

    `id_prefix` goes in front of every id (for pages that inline several diagrams);
    `embed_style=False` leaves out the `<style>` when the page links the stylesheet.
    """
    layout = flowchart_layout(process, direction, engine, diff_status, critical, step_href, limits,
                              texts=texts)
    return finish_flowchart(layout, process, step_href, id_prefix, embed_style, texts=texts)


def finish_flowchart(layout, process: Process, step_href: Optional[StepHref] = None,
                     id_prefix: str = "", embed_style: bool = True, *,
                     texts: Optional[Texts] = None):
    """Post-process a layout from `flowchart_layout` into `svgpost.Rendered` (`texts`:
    the words of the tooltips and description, as given to the layout)."""
    from .svgpost import postprocess_flowchart

    return _named(process, postprocess_flowchart, layout, process, step_href or default_step_href,
                  id_prefix=id_prefix, embed_style=embed_style,
                  warnings=relevant_warnings(layout.warnings), texts=texts)


def _named(process: Process, run, *args, **kwargs):
    """Run a layout step; a failure or timeout says which process it was laying out (a
    handbook build lays out many)."""
    try:
        return run(*args, **kwargs)
    except SopdocsError as error:
        raise SopdocsError(f"{process.path}: the flowchart of process '{process.id}'"
                           f" could not be laid out: {error}") from None


def relevant_warnings(warnings: tuple[str, ...]) -> tuple[str, ...]:
    """The engine's warnings minus those about its own font metrics.

    sopdocs measures every label itself and gives every node an explicit size, so the
    engine's text metrics never decide a size; its complaints that it lacks metrics for
    a font or for non-ASCII characters are expected and say nothing about the input.
    Everything else is passed on.
    """
    return tuple(warning for warning in warnings
                 if not any(pattern in warning for pattern in _METRICS_WARNINGS))
