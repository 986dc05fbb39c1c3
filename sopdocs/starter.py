"""The commented starter file written by `sopdocs new`."""

from __future__ import annotations

import json
import re

from .fields import ID_RE


def lane_ids(names: list[str]) -> list[tuple[str, str]]:
    """(id, display name) for each lane name given on the command line."""
    result = []
    for name in names:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-").lower()
        if not slug or not ID_RE.match(slug):
            slug = f"lane-{len(result) + 1}"
        result.append((slug, name.strip() or slug))
    return result


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def starter_yaml(process_id: str, lanes: list[str], schema_url: str) -> str:
    """YAML text of a small valid process with comments explaining each key."""
    pairs = lane_ids(lanes or ["Team"])
    first, last = pairs[0][0], pairs[-1][0]
    lane_lines = "".join(
        f"  - id: {lane_id}\n    name: {_q(name)}\n    owner: {_q(name + ' lead')}\n"
        for lane_id, name in pairs
    )
    title = process_id.replace("-", " ").replace("_", " ").capitalize()
    return f"""# yaml-language-server: $schema={schema_url}
# A process: lanes (who), steps (what, in which order, how long) and KPIs (how well).
# Check it with `sopdocs validate`; see docs/format.md for every key.
id: {process_id}
title: {_q(title)}
summary: |
  What this process achieves, for whom, from which trigger to which result.
owner: {_q(pairs[0][1] + ' lead')}
version: "1"
status: current          # current | optimized | proposed | retired
lanes:                   # swimlanes, drawn in this order
{lane_lines}steps:
  - id: start
    type: start
    lane: {first}
    next: prepare
  - id: prepare
    name: Prepare the request
    lane: {first}
    duration: 1h         # work time: a number and a unit m, h, d, w
    inputs: [Request]
    outputs: [Prepared request]
    instructions: |
      1. Describe what a new hire does here, step by step.
    next: check
  - id: check
    name: Request complete?
    type: decision
    lane: {first}
    next:
      - {{to: handle, when: "yes", probability: 0.8}}
      - {{to: prepare, when: "no"}}   # a rework loop back to an earlier step
  - id: handle
    name: Handle the request
    lane: {last}
    duration: 0.5d
    wait: 1d             # queue time before the work starts
    next: done
  - id: done
    type: end
    lane: {last}
kpis:
  - name: Lead time
    unit: days
    value: 3
    target: "<= 2"       # an operator and a number: which way is better
"""
