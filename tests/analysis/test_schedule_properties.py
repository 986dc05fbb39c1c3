"""Properties of the schedule over generated processes (Hypothesis).

The generator builds models directly (no YAML): any graph, including back edges, dead
ends and unreachable steps, decisions with and without probabilities and parallel
splits. Examples per property: env SOPDOCS_FUZZ_EXAMPLES (default 100).
"""

import os
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopdocs.analysis.metrics import process_metrics
from sopdocs.analysis.schedule import schedule
from sopdocs.graph import successors
from sopdocs.model import Duration, Lane, Link, Process, Step
from sopdocs.render.timeline import timeline_svg

EXAMPLES = int(os.environ.get("SOPDOCS_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
HOURS = st.sampled_from([0, 0.25, 1, 2.5, 4, 8, 16, 40])


@st.composite
def processes(draw):
    count = draw(st.integers(1, 14))
    lanes = tuple(Lane(f"lane{i}", f"Lane {i}") for i in range(draw(st.integers(1, 4))))
    ids = [f"s{i}" for i in range(count)]
    steps = []
    for index, step_id in enumerate(ids):
        kind = draw(st.sampled_from(["task", "task", "task", "decision", "parallel", "end"]))
        targets = [] if kind == "end" else draw(st.lists(st.sampled_from(ids), max_size=3))
        probabilities = [None] * len(targets)
        if kind == "decision" and targets and draw(st.booleans()):
            raw = draw(st.lists(st.integers(0, 10), min_size=len(targets), max_size=len(targets)))
            total = sum(raw) or 1
            probabilities = [value / total for value in raw]
            if draw(st.booleans()):
                probabilities[-1] = None  # one branch gets the rest
        steps.append(Step(
            id=step_id, name=f"Step {index}", lane=draw(st.sampled_from(lanes)).id, type=kind,
            duration=Duration(draw(HOURS)), wait=Duration(draw(HOURS)),
            next=tuple(Link(t, probability=p) for t, p in zip(targets, probabilities)),
        ))
    return Process(id="generated", title="Generated", path="generated.yaml",
                   lanes=lanes, steps=tuple(steps))


@FUZZ
@given(processes())
def test_steps_start_after_every_scheduled_predecessor(process):
    planned = schedule(process)
    for source, target in planned.edges:
        assert planned[target].ready_hours >= planned[source].finish_hours - 1e-9
        assert planned[target].start_hours >= planned[source].finish_hours - 1e-9
    for step in planned.scheduled:
        assert step.start_hours == step.ready_hours + step.wait_hours
        assert step.finish_hours == step.start_hours + step.work_hours
        assert step.slack_hours >= 0


@FUZZ
@given(processes())
def test_lead_time_bounds_and_flow_efficiency(process):
    metrics = process_metrics(process)
    planned = metrics.schedule
    assert metrics.lead_time_hours >= max(s.work_hours for s in planned.scheduled) - 1e-9
    assert metrics.lead_time_hours >= metrics.work_time_hours - 1e-9
    assert 0 <= metrics.flow_efficiency <= 1
    assert abs(metrics.work_time_hours + metrics.wait_time_hours - metrics.lead_time_hours) < 1e-6
    assert metrics.effort_hours >= metrics.work_time_hours - 1e-9


@FUZZ
@given(processes())
def test_critical_path_is_a_real_path_that_sets_the_finish(process):
    planned = schedule(process)
    graph = successors(process)
    chain = planned.critical_path
    assert chain[0] == process.start_step.id
    for source, target in zip(chain, chain[1:]):
        assert target in graph[source]
        assert (source, target) in planned.edges
        assert planned[target].ready_hours == planned[source].finish_hours
    assert planned[chain[-1]].finish_hours == planned.lead_time_hours
    assert all(planned[step_id].critical and planned[step_id].slack_hours == 0 for step_id in chain)
    assert not set(planned.rework) & set(planned.edges)


@FUZZ
@given(processes())
def test_every_step_is_scheduled_or_listed_off_path(process):
    planned = schedule(process)
    assert set(planned.order).isdisjoint(planned.off_path)
    assert set(planned.order) | set(planned.off_path) == {s.id for s in process.steps}


@settings(max_examples=max(10, EXAMPLES // 5), deadline=None)
@given(processes())
def test_timeline_draws_every_scheduled_step_and_lists_the_rest(process):
    root = ET.fromstring(timeline_svg(process))
    ids = {element.get("id") for element in root.iter()}
    planned = schedule(process)
    assert {f"bar-{s}" for s in planned.order} <= ids
    assert {f"off-{s}" for s in planned.off_path} <= ids
