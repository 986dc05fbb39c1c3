"""issue 16: revision histories from real git repositories, document control flags.

The repository built by `history_repo` (dates are commit dates, noon UTC):

  c1 2025-01-10 Alice  add processes/a.yaml (s1 1h → s2 2h) and processes/b.yaml
  c2 2025-02-01 Bob    a: lane Legal and step s3 (1d = 8h) in it, after s2
  c3 2025-03-01 Alice  git mv processes/a.yaml processes/sales/a.yaml (same text)
  c4 2025-04-01 Bob    a: s1 1h → 3h
  c5 2025-05-02 Alice  a: approval {Head of Sales, 2025-05-01}, effective 2025-05-05, review every 6 months
  c6 2025-06-10 Bob    a: s2 2h → 1h   (subject names an address: carol@example.net)
  c7 2025-07-01 "dave@example.com" (a name that is an address)  b: s1 1h → 2h

Lead times of a, by hand (8 h a day, one chain): c1 1+2 = 3 h = 0.375 d; c2 3+8 = 11 h
= 1.375 d; c4 3+2+8 = 13 h = 1.625 d; c6 3+1+8 = 12 h = 1.5 d. Days are rounded to two
decimals half-even (0.38, 1.38, 1.62, 1.5) and shown with one (0.4, 1.4, 1.6, 1.5).
"""

import re
import shutil
import subprocess

import pytest

from sopdocs.githistory import OK, OUTSIDE, SHALLOW, without_addresses
from sopdocs.site import history as history_module
from sopdocs.site.cache import BuildCache
from sopdocs.site.generate import generate_site
from sopdocs.site.handbook import load_handbook
from sopdocs.site.history import process_histories
from sopdocs.site.options import PageOptions
from tests.gitrepo import Repo, process_text

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
LEGAL = "lanes:\n  - {id: sales, name: Sales, owner: Rep}\n  - {id: legal, name: Legal, owner: Counsel}\n"
CONTROL = ("approval: {by: Head of Sales, on: 2025-05-01}\neffective: 2025-05-05\n"
           "review: {every: 6 months}")


def _a(s1="1h", s2="2h", head=""):
    text = process_text("Process A", [("s1", s1), ("s2", s2), ("s3", "1d")], head, LEGAL)
    return text.replace("    lane: sales\n    duration: 1d", "    lane: legal\n    duration: 1d")


def _build_repo(folder):
    repo = Repo(folder)
    repo.write("processes/a.yaml", process_text("Process A", [("s1", "1h"), ("s2", "2h")]))
    repo.write("processes/b.yaml", process_text("Process B", [("s1", "1h")]))
    shas = [repo.commit("Add A and B", "2025-01-10")]
    repo.write("processes/a.yaml", _a())
    shas.append(repo.commit("Legal reviews every case", "2025-02-01", "Bob Builder", "bob@example.org"))
    repo.git("mv", "processes/a.yaml", "processes/sales-a.yaml")
    (folder / "processes" / "sales").mkdir()
    repo.git("mv", "processes/sales-a.yaml", "processes/sales/a.yaml")
    shas.append(repo.commit("Move A to the sales folder", "2025-03-01"))
    repo.write("processes/sales/a.yaml", _a(s1="3h"))
    shas.append(repo.commit("Step 1 takes longer", "2025-04-01", "Bob Builder", "bob@example.org"))
    repo.write("processes/sales/a.yaml", _a(s1="3h", head=CONTROL))
    shas.append(repo.commit("Approved by the head of sales", "2025-05-02"))
    repo.write("processes/sales/a.yaml", _a(s1="3h", s2="1h", head=CONTROL))
    shas.append(repo.commit("Step 2 is faster, reported by carol@example.net", "2025-06-10",
                            "Bob Builder", "bob@example.org"))
    repo.write("processes/b.yaml", process_text("Process B", [("s1", "2h")]))
    shas.append(repo.commit("B takes longer", "2025-07-01", "dave@example.com", "dave@example.com"))
    return repo, shas


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory):
    return _build_repo(tmp_path_factory.mktemp("history") / "repo")


