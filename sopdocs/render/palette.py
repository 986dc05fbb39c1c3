"""The default palette: CSS classes and custom properties shared by every diagram.

Diagrams never hard-code colours on their shapes. They carry classes (`lane`,
`lane-<n>`, `step`, `task`, `decision`, `critical`, `added`, `removed`, `changed`, ...)
and this stylesheet maps the classes to CSS custom properties (`--sopdocs-*`) with a
light and a dark default. A handbook restyles a diagram by overriding the properties,
e.g. `[data-md-color-scheme="slate"] .sopdocs-diagram { --sopdocs-lane-0-fill: #123; }`.

Lane colours go by lane index (declared order), cycling through LANE_COUNT colours, so
the flowchart and the timeline give a lane the same colour.
"""

from __future__ import annotations

from .textmetrics import FONT_STACKS

ROOT_CLASS = "sopdocs-diagram"
"""Class on the root `<svg>` of every diagram; the stylesheet is scoped to it."""

# (lane background, lane border/bar colour) per lane index, light and dark.
_LANES_LIGHT = (
    ("#eaf2fb", "#3d7cc9"), ("#eaf7ee", "#2f9a55"), ("#fdf3e6", "#c7781a"),
    ("#f4eefb", "#8156c2"), ("#e8f6f7", "#22929b"), ("#fbeef2", "#c2456f"),
    ("#f2f4e8", "#7d8a26"), ("#eef0f3", "#5f6b7a"),
)
_LANES_DARK = (
    ("#1b2633", "#6fa8ee"), ("#1a2b21", "#63c486"), ("#2f2619", "#e8a457"),
    ("#272033", "#ad8be6"), ("#172a2c", "#5cc3cb"), ("#2f1c23", "#e77b9f"),
    ("#262918", "#b4c25a"), ("#22262c", "#9aa6b5"),
)
LANE_COUNT = len(_LANES_LIGHT)

_BASE_LIGHT = {
    "background": "#ffffff",
    "text": "#1f2328",
    "muted-text": "#555d66",
    "line": "#5b636d",
    "step-fill": "#ffffff",
    "step-stroke": "#4b535c",
    "decision-fill": "#fff8e1",
    "terminal-fill": "#e9ecef",
    "critical": "#d1242f",
    "added": "#1a7f37",
    "added-fill": "#e6f6ea",
    "removed": "#cf222e",
    "removed-fill": "#fdecee",
    "changed": "#9a6700",
    "changed-fill": "#fff5d6",
    "problem": "#a84400",  # 4.5:1 or more on every light step fill (removed: 5.27)
}
_BASE_DARK = {
    "background": "#1e2129",
    "text": "#e6edf3",
    "muted-text": "#a5afbb",
    "line": "#9aa4b0",
    "step-fill": "#2b303b",
    "step-stroke": "#8b949e",
    "decision-fill": "#3a3320",
    "terminal-fill": "#3a3f4a",
    "critical": "#ff7b72",
    "added": "#56d364",
    "added-fill": "#1f3325",
    "removed": "#ff7b72",
    "removed-fill": "#3d2224",
    "changed": "#e3b341",
    "changed-fill": "#3a3220",
    "problem": "#ffa657",
}

