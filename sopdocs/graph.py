"""Graph helpers over a process's steps: successors, reachability and rework loops.

A rework loop is an edge that goes back to an earlier step: a back edge of the
depth-first search from the start step, following `next` in declared order. These are
pure functions of the model shared by validation, analysis and rendering.
"""

from __future__ import annotations

from .model import Process


def successors(process: Process) -> dict[str, list[str]]:
    """Step id → ids of existing next steps, in declared order (unknown targets dropped)."""
    known = {step.id for step in process.steps}
    result: dict[str, list[str]] = {}
    for step in process.steps:
        if step.id in result:
            continue
        result[step.id] = [target for target in step.targets if target in known]
    return result


def reachable(process: Process) -> set[str]:
    """Ids of the steps reachable from the start step (the start included)."""
    start = process.start_step
    if start is None:
        return set()
    graph = successors(process)
    seen = {start.id}
    stack = [start.id]
    while stack:
        for target in graph.get(stack.pop(), []):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def ends(process: Process) -> set[str]:
    """Ids of steps that end the flow: `type: end`, or no (known) next step."""
    graph = successors(process)
    return {step.id for step in process.steps if step.type == "end" or not graph.get(step.id)}


def can_reach_end(process: Process) -> set[str]:
    """Ids of the steps from which some path leads to an end."""
    graph = successors(process)
    predecessors: dict[str, list[str]] = {step_id: [] for step_id in graph}
    for source, targets in graph.items():
        for target in targets:
            predecessors[target].append(source)
    return closure(ends(process), predecessors)


def closure(seeds, neighbours: dict) -> set:
    """The `seeds` and every node reached from them along `neighbours` (node → nodes)."""
    found = set(seeds)
    stack = list(found)
    while stack:
        for other in neighbours.get(stack.pop(), ()):
            if other not in found:
                found.add(other)
                stack.append(other)
    return found


def _back_links(links: dict[str, list[tuple[int, str]]], roots: list[str]) -> list[tuple[str, int, str]]:
    """(from, index in its `next`, to) of every link to a step on the current path of
    a depth-first search from each root in turn (not yet visited), children in order."""
    state: dict[str, int] = {}  # 1 = on the path, 2 = finished
    found: list[tuple[str, int, str]] = []
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(links.get(root, [])))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                continue
            index, target = child
            if state.get(target) == 1:
                found.append((node, index, target))
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(links.get(target, []))))
    return found


def indexed_links(process: Process) -> dict[str, list[tuple[int, str]]]:
    """Step id → (index in `next`, target) of its links to existing steps (first step of
    each id)."""
    known = {step.id for step in process.steps}
    result: dict[str, list[tuple[int, str]]] = {}
    for step in process.steps:
        if step.id not in result:
            result[step.id] = [(index, link.to) for index, link in enumerate(step.next)
                               if link.to in known]
    return result


def loop_links(process: Process) -> set[tuple[str, int]]:
    """(step id, index in its `next`) of every rework loop: the back edges of a search
    from the start step, then from every step it did not reach, in declared order (so
    loops among unreachable steps are found too)."""
    start = process.start_step
    roots = ([start.id] if start is not None else []) + [step.id for step in process.steps]
    return {(node, index) for node, index, _ in _back_links(indexed_links(process), roots)}


def back_edges(process: Process) -> list[tuple[str, str]]:
    """Rework loops: (from, to) edges that return to a step on the current DFS path.

    The search starts at the start step and follows `next` in declared order, so the
    result is deterministic and matches how a reader follows the flow. Listed in the
    order they are found.
    """
    start = process.start_step
    if start is None:
        return []
    return [(node, target) for node, _, target in _back_links(indexed_links(process), [start.id])]


def topological_order(process: Process) -> list[str]:
    """Reachable step ids in an order where every forward edge points later.

    Rework loops (back edges) are ignored; ties keep the order of the depth-first
    search (reverse post-order), which follows declared `next` order.
    """
    start = process.start_step
    if start is None:
        return []
    graph = successors(process)
    loops = set(back_edges(process))
    visited = {start.id}
    order: list[str] = []
    stack = [(start.id, iter(graph.get(start.id, [])))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            order.append(node)
            stack.pop()
        elif (node, child) not in loops and child not in visited:
            visited.add(child)
            stack.append((child, iter(graph.get(child, []))))
    return order[::-1]
