"""dump_process writes issue 15's fields back: ranges as mappings in the order written,
arrivals, lane capacity and KPI measures, and a load → dump → load round trip keeps them."""

from sopdocs.dump import dump_process
from sopdocs.load import load_text

SOURCE = """title: T
arrivals: {every: 1.5 d}
lanes:
  - {id: s, owner: o, capacity: 4}
steps:
  - id: a
    name: A
    lane: s
    duration: {max: 4d, min: 1d, likely: 2d, distribution: triangular}
    wait: {min: 0, max: 1d}
    next: b
  - id: b
    name: B
    lane: s
    duration: {distribution: exponential, mean: 30m}
kpis:
  - {name: Cycle, unit: days, target: "<= 10", measures: work_time}
"""


def _round_trip(text):
    first = load_text(text, "p.yaml").process
    dumped = dump_process(first)
    again = load_text(dumped, "p.yaml")
    assert again.diagnostics == []
    return first, again.process, dumped


def test_ranges_are_written_as_mappings_in_their_order():
    first, again, dumped = _round_trip(SOURCE)
    assert again == first
    # max first as written; the explicit "triangular" is implied by the keys, so not written;
    # the exponential keeps its distribution (a lone mean would be an error); 0 stays a number
    assert ("    duration:\n      max: 4d\n      min: 1d\n      likely: 2d\n"
            "    wait:\n      min: 0\n      max: 1d\n") in dumped
    assert "    duration:\n      mean: 30m\n      distribution: exponential\n" in dumped
    assert again.steps[0].duration.parts == (("max", "4d"), ("min", "1d"), ("likely", "2d"))
    # (8 + 16 + 32) / 3 = 18.67 h; (0 + 8) / 2 = 4 h; 0.5 h
    assert round(again.steps[0].duration.hours, 2) == 18.67
    assert again.steps[0].wait.hours == 4.0 and again.steps[1].duration.hours == 0.5


def test_arrivals_capacity_and_measures_are_written():
    first, again, dumped = _round_trip(SOURCE)
    assert "arrivals:\n  every: 1.5 d\n" in dumped
    assert "    capacity: 4\n" in dumped and "    measures: work_time\n" in dumped
    # 1.5 working days of 8 h = 12 h between cases
    assert again.arrivals.interval_hours == 12.0 and again.arrivals == first.arrivals
    assert again.lanes[0].capacity == 4 and again.kpis[0].measures == "work_time"


def test_per_week_round_trips_and_dumping_is_stable():
    first, again, dumped = _round_trip(SOURCE.replace("{every: 1.5 d}", "{per_week: 16}"))
    assert "arrivals:\n  per_week: 16.0\n" in dumped
    # 40 h a week / 16 = 2.5 h between cases
    assert again.arrivals.interval_hours == 2.5 and again == first
    assert dump_process(again) == dumped


def test_a_file_without_the_new_fields_dumps_as_before():
    text = "title: T\nlanes:\n  - {id: s}\nsteps:\n  - {id: a, name: A, lane: s, duration: 2h}\n"
    _, again, dumped = _round_trip(text)
    assert "arrivals" not in dumped and "capacity" not in dumped and "measures" not in dumped
    assert "    duration: 2h\n" in dumped
