"""The build cache on its own: keys, damaged entries, the restricted unpickler, pruning,
two writers at once, and the validation results it keeps."""

import multiprocessing
import os
import pickle
import time

import pytest

from sopdocs.model import Span
from sopdocs.site import cache as cache_module
from sopdocs.site.cache import BuildCache
from sopdocs.site.handbook import cached_check
from sopdocs.validate import check_file, validate_paths
from tests.conftest import FIXTURES, PROCESSES


def _entries(folder):
    return sorted(folder.glob("*/*.entry"))


def test_a_value_comes_back_and_lands_in_a_git_ignored_folder(tmp_path):
    cache = BuildCache(tmp_path / "c")
    key = cache.key("kind", "input")
    assert cache.get(key) is None
    cache.put(key, {"svg": "<svg/>", "warnings": ("w",), "span": Span("a.yaml", 3, 4)})
    assert BuildCache(tmp_path / "c").get(key) == {"svg": "<svg/>", "warnings": ("w",),
                                                   "span": Span("a.yaml", 3, 4)}
    assert (tmp_path / "c" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_every_part_of_a_key_counts(tmp_path):
    cache = BuildCache(tmp_path)
    base = cache.key("flowchart", b"bytes", ("link", "#step-a"))
    assert cache.key("flowchart", b"bytes", ("link", "#step-a")) == base
    assert cache.key("timeline", b"bytes", ("link", "#step-a")) != base
    assert cache.key("flowchart", b"bytez", ("link", "#step-a")) != base
    assert cache.key("flowchart", b"bytes", ("link", "#step-b")) != base
    # parts are length-prefixed: moving a boundary between two parts changes the key
    assert cache.key("k", "ab", "c") != cache.key("k", "a", "bc")


def test_another_engine_or_sopdocs_version_or_code_gives_other_keys(tmp_path, monkeypatch):
    key = BuildCache(tmp_path, salt="dot 2.43").key("k", "x")
    assert BuildCache(tmp_path, salt="dot 9.0").key("k", "x") != key
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert BuildCache(tmp_path, salt="dot 2.43").key("k", "x") != key
    monkeypatch.undo()
    monkeypatch.setattr(cache_module, "_FINGERPRINT", "edited source")
    assert BuildCache(tmp_path, salt="dot 2.43").key("k", "x") != key


@pytest.mark.parametrize("damage", ["truncate", "flip", "header", "empty"])
def test_a_damaged_entry_is_removed_and_reported_missing(tmp_path, damage):
    cache = BuildCache(tmp_path)
    key = cache.key("k", "x")
    cache.put(key, "a" * 1000)
    (path,) = _entries(tmp_path)
    data = path.read_bytes()
    broken = {"truncate": data[:-10], "flip": data[:-5] + b"X" + data[-4:],
              "header": b"other-format 00\n" + data.split(b"\n", 1)[1], "empty": b""}[damage]
    path.write_bytes(broken)
    assert cache.get(key) is None
    assert not path.exists()
    cache.put(key, "a" * 1000)  # recomputed and stored again
    assert cache.get(key) == "a" * 1000


class _Exploit:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_an_entry_that_would_run_code_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = BuildCache(tmp_path / "c")
    key = cache.key("k", "x")
    cache.put(key, "harmless")
    (path,) = _entries(tmp_path / "c")
    payload = pickle.dumps(_Exploit())
    import hashlib
    path.write_bytes(b"sopdocs-cache-1 " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert cache.get(key) is None  # checksum fine, class refused
    assert not (tmp_path / "pwned").exists()


def test_an_entry_may_rebuild_classes_but_call_no_function(tmp_path):
    """Only classes defined in the allowed modules come back: not their functions, nor
    what they import (here `texts_for`, which metrics imports from i18n)."""
    import hashlib
    cache = BuildCache(tmp_path)
    key = cache.key("k", "call")
    cache.put(key, "harmless")
    (path,) = _entries(tmp_path)
    for payload in (b"csopdocs.analysis.metrics\ntexts_for\n(S'en'\ntR.",
                    b"csopdocs.analysis.metrics\nprocess_metrics\n(NtR."):
        path.write_bytes(b"sopdocs-cache-1 " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        assert cache.get(key) is None
    metrics = __import__("sopdocs.analysis.metrics", fromlist=["Metrics"])
    value = metrics.Metrics("p", 1.0, 1.0, 0.0, 1.0, 0.125, 1.0, 0, 2, 1, 0, 1, 0, 8.0)
    cache.put(key, value)
    assert cache.get(key) == value


def test_prune_drops_old_unused_entries_and_leftover_temporary_files(tmp_path):
    cache = BuildCache(tmp_path)
    used, unused = cache.key("k", "used"), cache.key("k", "unused")
    cache.put(used, 1)
    cache.put(unused, 2)
    leftover = tmp_path / used[:2] / f".{used[:12]}.123.tmp"
    leftover.write_bytes(b"half an entry")
    month_ago = time.time() - 31 * 24 * 3600
    for path in [*_entries(tmp_path), leftover]:
        os.utime(path, (month_ago, month_ago))
    assert cache.prune(keep={used}) == 2  # the unused entry and the temporary file
    assert [p.stem for p in _entries(tmp_path)] == [used]
    assert cache.get(used) == 1


def _writer(folder, rounds):
    cache = BuildCache(folder, salt="same")
    for number in range(rounds):
        cache.put(cache.key("k", number % 5), ("value", number % 5) * 2000)
        cache.get(cache.key("k", (number + 1) % 5))


def test_two_writers_at_once_leave_only_whole_entries(tmp_path):
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(tmp_path, 200)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    cache = BuildCache(tmp_path, salt="same")
    for number in range(5):
        assert cache.get(cache.key("k", number)) == ("value", number) * 2000
    assert not list(tmp_path.glob("*/*.tmp"))


def test_memory_memo_computes_once_per_key(tmp_path):
    cache = BuildCache(None)
    calls = []
    assert cache.memo("m", "a", lambda: calls.append(1) or 5) == 5  # no memory: every call computes
    assert cache.memo("m", "a", lambda: calls.append(1) or 5) == 5
    cache.memory = {}
    cache.memo("m", "a", lambda: calls.append(1) or 5)
    cache.memo("m", "a", lambda: calls.append(1) or 5)
    cache.memo("m", "b", lambda: calls.append(1) or 6)
    assert len(calls) == 4  # 2 without memory + "a" once + "b" once


def test_a_stored_memo_is_read_back_by_the_next_build_and_recomputed_when_damaged(tmp_path):
    calls = []

    def page():
        calls.append(1)
        return "# Page\n"

    assert BuildCache(tmp_path, salt="s").memo("page", ("a", 1), page, stored=True) == "# Page\n"
    assert BuildCache(tmp_path, salt="s").memo("page", ("a", 1), page, stored=True) == "# Page\n"
    assert len(calls) == 1  # the second build (a new cache object) read it from disk
    BuildCache(tmp_path, salt="s").memo("page", ("a", 2), page, stored=True)
    assert len(calls) == 2  # other inputs, other entry
    for entry in tmp_path.glob("*/*.entry"):
        entry.write_bytes(entry.read_bytes()[:-3])
    assert BuildCache(tmp_path, salt="s").memo("page", ("a", 1), page, stored=True) == "# Page\n"
    assert len(calls) == 3  # damaged: computed again


def test_cached_validation_reports_the_same_diagnostics_at_the_same_places(tmp_path):
    """Warnings and errors from file rules come from the cache; the handbook rules (a
    duplicate process id, which needs the position of `id:`) still find their place
    when the file was not parsed this time."""
    folder = tmp_path / "processes"
    folder.mkdir()
    for path in sorted((PROCESSES / "sales").glob("*.yaml")) + sorted((FIXTURES / "valid").glob("*.yaml")):
        (folder / path.name).write_bytes(path.read_bytes())
    first = (folder / "quote-approval.yaml").read_text(encoding="utf-8")  # has its own id:
    (folder / "zz-copy.yaml").write_text(first, encoding="utf-8")  # same id: SOP117
    plain = validate_paths([folder])
    cache = BuildCache(tmp_path / "cache")
    cold = validate_paths([folder], check=cached_check(cache))
    warm_cache = BuildCache(tmp_path / "cache")
    warm = validate_paths([folder], check=cached_check(warm_cache))
    count = len(list(folder.glob("*.yaml")))
    assert count >= 4
    assert warm_cache.hits == count and warm_cache.misses == 0
    assert plain.diagnostics == cold.diagnostics == warm.diagnostics
    assert [(d.code, d.line, d.col, d.message) for d in warm.diagnostics] == \
        [(d.code, d.line, d.col, d.message) for d in plain.diagnostics]
    assert any(d.code == "SOP117" for d in warm.diagnostics)
    assert [f.process for f in warm.files] == [f.process for f in plain.files]


def test_an_edited_file_is_validated_again(tmp_path):
    folder = tmp_path / "processes"
    folder.mkdir()
    source = sorted((FIXTURES / "valid").glob("*.yaml"))[0]
    target = folder / source.name
    target.write_bytes(source.read_bytes())
    cache = BuildCache(tmp_path / "cache")
    assert not validate_paths([folder], check=cached_check(cache)).errors
    target.write_text(target.read_text(encoding="utf-8") + "\nunknown_top_key: 1\n", encoding="utf-8")
    again = validate_paths([folder], check=cached_check(BuildCache(tmp_path / "cache")))
    assert [d.code for d in again.diagnostics] == [d.code for d in validate_paths([folder]).diagnostics]
    assert again.diagnostics != []
    assert check_file(target, folder).diagnostics == again.files[0].diagnostics


def test_progress_counts_and_estimates_the_time_left():
    import io

    from sopdocs.site.pipeline import Progress

    now = [100.0]
    stream = io.StringIO()
    progress = Progress(4, stream=stream, clock=lambda: now[0])
    now[0] = 102.0
    progress.advance()
    # 1 of 4 done in 2 s → 2 s each → 3 left ≈ 6 s
    assert stream.getvalue() == "\rsopdocs: laid out 1/4 diagrams, about 6 s left"
    now[0] = 108.0
    progress.advance(3)
    assert stream.getvalue().endswith("\rsopdocs: laid out 4/4 diagrams\n")


def test_progress_is_quiet_when_not_on_a_terminal(capsys):
    from sopdocs.site.pipeline import Progress

    progress = Progress(3)  # pytest's stderr is not a terminal
    progress.advance()
    assert progress.stream is None
    assert capsys.readouterr().err == ""