# Rules that map classes to properties. `{root}` is `svg.sopdocs-diagram`; the
# flowchart's rules are scoped to `.flowchart` so other diagrams keep their own.
_RULES = """
{root} {{ font-family: {font}; text-rendering: geometricPrecision; }}
{root} .background {{ fill: var(--sopdocs-background); stroke: none; }}
{root} text {{ fill: var(--sopdocs-text); stroke: none; }}
{root} text.muted {{ fill: var(--sopdocs-muted-text); }}
{fc} .lane > polygon {{ stroke-width: 1; }}
{lane_rules}
{fc} .lane-title > polygon {{ stroke: none; }}
{fc} .lane-title text, {fc} text.problem-badge {{ font-weight: 700; }}
{fc} text.problem-badge {{ fill: var(--sopdocs-problem); }}
{fc} .step polygon, {fc} .step path, {fc} .step ellipse {{
  fill: var(--sopdocs-step-fill); stroke: var(--sopdocs-step-stroke); stroke-width: 1.2; }}
{fc} .step.decision polygon {{ fill: var(--sopdocs-decision-fill); }}
{fc} .step.subprocess polygon + polygon {{ fill: none; }}
{fc} .step.start ellipse, {fc} .step.end ellipse, {fc} .step.parallel polygon {{
  fill: var(--sopdocs-terminal-fill); }}
{fc} .step.critical polygon, {fc} .step.critical path, {fc} .step.critical ellipse {{
  stroke: var(--sopdocs-critical); stroke-width: 2.5; }}
{fc} .step.added polygon, {fc} .step.added path, {fc} .step.added ellipse {{
  fill: var(--sopdocs-added-fill); stroke: var(--sopdocs-added); stroke-width: 2; }}
{fc} .step.removed polygon, {fc} .step.removed path, {fc} .step.removed ellipse {{
  fill: var(--sopdocs-removed-fill); stroke: var(--sopdocs-removed); stroke-width: 2;
  stroke-dasharray: 5 3; }}
{fc} .step.removed text.label {{ text-decoration: line-through; }}
{fc} .step.changed polygon, {fc} .step.changed path, {fc} .step.changed ellipse {{
  fill: var(--sopdocs-changed-fill); stroke: var(--sopdocs-changed); stroke-width: 2; }}
{fc} .edge path {{ fill: none; stroke: var(--sopdocs-line); stroke-width: 1.2; }}
{fc} .edge polygon {{ fill: var(--sopdocs-line); stroke: var(--sopdocs-line); }}
{fc} .edge.critical path {{ stroke: var(--sopdocs-critical); stroke-width: 2.2; }}
{fc} .edge.critical polygon {{ fill: var(--sopdocs-critical); stroke: var(--sopdocs-critical); }}
{fc} .edge.rework path {{ stroke-dasharray: 6 4; }}
{fc} .edge text {{ fill: var(--sopdocs-muted-text); }}
{fc} a:focus polygon, {fc} a:focus path, {fc} a:focus ellipse,
{fc} a:hover polygon, {fc} a:hover path, {fc} a:hover ellipse {{ stroke-width: 3; }}
"""


def lane_class(index: int) -> str:
    """The colour class of the lane at `index` (declared order), e.g. `lane-0`."""
    return f"lane-{index % LANE_COUNT}"


def lane_fill(index: int) -> str:
    """CSS value of the lane's background colour (a `var(...)` with a light fallback)."""
    return f"var(--sopdocs-lane-{index % LANE_COUNT}-fill, {_LANES_LIGHT[index % LANE_COUNT][0]})"


def lane_stroke(index: int) -> str:
    """CSS value of the lane's accent colour (border, bars), with a light fallback."""
    return f"var(--sopdocs-lane-{index % LANE_COUNT}-stroke, {_LANES_LIGHT[index % LANE_COUNT][1]})"


def light_colour(name: str) -> str:
    """The light default of one base colour (e.g. `line`), for DOT attributes."""
    return _BASE_LIGHT[name]


def light_lane_colours(index: int) -> tuple[str, str]:
    """(background, accent) light defaults of the lane at `index`, for DOT attributes."""
    return _LANES_LIGHT[index % LANE_COUNT]


def _variables(base: dict[str, str], lanes: tuple[tuple[str, str], ...]) -> str:
    lines = [f"--sopdocs-{name}: {value};" for name, value in base.items()]
    for index, (fill, stroke) in enumerate(lanes):
        lines.append(f"--sopdocs-lane-{index}-fill: {fill}; --sopdocs-lane-{index}-stroke: {stroke};")
    return "\n  ".join(lines)


def _lane_rules(scope: str) -> str:
    rules = []
    for index in range(LANE_COUNT):
        rules.append(
            f"{scope} .lane.lane-{index} > polygon {{ fill: var(--sopdocs-lane-{index}-fill);"
            f" stroke: var(--sopdocs-lane-{index}-stroke); }}\n"
            f"{scope} .lane-title.lane-{index} > polygon {{"
            f" fill: var(--sopdocs-lane-{index}-stroke); fill-opacity: 0.18; }}"
        )
    return "\n".join(rules)


def stylesheet() -> str:
    """The CSS text of the default palette, scoped to `.sopdocs-diagram`.

    Light colours by default; dark ones under `prefers-color-scheme: dark`; and an
    explicit Material for MkDocs scheme (`data-md-color-scheme` default/slate) wins
    over the operating system's preference.
    """
    root = f"svg.{ROOT_CLASS}"
    light, dark = _variables(_BASE_LIGHT, _LANES_LIGHT), _variables(_BASE_DARK, _LANES_DARK)
    return (
        f"{root} {{\n  {light}\n}}\n"
        f"@media (prefers-color-scheme: dark) {{\n{root} {{\n  {dark}\n}}\n}}\n"
        f'[data-md-color-scheme="default"] {root} {{\n  {light}\n}}\n'
        f'[data-md-color-scheme="slate"] {root} {{\n  {dark}\n}}\n'
        + _RULES.format(root=root, fc=f"{root}.flowchart", font=FONT_STACKS["sans"],
                        lane_rules=_lane_rules(f"{root}.flowchart")).lstrip()
    )
