"""A YAML reader that keeps positions and refuses hostile documents.

libyaml's event parser (through PyYAML's C binding, which builds lighter event objects
than ruamel's) feeds a small, non-recursive composer that builds a tree of
`YNode`s, each with its 1-based line and column. Doing the composition here (instead of
ruamel's recursive composer and constructor) lets us bound nesting depth and alias
expansion, report every duplicate key instead of stopping at the first, and keep the raw
text of every scalar. Plain scalars are resolved with ruamel.yaml's YAML 1.2 rules
(`yes` stays a string), not PyYAML's YAML 1.1 ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError as RuamelMarkedYAMLError
from ruamel.yaml.error import YAMLError as RuamelYAMLError
from ruamel.yaml.nodes import ScalarNode
from yaml.error import MarkedYAMLError, YAMLError

from .diagnostics import ERROR, Diagnostic
from .limits import DEFAULT_LIMITS, Limits

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass
class YNode:
    """A node of a parsed YAML document with its source position (1-based).

    `kind` is "map", "seq" or "scalar". For a map, `items` holds (key, value) pairs in
    file order; for a sequence, `items` holds the elements; for a scalar, `value` is the
    Python value (str, int, float, bool, None; dates as ISO text) and `raw` its text.
    """

    kind: str
    line: int
    col: int
    value: Any = None
    raw: str = ""
    tag: str = "str"
    items: list = field(default_factory=list)
    size: int = 1

    def get(self, key: str) -> Optional["YNode"]:
        """The value node for `key` in a map (first occurrence), else None."""
        if self.kind != "map":
            return None
        for key_node, value_node in self.items:
            if key_node.kind == "scalar" and key_node.raw == key:
                return value_node
        return None

    def key_node(self, key: str) -> Optional["YNode"]:
        """The key node for `key` in a map (first occurrence), else None."""
        if self.kind != "map":
            return None
        for key_node, _ in self.items:
            if key_node.kind == "scalar" and key_node.raw == key:
                return key_node
        return None

    def pairs(self) -> Iterator[tuple[str, "YNode", "YNode"]]:
        """(key text, key node, value node) for each entry of a map."""
        for key_node, value_node in self.items:
            yield key_node.raw, key_node, value_node

    @property
    def is_null(self) -> bool:
        """True for an explicit or empty null scalar."""
        return self.kind == "scalar" and self.value is None

    def to_python(self) -> Any:
        """Plain Python data (dicts, lists, scalars) for this node and its children."""
        if self.kind == "scalar":
            return self.value
        if self.kind == "seq":
            return [item.to_python() for item in self.items]
        return {key.raw: value.to_python() for key, value in self.items}


class YamlProblem(Exception):
    """Composition stopped; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class _Composer:
    path: str
    limits: Limits
    yaml: YAML
    diagnostics: list = field(default_factory=list)
    anchors: dict = field(default_factory=dict)
    stack: list = field(default_factory=list)
    expanded: int = 0

    def fail(self, mark, code: str, message: str, hint: str) -> None:
        raise YamlProblem(
            Diagnostic(self.path, mark.line + 1, mark.column + 1, code, ERROR, message, hint)
        )

    def count(self, nodes: int, mark) -> None:
        self.expanded += nodes
        if self.expanded > self.limits.max_yaml_nodes:
            self.fail(
                mark,
                "SOP009",
                f"the document expands to more than {self.limits.max_yaml_nodes:,} YAML"
                " nodes (anchors and aliases repeated too often)",
                "write the content out instead of nesting aliases; the limit is the"
                " setting max_yaml_nodes",
            )

    def check_tag(self, tag: Optional[str], mark) -> None:
        """Refuse a non-standard tag (`!!python/object`...) on a scalar, list or mapping."""
        if tag and tag != "!" and tag not in _STANDARD_TAGS:
            self.fail(
                mark,
                "SOP012",
                f"YAML tag '{tag}' is not supported in process files",
                "remove the tag; plain YAML strings, numbers and lists are enough",
            )

    def resolve(self, text: str, implicit) -> str:
        """The implicit tag of a plain scalar (memoised: a handbook repeats the same
        keys and values thousands of times, and ruamel's resolver is slow)."""
        memo_key = (text, implicit)
        tag = _RESOLVED.get(memo_key)
        if tag is None:
            if len(_RESOLVED) > _RESOLVED_MAX:
                _RESOLVED.clear()
            tag = _RESOLVED[memo_key] = str(self.yaml.resolver.resolve(ScalarNode, text, implicit))
        return tag

    def scalar(self, event) -> YNode:
        mark = event.start_mark
        tag = event.tag
        self.check_tag(tag, mark)
        if tag is None or tag == "!":
            tag = self.resolve(event.value, event.implicit)
            if event.implicit and not event.implicit[0]:
                tag = "tag:yaml.org,2002:str"
        value = self.construct(tag, event.value, mark)
        short = tag.rsplit(":", 1)[-1]
        return YNode("scalar", mark.line + 1, mark.column + 1, value, event.value, short)

    def construct(self, tag: str, text: str, mark) -> Any:
        if tag == "tag:yaml.org,2002:str":
            return text
        memo_key = (tag, text)
        if memo_key in _CONSTRUCTED:
            return _CONSTRUCTED[memo_key]
        constructor = self.yaml.constructor
        node = ScalarNode(self.resolve(text, (True, False)), text, mark, mark)
        try:
            value = constructor.construct_object(node, deep=True)
        except (RuamelYAMLError, ValueError, TypeError, OverflowError):
            value = text
        finally:
            constructor.constructed_objects.clear()  # the instance is shared: keep it empty
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        if len(_CONSTRUCTED) > _RESOLVED_MAX:
            _CONSTRUCTED.clear()
        _CONSTRUCTED[memo_key] = value  # ints, floats, bools, None and text: immutable
        return value

    def open(self, kind: str, event) -> None:
        mark = event.start_mark
        self.check_tag(event.tag, mark)
        if len(self.stack) >= self.limits.max_nesting_depth:
            self.fail(
                mark,
                "SOP010",
                f"the document nests deeper than {self.limits.max_nesting_depth} levels",
                "flatten the structure; the limit is the setting max_nesting_depth",
            )
        self.count(1, mark)
        node = YNode(kind, mark.line + 1, mark.column + 1)
        self.stack.append((node, getattr(event, "anchor", None), []))

    def close(self) -> YNode:
        node, anchor, pending = self.stack.pop()
        if node.kind == "map":
            node.items = self.pair_up(pending)
        else:
            node.items = pending
        node.size = 1 + sum(item.size for item in pending)
        if anchor:
            self.anchors[anchor] = node
        return node

    def pair_up(self, flat: list) -> list:
        pairs, seen = [], {}
        for key, value in zip(flat[0::2], flat[1::2]):
            name = key.raw if key.kind == "scalar" else None
            if name is not None and name in seen:
                first = seen[name]
                self.diagnostics.append(
                    Diagnostic(
                        self.path, key.line, key.col, "SOP002", ERROR,
                        f"duplicate key '{name}' (first defined at line {first.line})",
                        f"remove one of the two; the first, at line {first.line}, is used",
                    )
                )
                continue
            if name is not None:
                seen[name] = key
            pairs.append((key, value))
        return pairs

    def add(self, node: YNode) -> Optional[YNode]:
        if not self.stack:
            return node
        self.stack[-1][2].append(node)
        return None

    def alias(self, event) -> YNode:
        node = self.anchors.get(event.anchor)
        if node is None:
            self.fail(
                event.start_mark, "SOP001", f"alias '*{event.anchor}' has no anchor",
                f"define '&{event.anchor}' before using '*{event.anchor}'",
            )
        self.count(node.size, event.start_mark)
        return node


