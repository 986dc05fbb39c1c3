"""Issue 12 pages on the sample handbook: problem register, responsibility table with
overdue flags relative to a pinned build date, pilot evaluation, the improvement board,
the comparison page's actions, in English, Simplified and Traditional Chinese."""

import pytest

from sopdocs.site.cache import BuildCache
from sopdocs.site.generate import generate_site
from sopdocs.site.handbook import load_handbook
from sopdocs.site.options import PageOptions
from tests.conftest import PROCESSES

CURRENT = "processes/sales/lead-to-contract/current.md"
OPTIMIZED = "processes/sales/lead-to-contract/optimized.md"
CHINESE = "processes/china/sales-sop-zh-hans.md"
TRADITIONAL = "processes/taiwan/complaint-handling-zh-hant.md"
BUILD_DATE = "2025-07-01"


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(PROCESSES)


@pytest.fixture(scope="module")
def site(handbook):
    return generate_site(handbook, PageOptions(processes=PROCESSES, build_date=BUILD_DATE))


def _section(page, heading):
    """From `heading` to the next heading of its level or above (### or ##)."""
    start = page.index(heading)
    ends = [end for end in (page.find("\n### ", start + len(heading)), page.find("\n## ", start + len(heading)))
            if end != -1]
    return page[start:min(ends) if ends else None]


def _rows(table_text):
    return [line for line in table_text.splitlines() if line.startswith("| ") and not line.startswith("| No.")]


def test_register_is_sorted_by_priority_then_impact(site):
    register = _section(site.pages[CURRENT], "### Problem register")
    steps = [row.split(" | ")[2] for row in _rows(register)]  # (the header row is left out)
    # urgent (high×high) in file order: assign-lead, approve-sales-manager, legal-review;
    # important: approve-gm (high impact) before update-spreadsheet (medium impact)
    assert [s[s.index("(#step-") + 7:-1] for s in steps] == [
        "assign-lead", "approve-sales-manager", "legal-review", "approve-gm", "update-spreadsheet"]
    assert ("Hot leads wait up to a day before a rep calls them → Leads are assigned in one"
            " manual batch each morning") in register
    assert "| 4 | **important** | [General manager approval](#step-approve-gm) | efficiency | high | medium |" in register


def test_matrix_placeholder_and_figure(site):
    assert '<div data-sopdocs-diagram="matrix"></div>' in site.pages[CURRENT]
    figure = site.figures[CURRENT]["matrix"]
    assert 'id="mx-cell-high-high"' in figure and "Problems by impact and frequency" in figure
    assert "matrix" not in site.figures[OPTIMIZED]  # no problems, no matrix


def test_responsibility_table_flags_the_overdue_action(site):
    table = _section(site.pages[CURRENT], "### Responsibility table")
    rows = _rows(table)[1:]
    assert len(rows) == 4
    # only the legal action is open (doing) and due (2025-05-30) before 2025-07-01; the GM
    # action is planned for 2025-09-30; the other two are done
    flagged = [row.split(" | ")[0] for row in rows if "overdue" in row]
    assert flagged == ["| Skip legal pre-review for standard-template contracts under 50k"]
    assert "| Legal | Head of Legal | 2025-05-30 |" in table  # department: the lane's name
    assert "| Sales Operations | Sales operations analyst |" in table  # free text as written
    assert "*Overdue: not done and due before 2025-07-01, the build date.*" in table


@pytest.mark.parametrize("day, overdue", [
    ("2025-05-30", 0),  # due that very day: not yet overdue
    ("2025-05-31", 1),  # the legal action
    ("2025-10-01", 2),  # and the GM action, due 2025-09-30
])
def test_overdue_follows_the_build_date(handbook, day, overdue):
    site = generate_site(handbook, PageOptions(processes=PROCESSES, build_date=day))
    table = _section(site.pages[CURRENT], "### Responsibility table")
    assert table.count("**⚠ overdue**") == overdue


def test_pilot_table(site):
    pilot = _section(site.pages[OPTIMIZED], "### Pilot evaluation")
    assert "**Pilot scope:** Sales teams North and East (14 reps)" in pilot
    assert "| Indicator | Before (January–February 2025) | After (March–April 2025) |" in pilot
    # (32 − 45) / 45 = −28.89 %; (18 − 12) / 12 = +50 %; (8.2 − 10.5) / 10.5 = −21.90 %;
    # (8.7 − 6.2) / 6.2 = +40.32 %; all four meet their targets
    assert "| Average deal cycle | 45 days | 32 days | −28.9% | &lt;= 35 | **met** |" in pilot
    assert "| Lead conversion rate | 12% | 18% | +50.0% | &gt;= 15 | **met** |" in pilot
    assert "| Rep daily working hours | 10.5 h | 8.2 h | −21.9% | &lt;= 9 | **met** |" in pilot
    assert "| Team satisfaction | 6.2 /10 | 8.7 /10 | +40.3% | &gt;= 8 | **met** |" in pilot


