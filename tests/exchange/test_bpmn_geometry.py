"""The contract of `diagram_geometry`, the one seam between the BPMN export and a layout:
whatever layout provides it must pass these checks for every sample."""

import math

import pytest

from sopdocs.exchange.bpmn_geometry import diagram_geometry
from sopdocs.validate import load_process
from tests.conftest import sample_files


def _inside(box, band, slack=0.5):
    return (band.x - slack <= box.x and box.x + box.width <= band.x + band.width + slack
            and band.y - slack <= box.y and box.y + box.height <= band.y + band.height + slack)


def _gap(point, box):
    """Distance from a point to a box (0 inside it)."""
    dx = max(box.x - point[0], 0, point[0] - (box.x + box.width))
    dy = max(box.y - point[1], 0, point[1] - (box.y + box.height))
    return math.hypot(dx, dy)


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_geometry_of_every_sample(path):
    process = load_process(path)
    geometry = diagram_geometry(process)
    bands = [geometry.lanes[lane.id] for lane in process.lanes]
    # bands in declared order, top to bottom, touching, all the same length
    for above, below in zip(bands, bands[1:]):
        assert math.isclose(above.y + above.height, below.y)
    assert len({(band.x, band.width) for band in bands}) == 1
    for step in process.steps:
        assert _inside(geometry.steps[step.id], geometry.lanes[step.lane]), step.id
    links = [(step, index, link) for step in process.steps for index, link in enumerate(step.next)]
    assert set(geometry.flows) == {(step.id, index) for step, index, _ in links}
    for step, index, link in links:
        route = geometry.flows[(step.id, index)]
        assert len(route) >= 2
        # a route leaves from its source's outline and ends at its target's (within 2 points)
        assert _gap(route[0], geometry.steps[step.id]) <= 2, (step.id, index)
        assert _gap(route[-1], geometry.steps[link.to]) <= 2, (step.id, index)
