"""Structural looks at HTML pages for tests: the options of a select, the cells of a table, the
visible text of a page (text nodes only, never attribute values such as UUIDs in links).

Searching a short token in a whole response body fails at random (a case UUID ``3fd3880c-...``
holds "388"); these helpers look where the token would be shown. Built on the standard library's
``html.parser`` (no extra dependency).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
# Text inside these is not shown to the reader.
INVISIBLE = {"script", "style", "template", "head", "title"}


@dataclass
class Element:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # Element or str
    parent: Element | None = None

    def iter(self, tag: str | None = None):
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    def find_all(self, tag: str | None = None, **attrs) -> list[Element]:
        return [
            element
            for element in self.iter(tag)
            if all(_attr_matches(element, key, value) for key, value in attrs.items())
        ]

    def find(self, tag: str | None = None, **attrs) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def texts(self) -> list[str]:
        """The text nodes under this element, outside scripts and styles."""
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif child.tag not in INVISIBLE:
                out.extend(child.texts())
        return out

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts()).split())

    def get(self, name, default=None):
        return self.attrs.get(name, default)


def _attr_matches(element, key, value):
    key = key.rstrip("_").replace("_", "-")
    if key == "class":
        return value in (element.attrs.get("class") or "").split()
    return element.attrs.get(key) == value


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {k: (v if v is not None else "") for k, v in attrs}, [], self.current
        )
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        element = Element(
            tag, {k: (v if v is not None else "") for k, v in attrs}, [], self.current
        )
        self.current.children.append(element)

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(content) -> Element:
    content = _decoded(content)
    builder = _Builder()
    builder.feed(content)
    builder.close()
    return builder.root


def visible_text(content) -> str:
    """What a reader sees of a page: its text nodes, whitespace collapsed (no attributes)."""
    root = parse(content)
    body = root.find("body")
    return (body or root).text


def words(content) -> set[str]:
    """The tokens of the visible text (split on anything but letters, digits, '-' and '_')."""
    return set(re.findall(r"[\w-]+", visible_text(content)))


def _decoded(content) -> str:
    if hasattr(content, "content"):
        content = content.content
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    return content


def _token_pattern(token: str) -> str:
    # Not inside a longer word, number or identifier: "388" is not found in "3fd3880c-..." (a
    # random UUID), "RS-V000001" not in "RS-V0000012".
    return r"(?<![\w-])" + re.escape(token) + r"(?!\w)"


def text_has(content, token: str) -> bool:
    """Whether ``token`` is shown: a whole token of the visible text (no attribute values, no
    script)."""
    return re.search(_token_pattern(token), visible_text(content)) is not None


def markup_has(content, token: str) -> bool:
    """Whether ``token`` appears anywhere in the document, attribute values included (what a
    leak test needs), as a whole token rather than inside a UUID, a CSRF token or a longer
    number."""
    return re.search(_token_pattern(token), _decoded(content)) is not None


def markup_matches(content, pattern: str) -> bool:
    """Whether the regular expression ``pattern`` matches a whole token of the document."""
    return re.search(r"(?<![\w-])(?:" + pattern + r")(?!\w)", _decoded(content)) is not None


def option_labels(content) -> set[str]:
    """The labels of every option of every select of the page."""
    return {option.text for option in parse(content).iter("option")}


contains_token = text_has


def select_options(content, name: str) -> list[tuple[str, str]]:
    """``(value, label)`` of every option of the select named ``name`` (all of them if several
    selects share the name)."""
    root = parse(content)
    return [
        (option.get("value", option.text), option.text)
        for select in root.find_all("select", name=name)
        for option in select.iter("option")
    ]


def all_option_values(content) -> set[str]:
    root = parse(content)
    return {option.get("value", option.text) for option in root.iter("option")}


def table_cells(content, table_id: str | None = None) -> list[list[str]]:
    """The text of every cell, row by row, of the table with ``id`` (or of every table)."""
    root = parse(content)
    tables = root.find_all("table", id=table_id) if table_id else root.find_all("table")
    return [
        [
            cell.text
            for cell in row.children
            if isinstance(cell, Element) and cell.tag in ("td", "th")
        ]
        for table in tables
        for row in table.iter("tr")
    ]


def hidden_input(content, name: str) -> str:
    [element] = [
        element
        for element in parse(content).find_all("input", name=name)
        if element.get("type") == "hidden"
    ]
    return element.get("value", "")