def _histories(folder, **options):
    handbook = load_handbook(folder / "processes")
    return handbook, process_histories(handbook, PageOptions(processes=folder / "processes", **options))


def test_rows_follow_the_rename_newest_first_with_names_and_summaries(history_repo):
    repo, shas = history_repo
    handbook, histories = _histories(repo.folder)
    history = histories["processes/sales/a.md"]
    assert history.state == OK and history.total == 6
    assert [row.sha for row in history.rows] == [shas[5], shas[4], shas[3], shas[2], shas[1], shas[0]]
    assert [row.date for row in history.rows] == ["2025-06-10", "2025-05-02", "2025-04-01", "2025-03-01",
                                                 "2025-02-01", "2025-01-10"]
    assert [row.author for row in history.rows] == ["Bob Builder", "Alice Example"] * 3
    assert [row.status for row in history.rows] == ["modified"] * 3 + ["renamed", "modified", "added"]
    assert history.rows[3].old_path == "processes/a.yaml" and history.rows[3].change.is_empty
    created, legal, slower = history.rows[5].change, history.rows[4].change, history.rows[2].change
    assert (created.created, created.steps, created.lead_new) == (True, 2, 0.38)
    assert legal.changed == ("Step s2",)  # its next: s3 now follows it
    assert (legal.added, legal.lanes_added, legal.lead_old, legal.lead_new) == (("Step s3",), ("Legal",), 0.38, 1.38)
    assert (legal.handoffs_old, legal.handoffs_new, legal.lead_pct) == (0, 1, 266.7)  # (11 − 3) / 3
    assert (slower.changed, slower.lead_pct) == (("Step s1",), 18.2)  # (13 − 11) / 11
    assert history.rows[1].change.keys == ("effective", "review", "approval")
    assert history.rows[1].change.approval_changed  # (and `effective` counts as content)


def test_changed_since_approval_names_the_commit_after_the_approving_one(history_repo):
    repo, shas = history_repo
    _, histories = _histories(repo.folder)
    assert [row.sha for row in histories["processes/sales/a.md"].since_approval] == [shas[5]]
    assert histories["processes/b.md"].since_approval is None  # b never had an approval


def test_pages_show_the_history_and_the_document_control_page_the_flags(history_repo):
    repo, shas = history_repo
    site = generate_site(load_handbook(repo.folder / "processes"),
                         PageOptions(processes=repo.folder / "processes", build_date="2025-12-01"))
    page = site.pages["processes/sales/a.md"]
    assert (f"| 2025-02-01 | `{shas[1][:7]}` | Bob Builder | Legal reviews every case | 1 step added: "
            "**Step s3** · 1 step changed: **Step s2** · lane added: **Legal** · lead time 0.4 d → 1.4 d (+266.7%) · handoffs 0 → 1 |") in page
    assert f"| 2025-03-01 | `{shas[2][:7]}` | Alice Example | Move A to the sales folder | renamed from " \
           "`processes/a.yaml` |" in page
    assert "1 step changed: **Step s2** · lead time 1.6 d → 1.5 d (−7.7%)" in page  # (12 − 13) / 13
    assert "created: 2 steps, lead time 0.4 d" in page
    # next review 2025-05-01 + 6 months = 2025-11-01; 2025-11-01 → 2025-12-01 is 30 days
    assert "next review 2025-11-01, overdue by 30 days" in page
    assert f"Changed since its approval in 1 commit: `{shas[5][:7]}` 2025-06-10" in page
    control = site.pages["control.md"]
    overdue = control.split("## Overdue for review")[1].split("##")[0]
    changed = control.split("## Changed since approval")[1].split("##")[0]
    never = control.split("## Never approved")[1].split("##")[0]
    assert "[Process A]" in overdue and "| 2025-11-01 | 30 days |" in overdue and "Process B" not in overdue
    assert f"`{shas[5][:7]}` 2025-06-10 Step 2 is faster, reported by carol (Bob Builder)" in changed
    assert "[Process B](processes/b.md) | Head of Sales |" in never and "Process A" not in never
    assert "`" + shas[6][:7] + "` | dave |" in site.pages["processes/b.md"]
    home = site.pages["index.md"]
    row_a = next(line for line in home.splitlines() if line.startswith("| [Process A]"))
    row_b = next(line for line in home.splitlines() if line.startswith("| [Process B]"))
    assert "| current · **review overdue** · **changed since approval** |" in row_a
    assert "| current |" in row_b
    assert "[Document control](control.md): who approved each process" in home


