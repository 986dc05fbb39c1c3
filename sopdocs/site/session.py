"""What `sopdocs serve` remembers between rebuilds, so an edit re-renders only the pages
it affects (no MkDocs here; the plugin asks these questions).

- `changed(path, content)`: whether a generated file differs from the last build's
  (by SHA-256 of its text and figures); unchanged pages are skipped by MkDocs's dirty
  build, so only the edited process's page, its comparison pages and the role and home
  pages whose text moved are converted again.
- `titles`: the title MkDocs found for each page in an earlier build, given back to the
  pages a dirty build skips so the navigation shows the same titles.
- `merge_search_index`: a dirty build indexes only the pages it rebuilt; the entries of
  the others are taken from the previous index, so search keeps finding every page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .section_memo import SectionMemo


def digest(*parts: str) -> str:
    """SHA-256 over text parts (length-prefixed, so parts cannot run together)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


@dataclass
class ServeSession:
    """State kept from one serve build to the next."""

    fingerprints: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    search_docs: dict = field(default_factory=dict)
    rebuilt: set = field(default_factory=set)
    frozen: bool = False
    sections: SectionMemo = field(default_factory=SectionMemo)

    def changed(self, path: str, *content: str) -> bool:
        """True when `path`'s content differs from the previous build's (or is new)."""
        fingerprint = digest(*content)
        if self.fingerprints.get(path) == fingerprint:
            return False
        self.fingerprints[path] = fingerprint
        return True

    def merge_search_index(self, index_text: str, page_order: list[str]) -> str:
        """The search index of this build with the entries of skipped pages put back.

        `page_order` lists every page's URL (as in the index's `location`) in build
        order; pages in `rebuilt` take this build's entries, the others the remembered
        ones.
        """
        index = json.loads(index_text)
        fresh: dict[str, list] = {}
        for doc in index.get("docs", []):
            fresh.setdefault(_page_of(doc.get("location", "")), []).append(doc)
        for url in page_order:
            if url in self.rebuilt or url not in self.search_docs:
                self.search_docs[url] = fresh.get(url, [])
        known = set(page_order)
        for url in list(self.search_docs):
            if url not in known:
                del self.search_docs[url]
        index["docs"] = [doc for url in page_order for doc in self.search_docs.get(url, [])]
        return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
