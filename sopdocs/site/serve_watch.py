"""Serve: a save under the processes folder wakes MkDocs's rebuild loop at once.

MkDocs polls watched folders every half second; a native watchdog observer (inotify on
Linux) notices a save at once. It reacts only to events that can change a file: every
rebuild opens and reads every process file, and waking on those would rebuild forever.
"""

from __future__ import annotations

from pathlib import Path


def watch_at_once(server, folder: Path):
    """Wake MkDocs's rebuild loop on any change under `folder`, from a native watchdog
    observer (returned); None when there is none, and MkDocs's polling observer must watch it.
    (Both at once would build twice per save: once at once, once at the next poll.)"""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        condition = server._rebuild_cond  # MkDocs 1.6 (frozen): the loop waits on this
    except (ImportError, AttributeError):
        return None

    class _Wake(FileSystemEventHandler):
        def on_any_event(self, event):
            if changes_content(event):
                with condition:
                    server._want_rebuild = True
                    condition.notify_all()

    observer = Observer()
    observer.daemon = True
    try:
        observer.schedule(_Wake(), str(folder), recursive=True)
        observer.start()
    except OSError:  # e.g. out of inotify watches: MkDocs's polling still works
        return None
    server.build_delay = 0.05  # wait this long for a burst of saves to end
    return observer


_CHANGES = frozenset({"created", "modified", "moved", "deleted", "closed"})
"""The watchdog event types that can change a file's content ("closed" is a close
after writing); opening and reading a file, which every rebuild does to each process
file, must not wake another rebuild, or serve would rebuild in an endless loop."""


def changes_content(event) -> bool:
    """True for a watchdog event that may have changed a file under the watched folder."""
    return not event.is_directory and event.event_type in _CHANGES
