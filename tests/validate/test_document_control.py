"""issue 16: approval, effective and review load into the model and are checked as dates."""

from sopdocs.load import load_text
from sopdocs.model import Approval, Review
from sopdocs.validate import run_rules

BODY = "lanes:\n  - {id: s, owner: o}\nsteps:\n  - {id: a, name: A, lane: s, duration: 1h}\n"


def _load(head: str):
    loaded = load_text("title: T\n" + head + BODY, "p.yaml")
    return loaded.process, run_rules(loaded)


def test_the_three_keys_reach_the_model():
    process, found = _load("approval: {by: Head of Sales, on: 2025-02-20}\neffective: '2025-03-01'\n"
                           "review:\n  every: 1 year\n  next: 2026-02-20\n")
    assert found == []
    assert process.approval == Approval("Head of Sales", "2025-02-20")
    assert process.effective == "2025-03-01"  # quoted or not, the text of the date
    assert process.review == Review("1 year", "2026-02-20")
    assert process.review.interval == (1, "year")


def test_intervals_in_singular_and_plural():
    assert Review("6 months").interval == (6, "month")
    assert Review(" 2 years ").interval == (2, "year")
    assert Review("90 days").interval == (90, "day")
    assert Review("4 weeks").interval == (4, "week")
    assert Review(None, "2026-01-01").interval is None


def test_a_day_that_does_not_exist_is_an_error_at_the_value():
    # "start_date: 2024-02-29" is a leap day (valid); "effective: 2023-02-29" is not
    _, found = _load("start_date: 2024-02-29\neffective: 2023-02-29\n")
    assert [(d.code, d.line, d.col) for d in found] == [("SOP104", 3, 12)]
    assert "not a date in the calendar" in found[0].message


def test_an_incomplete_approval_is_left_out_of_the_model():
    process, found = _load("approval: {on: 2025-02-20}\n")
    assert process.approval is None
    assert [(d.code, d.message) for d in found] == [("SOP102", "approval has no 'by'")]


def test_approval_on_the_effective_day_is_fine_one_day_later_is_not():
    _, same_day = _load("approval: {by: X, on: 2025-03-01}\neffective: 2025-03-01\n")
    _, late = _load("approval: {by: X, on: 2025-03-02}\neffective: 2025-03-01\n")
    assert same_day == []
    assert [d.code for d in late] == ["SOP230"]