def test_no_address_reaches_any_page(history_repo):
    repo, _ = history_repo
    site = generate_site(load_handbook(repo.folder / "processes"), PageOptions(processes=repo.folder / "processes"))
    assert len(site.pages) >= 4
    for path, text in site.pages.items():
        assert not ADDRESS.search(text), path


def test_addresses_are_cut_to_their_local_part():
    assert without_addresses("Jane <jane.doe+sop@mail.example.co.uk> wrote") == "Jane jane.doe+sop wrote"
    assert without_addresses("no address here: a@b") == "no address here: a@b"  # no domain dot


def test_the_limit_keeps_the_newest_rows_and_says_how_many_there_are(history_repo):
    repo, shas = history_repo
    site = generate_site(load_handbook(repo.folder / "processes"),
                         PageOptions(processes=repo.folder / "processes", history=2))
    page = site.pages["processes/sales/a.md"]
    assert page.count("| 2025-") == 2 and f"`{shas[4][:7]}`" in page and f"`{shas[3][:7]}`" not in page
    assert "*The newest 2 of 6 revisions.*" in page
    # the approval is older than the two rows shown, but the flag still finds it
    assert f"Changed since its approval in 1 commit: `{shas[5][:7]}`" in page


def test_history_zero_leaves_the_section_out(history_repo):
    repo, _ = history_repo
    site = generate_site(load_handbook(repo.folder / "processes"),
                         PageOptions(processes=repo.folder / "processes", history=0))
    assert "Revision history" not in site.pages["processes/sales/a.md"]


def test_a_shallow_clone_says_so_in_one_line(history_repo, tmp_path):
    repo, _ = history_repo
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.folder}", str(clone)], check=True)
    _, histories = _histories(clone)
    assert {history.state for history in histories.values()} == {SHALLOW}
    site = generate_site(load_handbook(clone / "processes"), PageOptions(processes=clone / "processes"))
    section = site.pages["processes/sales/a.md"].split("## Revision history")[1].strip().splitlines()
    assert section == ["*No revision history: this is a shallow clone of the repository (fetch the whole"
                       " history: git fetch --unshallow, or fetch-depth: 0 in CI).*"]
    assert "*Not known: the git history" in site.pages["control.md"]


def test_a_folder_outside_git_says_so_and_builds(history_repo, tmp_path):
    repo, _ = history_repo
    outside = tmp_path / "copy"
    shutil.copytree(repo.folder / "processes", outside / "processes")
    assert subprocess.run(["git", "rev-parse"], cwd=outside, capture_output=True).returncode != 0
    _, histories = _histories(outside)
    assert {history.state for history in histories.values()} == {OUTSIDE}
    page = generate_site(load_handbook(outside / "processes"),
                         PageOptions(processes=outside / "processes")).pages["processes/b.md"]
    assert "*No revision history: the processes folder is not in a git repository.*" in page


