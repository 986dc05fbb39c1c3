"""The serve watcher: a save wakes a rebuild at once; reading files (as every rebuild
does) does not, or serve would rebuild in an endless loop."""

import threading
import time

from sopdocs.site.serve_watch import watch_at_once


class _Server:
    """The two attributes of MkDocs's LiveReloadServer the watcher uses."""

    def __init__(self):
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.build_delay = 0.5


def _woken(server: _Server, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    with server._rebuild_cond:
        while not server._want_rebuild and time.monotonic() < deadline:
            server._rebuild_cond.wait(0.05)
    return server._want_rebuild


def test_reading_files_does_not_wake_a_rebuild_and_saving_one_does(tmp_path):
    process = tmp_path / "quote.yaml"
    process.write_text("title: Quote\n", encoding="utf-8")
    server = _Server()
    observer = watch_at_once(server, tmp_path)
    assert observer is not None  # inotify here: MkDocs's polling is not added
    try:
        assert server.build_delay == 0.05
        for _ in range(20):  # a rebuild opens, reads and closes every process file
            process.read_bytes()
            process.stat()
        assert not _woken(server, 1.0)
        process.write_text("title: Quote, edited\n", encoding="utf-8")
        assert _woken(server, 5.0)
        server._want_rebuild = False
        (tmp_path / "new.yaml").write_text("title: New\n", encoding="utf-8")
        assert _woken(server, 5.0)
    finally:  # later tests fork worker pools, which needs this process to have one thread
        observer.stop()
        observer.join(timeout=10)