def test_chinese_pages_speak_their_script(site):
    hans = site.pages[CHINESE]
    assert "### 问题清单" in hans and "### 责任分工表" in hans and "### 试点评估" in hans
    # (38 − 45) / 45 = −15.56 %, and 38 misses "<= 35"; (16 − 12) / 12 = +33.33 %, meets ">= 15"
    assert "| 平均成交周期 | 45 天 | 38 天 | −15.6% | &lt;= 35 | **未达成** |" in hans
    assert "| 线索转化率 | 12% | 16% | +33.3% | &gt;= 15 | **达成** |" in hans
    assert "进行中 · **⚠ 已逾期**" in hans  # due 2025-06-20
    hant = site.pages[TRADITIONAL]
    assert "### 問題清單" in hant and "### 責任分工表" in hant and "### 試點評估" in hant
    assert "**試點範圍：** 台北客服中心第一組（6人）" in hant
    # (2.8 − 4.2) / 4.2 = −33.33 %, meets "<= 3"
    assert "| 平均處理天數 | 4.2 天 | 2.8 天 | −33.3% | &lt;= 3 | **達成** |" in hant
    assert "進行中 · **⚠ 已逾期**" in hant  # due 2025-05-16


def test_board_overdue_first_grouped_and_linked(site):
    board = site.pages["improvement.md"]
    by_priority = board[board.index("## By priority"):board.index("## By owner")]
    urgent = _section(by_priority, "### Priority: urgent")
    actions = urgent[urgent.index("**Open actions**"):urgent.index("**Open problems**")]
    dues = [row.split(" | ")[3] for row in _rows(actions)[1:]]
    # overdue first (by due date), then the open ones by due date
    assert dues == ["2025-05-30", "2025-06-20", "2025-09-30"]
    assert "[Legal pre-review](processes/sales/lead-to-contract/current.md#step-legal-review)" in urgent
    # closed problems (every action addressing them is done) are not on the board
    assert "manual batch" not in board and "typed into the CRM and again" not in board
    # the Traditional Chinese action (due 2025-05-16, its problem is important) and owners
    important = _section(by_priority, "### Priority: important")
    assert "電話系統來電時自動建立客訴工單 | 客服部經理 | 2025-05-16 | in progress · **⚠ overdue**" in important
    by_owner = board[board.index("## By owner"):]
    assert "### Head of Legal" in by_owner and "### 品保主管" in by_owner


def test_home_page_links_the_board(site):
    # open actions: legal (overdue), GM, zh legal (overdue), zh-Hant phone (overdue), zh-Hant QA = 5
    # open problems: 3 lead-to-contract (two are closed), zh legal (grading is closed),
    # both zh-Hant, end-to-end grading, the English complaint one = 8
    assert ("[Improvement board](improvement.md): 5 open actions, 3 of them overdue; 8 open problems."
            in site.pages["index.md"])


def test_comparison_links_actions_to_changed_steps(site):
    page = site.pages["compare/lead-to-contract-optimized.md"]
    section = page[page.index("## Actions and the steps they changed"):]
    # a step the optimized version keeps links there; a removed one to the current version
    assert ("[Assign lead automatically by rule](../processes/sales/lead-to-contract/optimized.md"
            "#step-assign-lead)") in section
    assert ("[Copy customer data into team spreadsheet](../processes/sales/lead-to-contract/current.md"
            "#step-update-spreadsheet)") in section


def test_board_golden(site, golden):
    golden("site/improvement-board.md", site.pages["improvement.md"])


def test_board_page_is_cached_under_the_build_date(handbook):
    cache = BuildCache(None)
    cache.memory = {}
    first = generate_site(handbook, PageOptions(processes=PROCESSES, build_date="2025-05-01"), cache)
    later = generate_site(handbook, PageOptions(processes=PROCESSES, build_date="2025-07-01"), cache)
    again = generate_site(handbook, PageOptions(processes=PROCESSES, build_date="2025-05-01"), cache)
    # 2025-05-01: nothing is overdue yet (the earliest open due date is 2025-05-16)
    assert "overdue**" not in first.pages["improvement.md"]
    assert later.pages["improvement.md"].count("**⚠ overdue**") == 6  # 3 actions, each in 2 groups
    assert later.pages[CURRENT] != first.pages[CURRENT]
    assert again.pages == first.pages


def test_no_board_without_problems_or_actions(tmp_path):
    folder = tmp_path / "processes"
    folder.mkdir()
    (folder / "p.yaml").write_text("title: P\nlanes: [{id: s, owner: o}]\nsteps:\n"
                                   "  - {id: a, name: A, lane: s, duration: 1h}\n", encoding="utf-8")
    site = generate_site(load_handbook(folder), PageOptions(processes=folder, build_date=BUILD_DATE))
    assert "improvement.md" not in site.pages
    assert "Improvement" not in site.pages["processes/p.md"] and "Improvement board" not in site.pages["index.md"]