_RESOLVED: dict = {}
_CONSTRUCTED: dict = {}
_RESOLVED_MAX = 100_000
# libyaml's parser when PyYAML was built with it (the wheels are), else PyYAML's Python one
_EVENT_LOADER = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
_RUAMEL: list = []


def _ruamel_safe() -> YAML:
    """One ruamel.yaml safe instance for resolving and constructing scalars."""
    if not _RUAMEL:
        _RUAMEL.append(YAML(typ="safe"))
    return _RUAMEL[0]


def compose(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Optional[YNode], list]:
    """Parse YAML text into a YNode tree; returns (root or None, diagnostics).

    Raises YamlProblem for an error that stops reading (syntax, limits, bad tags); the
    diagnostics returned alongside a root are the ones that do not (duplicate keys,
    extra documents).
    """
    try:
        return _compose(pyyaml.parse(text, Loader=_EVENT_LOADER), text, path, limits)
    except YamlProblem as problem:
        if problem.diagnostic.code != "SOP010":
            raise
    # libyaml's scanner refused a deep flow collection while reading ahead, far past the
    # level where our own limit stops; ruamel's parser reads lazily and says where that is
    return _compose(_ruamel_safe().parse(text), text, path, limits)


def _compose(events, text: str, path: str, limits: Limits) -> tuple[Optional[YNode], list]:
    composer = _Composer(path, limits, _ruamel_safe())
    root: Optional[YNode] = None
    documents = 0
    try:
        for event in events:
            kind = event.__class__.__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents == 2:
                    composer.diagnostics.append(
                        Diagnostic(
                            path, event.start_mark.line + 1, event.start_mark.column + 1,
                            "SOP011", ERROR,
                            "the file holds more than one YAML document",
                            "keep one process per file; remove the '---' and what follows",
                        )
                    )
                continue
            if documents > 1:
                continue
            done = _feed(composer, kind, event)
            if done is not None:
                root = done
    except (MarkedYAMLError, RuamelMarkedYAMLError) as error:
        raise YamlProblem(_syntax_diagnostic(path, text, error)) from None
    except RecursionError:
        raise YamlProblem(
            Diagnostic(path, 1, 1, "SOP010", ERROR, "the document nests too deeply",
                       "flatten the structure; the limit is the setting max_nesting_depth")
        ) from None
    except (YAMLError, RuamelYAMLError) as error:
        raise YamlProblem(
            Diagnostic(path, 1, 1, "SOP001", ERROR, f"YAML error: {error}",
                       "fix the YAML syntax")
        ) from None
    return root, composer.diagnostics


