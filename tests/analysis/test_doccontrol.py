"""issue 16: next review dates, overdue, in force, and what counts as a change since approval."""

import datetime as dt
from dataclasses import replace

from sopdocs.analysis.doccontrol import add_interval, changed_since_approval, control_status, next_review
from sopdocs.analysis.revisions import RevisionChange, revision_change
from sopdocs.load import load_text
from tests.gitrepo import process_text


def _process(head=""):
    return load_text(process_text("P", [("a", "1h"), ("b", "2h")], head), "p.yaml").process


def test_months_and_years_keep_the_day_or_take_the_last_day_of_a_shorter_month():
    assert add_interval(dt.date(2025, 8, 31), 6, "month") == dt.date(2026, 2, 28)
    assert add_interval(dt.date(2024, 2, 29), 1, "year") == dt.date(2025, 2, 28)
    assert add_interval(dt.date(2025, 11, 15), 3, "month") == dt.date(2026, 2, 15)  # over the year end
    assert add_interval(dt.date(2025, 1, 1), 2, "week") == dt.date(2025, 1, 15)
    assert add_interval(dt.date(2025, 1, 1), 90, "day") == dt.date(2025, 4, 1)  # 30 + 28 + 31 + 1


def test_next_review_from_next_else_approval_else_effective():
    assert next_review(_process("review: {every: 1 year, next: 2025-06-30}\napproval: {by: X, on: 2025-01-02}")) \
        == "2025-06-30"
    assert next_review(_process("review: {every: 1 year}\napproval: {by: X, on: 2025-01-02}\n"
                                "effective: 2025-02-01")) == "2026-01-02"
    assert next_review(_process("review: {every: 6 months}\neffective: 2025-02-01")) == "2025-08-01"
    assert next_review(_process("review: {every: 6 months}")) is None
    assert next_review(_process()) is None


def test_overdue_counts_days_after_the_review_date_and_not_the_day_itself():
    process = _process("review: {next: 2025-06-30}")
    assert control_status(process, "2025-06-30").overdue is False
    assert control_status(process, "2025-07-01").overdue_days == 1
    assert control_status(process, "2025-08-01").overdue_days == 32  # 1 + 31 days of July


def test_in_force_since_or_from_the_build_date():
    process = _process("effective: 2025-03-01")
    assert control_status(process, "2025-03-01").in_force == "since"
    assert control_status(process, "2025-02-28").in_force == "from"
    assert control_status(_process(), "2025-02-28").in_force is None


def test_a_review_date_alone_is_no_change_of_content_but_a_step_is():
    approved = _process("approval: {by: X, on: 2025-01-02}\nreview: {next: 2025-06-30}")
    reviewed = replace(approved, review=replace(approved.review, next="2026-06-30"))
    assert revision_change(approved, reviewed).content_changed is False
    assert revision_change(approved, reviewed).keys == ("review",)
    slower = _process("approval: {by: X, on: 2025-01-02}\nreview: {next: 2025-06-30}").steps
    edited = replace(approved, steps=(replace(slower[0], name="Renamed"),) + slower[1:])
    assert revision_change(approved, edited).content_changed is True


def test_changes_since_approval_are_the_content_changes_newer_than_the_approving_revision():
    change = RevisionChange(content_changed=True)
    layout = RevisionChange()
    approving = RevisionChange(approval_changed=True, content_changed=True)
    # newest first: change, layout only, change, approving, older change
    assert changed_since_approval([change, layout, change, approving, change]) == [2, 0]
    assert changed_since_approval([approving, change]) == []
    assert changed_since_approval([change, change]) is None