def test_a_warm_build_reads_no_blob_and_a_new_commit_analyses_one_revision(tmp_path, monkeypatch):
    repo, _ = _build_repo(tmp_path / "repo")
    calls = {"blobs": 0, "changes": 0}
    read_blobs, revision_change = history_module.read_blobs, history_module.revision_change

    def counted_blobs(*args):
        calls["blobs"] += 1
        return read_blobs(*args)

    def counted_change(*args, **kwargs):
        calls["changes"] += 1
        return revision_change(*args, **kwargs)

    monkeypatch.setattr(history_module, "read_blobs", counted_blobs)
    monkeypatch.setattr(history_module, "revision_change", counted_change)
    options = PageOptions(processes=repo.folder / "processes")
    cold = generate_site(load_handbook(repo.folder / "processes"), options, BuildCache(tmp_path / "cache"))
    # a: 6 revisions (all analysed: it has an approval); b: 2
    assert calls == {"blobs": 1, "changes": 8}
    warm = generate_site(load_handbook(repo.folder / "processes"), options, BuildCache(tmp_path / "cache"))
    assert warm.pages == cold.pages
    assert calls == {"blobs": 1, "changes": 8}  # every history came from the cache
    repo.write("processes/b.yaml", process_text("Process B", [("s1", "3h")]))
    repo.commit("B takes even longer", "2025-08-01")
    after = generate_site(load_handbook(repo.folder / "processes"), options, BuildCache(tmp_path / "cache"))
    assert calls == {"blobs": 2, "changes": 9}  # only the new revision of b
    assert "B takes even longer" in after.pages["processes/b.md"]


def test_the_build_date_comes_from_the_environment_when_not_given(history_repo, monkeypatch):
    repo, _ = history_repo
    monkeypatch.setenv("SOPDOCS_BUILD_DATE", "2025-11-02")
    site = generate_site(load_handbook(repo.folder / "processes"), PageOptions(processes=repo.folder / "processes"))
    # next review 2025-11-01: one day late on 2025-11-02
    assert "next review 2025-11-01, overdue by 1 day" in site.pages["processes/sales/a.md"]
    assert "compared with 2025-11-02, the build date" in site.pages["control.md"]


def test_the_sample_handbook_has_two_approved_processes_one_overdue_on_a_pinned_date():
    from tests.conftest import ROOT

    processes = ROOT / "processes"
    site = generate_site(load_handbook(processes), PageOptions(processes=processes, build_date="2025-07-01"))
    register = site.pages["control.md"].split("## Register")[1]
    assert register.count("Approved by") == 2
    overdue = site.pages["control.md"].split("## Overdue for review")[1].split("##")[0]
    # the sample's own pinned build date (mkdocs.yml). Quote approval: approved 2024-11-04,
    # every 6 months → 2025-05-04; to 2025-07-01 that is 27 (rest of May) + 30 (June) + 1 = 58
    # days; lead to contract's next review is 2026-02-20, not yet due
    assert "[Quote and discount approval]" in overdue and "| 2025-05-04 | 58 days |" in overdue
    assert "Lead to contract" not in overdue
    assert "in force from 2025-09-01" in site.pages["processes/sales/lead-to-contract/optimized.md"]
    page = site.pages["processes/sales/quote-approval.md"]
    history = process_histories(load_handbook(processes), PageOptions(processes=processes))[
        "processes/sales/quote-approval.md"]
    if history.state == OK:  # a checkout with its history: the sample's commits are listed
        assert "Sample handbook: approvals, effective dates and review cycles" in page
        # whether a commit changed the file after the one that set its approval depends on
        # the project's own history; the page says so exactly when there is one
        assert ("Changed since its approval" in page) == bool(history.since_approval)
    else:  # an export or shallow clone of the project says so instead
        assert "*No revision history:" in page


def test_commit_texts_are_escaped_and_an_uncommitted_file_says_so(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write("processes/a.yaml", process_text("Process A", [("s1", "1h")]))
    repo.commit("<img src=x onerror=alert(1)> | *not bold*", "2025-01-10", "<b>Eve</b> | x")
    repo.write("processes/new.yaml", process_text("New", [("s1", "1h")]))  # never committed
    site = generate_site(load_handbook(repo.folder / "processes"), PageOptions(processes=repo.folder / "processes"))
    row = next(line for line in site.pages["processes/a.md"].splitlines() if line.startswith("| 2025-01-10"))
    assert "<img" not in row and "<b>" not in row and "*not bold*" not in row
    assert row.count(" | ") == 4  # five cells: the pipes from the commit are escaped
    assert "*No revision history yet: the file is not committed.*" in site.pages["processes/new.md"]