def _feed(composer: _Composer, kind: str, event) -> Optional[YNode]:
    # dispatch on the class name: PyYAML's and ruamel's events have the same names and fields
    if kind == "ScalarEvent":
        node = composer.scalar(event)
        composer.count(1, event.start_mark)
        if event.anchor:
            composer.anchors[event.anchor] = node
        return composer.add(node)
    if kind == "AliasEvent":
        return composer.add(composer.alias(event))
    if kind == "MappingStartEvent":
        composer.open("map", event)
    elif kind == "SequenceStartEvent":
        composer.open("seq", event)
    elif kind in ("MappingEndEvent", "SequenceEndEvent"):
        return composer.add(composer.close())
    return None


def _syntax_diagnostic(path: str, text: str, error) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    tab = _tab_in_indentation(text)
    if tab and (tab[0] <= line):
        return Diagnostic(
            path, tab[0], tab[1], "SOP003", ERROR,
            "tab character used for indentation",
            "YAML indentation must use spaces; replace the tab with spaces",
        )
    problem = (error.problem or "invalid YAML").strip()
    context = (error.context or "").strip()
    if "maximum nesting depth" in problem:  # libyaml's own bound, met before ours
        return Diagnostic(
            path, line, col, "SOP010", ERROR, "the document nests too deeply",
            "flatten the structure; the limit is the setting max_nesting_depth",
        )
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Diagnostic(path, line, col, "SOP001", ERROR, message, _syntax_hint(problem))


def _tab_in_indentation(text: str) -> Optional[tuple[int, int]]:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped:
            return number, indent.index("\t") + 1
    return None


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a ':' inside a value needs quotes, e.g. name: \"Step: review\""
    if "could not find expected ':'" in problem:
        return "each entry needs 'key: value'; check the indentation of this line"
    if "special characters are not allowed" in problem or "control" in problem:
        return "the file contains control characters or binary data; save it as plain UTF-8 text"
    if "found unexpected end of stream" in problem or "found unexpected" in problem:
        return "check for an unclosed quote or bracket"
    return "check the indentation and quoting around this position"
