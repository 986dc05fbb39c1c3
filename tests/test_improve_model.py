"""Issue 12 model: the loader builds why-chains, priorities, actions, the pilot and KPI
pilot values; dumping writes them back so the file loads to an equal model."""

from sopdocs.dump import dump_process
from sopdocs.load import load_text
from sopdocs.model import Action, Kpi, Pilot, Target

TEXT = """\
title: T
lanes:
  - {id: sales, name: Sales, owner: Manager}
steps:
  - id: assign
    name: Assign
    lane: sales
    duration: 1h
    problems:
      - id: manual
        description: By hand
        impact: high
        frequency: low
        why: [Slow, No rules]
        priority: 中
      - description: One why
        why: Only one
kpis:
  - {name: Lead time, unit: days, target: "<= 10", before: 18, after: 9}
actions:
  - what: Route by territory
    department: sales
    owner: Ops lead
    due: 2025-04-30
    resources: CRM admin
    acceptance: 95 % in 1 hour
    status: doing
    steps: [assign]
    problems: manual
  - what: Write rules
pilot:
  scope: Team North
  before: {period: Q1}
  after: {period: Q3}
"""


def test_loader_builds_the_improvement_fields():
    process = load_text(TEXT, "p.yaml").process
    first, second = process.steps[0].problems
    assert (first.id, first.why, first.stated_priority) == ("manual", ("Slow", "No rules"), "important")
    assert first.derived_priority == "important"  # high impact, low frequency
    assert second.why == ("Only one",) and second.stated_priority is None and second.id is None
    route, rules = process.actions
    assert route == Action("Route by territory", "sales", "Ops lead", "2025-04-30", "CRM admin",
                           "95 % in 1 hour", "doing", ("assign",), ("manual",))
    assert rules == Action("Write rules")  # status planned, nothing else
    assert process.pilot == Pilot("Team North", "Q1", "Q3")
    assert process.kpis[0].before == 18.0 and process.kpis[0].after == 9.0


def test_dump_round_trips_the_improvement_fields():
    process = load_text(TEXT, "p.yaml").process
    again = load_text(dump_process(process), "p.yaml").process
    assert again == process


def test_kpi_change_and_target():
    # (9 - 18) / 18 = -50 %; 9 <= 10 meets the target
    kpi = Kpi("Lead time", before=18, after=9, target=Target.parse("<= 10"))
    assert kpi.change_percent == -50.0 and kpi.pilot_met is True
    # (15 - 12) / 12 = +25 %; 15 >= 20 misses it
    kpi = Kpi("Conversion", before=12, after=15, target=Target.parse(">= 20"))
    assert kpi.change_percent == 25.0 and kpi.pilot_met is False
    assert Kpi("K", before=0, after=3).change_percent is None  # no percent of zero
    assert Kpi("K", before=1).change_percent is None and Kpi("K", after=1).pilot_met is None


def test_overdue_needs_an_open_action_past_its_due_date():
    assert Action("A", due="2025-04-30").overdue_on("2025-05-01")
    assert not Action("A", due="2025-04-30").overdue_on("2025-04-30")  # due today: not yet
    assert not Action("A", due="2025-04-30", status="done").overdue_on("2025-05-01")
    assert not Action("A").overdue_on("2025-05-01") and not Action("A", due="2025-04-30").overdue_on(None)


def test_huge_pilot_values_are_shown_not_crashed_on():
    # found by tests/test_fuzz_improve.py: before 5.6e-282, after 1 → a change of 1.8e283 %
    from sopdocs.i18n import texts_for
    from sopdocs.site.improve_page import change_text, number_text

    text = texts_for("en")
    kpi = Kpi("K", before=5.59719006309854e-282, after=1.0)
    assert change_text(kpi.change_percent, text) == "+1.78661e+283%"  # 1 / 5.597e-282 × 100
    assert number_text(1e30, text) == "1e+30" and number_text(1234.5, text) == "1,234.5"
    assert change_text(-25.0, text) == "−25.0%" and change_text(0.0, text) == "0.0%"
