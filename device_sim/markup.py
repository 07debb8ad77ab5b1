"""A TV page's markup as the navigation engine sees it (docs/tv-markup.md).

Standard library only (``html.parser``): a small element tree that the simulator can mutate the
way ``assets/js/tv.js`` mutates the DOM (``hidden`` on modals, ``data-focus`` on containers),
and read-outs of it:

- ``Page.body``: the body's attributes;
- ``Page.items``: every element with class ``f`` and an id (``Item``), with its box, link,
  digit, flags, containers (outer..inner) and text; disabled and hidden ones are included and
  flagged, ``Page.focusable`` keeps only what the engine collects;
- ``Page.containers``: every ``data-container`` element (``Container``);
- ``Page.links``: every ``data-key`` element (``KeyLink``);
- ``Page.text``: the visible text (no script, style, head or ``hidden`` subtrees).

Attribute values are read as the engine reads them (``getAttribute``): a boolean attribute is
present with value ``""``; numbers are converted with JavaScript's ``Number()`` rules.
"""

import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Optional
from urllib.parse import urlsplit

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Starting one of these closes an open <p> (the HTML tree builder's rule, simplified).
CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr main menu nav ol p pre section table ul".split())
# tag -> tags it implicitly closes when started, and the tags that bound that search
IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "optgroup": ({"option", "optgroup"}, {"select"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "a": ({"a"}, set()),
}
# Never rendered as text.
INVISIBLE = frozenset("head title script style template noscript".split())
# Text-level formatting: its boundaries are not word breaks ("编号：<b>3</b>" reads "编号：3").
PHRASING = frozenset("abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small strong sub "
                     "sup time u var".split())
# Elements whose boundaries break a line of text.
BLOCK = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td "
    "tfoot th thead tr ul".split())

_F_CLASS = re.compile(r"(^|\s)f(\s|$)")
_JS_DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$")
_TVKEYS = re.compile(r"\bTVKEYS\s*=\s*(\{[^}]*\})\s*,\s*TVPROFILE\s*=\s*\"([^\"]*)\"")


def js_number(value):
    """JavaScript's unary ``+`` on a string (``None`` is ``undefined``): a float, NaN if none."""
    if value is None:
        return math.nan
    s = value.strip(" \t\n\r\f\v\u00a0\ufeff\u2028\u2029")
    if s == "":
        return 0.0
    if s in ("Infinity", "+Infinity"):
        return math.inf
    if s == "-Infinity":
        return -math.inf
    low = s.lower()
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if low.startswith(prefix):
            try:
                return float(int(s[2:], base))
            except ValueError:
                return math.nan
    if _JS_DECIMAL.match(s):
        return float(s)
    return math.nan


def _plain(number):
    """An integral finite float as int (boxes print as 160, not 160.0)."""
    return int(number) if math.isfinite(number) and number == int(number) else number


class Element:
    """One element: tag, attributes (mutable, like the DOM's), parent, children (Element|str)."""

    __slots__ = ("tag", "attrs", "parent", "children", "__weakref__")

    def __init__(self, tag, attrs=None, parent=None):
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.parent = parent
        self.children = []

    def get(self, name):
        """``getAttribute``: the value, ``""`` for a boolean attribute, ``None`` if absent."""
        return self.attrs.get(name)

    def has(self, name):
        return name in self.attrs

    @property
    def id(self):
        return self.attrs.get("id") or ""

    @property
    def class_name(self):
        return self.attrs.get("class") or ""

    def ancestors(self, include_self=True):
        """This element (optionally) and its ancestors, innermost first."""
        node = self if include_self else self.parent
        while node is not None and node.tag is not None:
            yield node
            node = node.parent

    def iter(self):
        """This element and its descendants in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in reversed(node.children) if isinstance(c, Element))

    def raw_text(self):
        """All text below, scripts included (``textContent``)."""
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    @property
    def hidden(self):
        """``hidden`` on this element or any ancestor (the only thing that hides, per the contract)."""
        return any(e.has("hidden") for e in self.ancestors())

    def __repr__(self):
        return "<%s%s>" % (self.tag, " id=%s" % self.id if self.id else "")


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element(None)
        self.stack = [self.root]

    @property
    def current(self):
        return self.stack[-1]

    def _close_to(self, index):
        del self.stack[index:]

    def _open_index(self, tags, bounds):
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                return i
            if tag in bounds:
                return None
        return None

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_P:
            i = self._open_index({"p"}, {"button", "table", "td", "th"})
            if i is not None:
                self._close_to(i)
        if tag in IMPLIED_END:
            i = self._open_index(*IMPLIED_END[tag])
            if i is not None:
                self._close_to(i)
        values = {}
        for name, value in attrs:
            values.setdefault(name, "" if value is None else value)  # the first one wins
        element = Element(tag, values, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        # "<div/>" is an open tag in HTML, as in the browser; only SVG and MathML close it
        foreign = any(e.tag in ("svg", "math") for e in self.stack)
        if tag not in VOID and foreign and self.current.tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._close_to(i)
                return

    def handle_data(self, data):
        children = self.current.children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def visible_text(element):
    """Rendered text of an element: no script/style/head, no ``hidden`` subtree; block
    boundaries end lines, other element boundaries but text formatting (b, em, ...) are word
    breaks (no CSS is read: spans are mostly placed apart); whitespace collapsed."""
    parts = []

    def walk(node):
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in INVISIBLE and not child.has("hidden"):
                brk = "\n" if child.tag in BLOCK else "" if child.tag in PHRASING else " "
                parts.append(brk)
                walk(child)
                parts.append(brk)

    if element.tag not in INVISIBLE and not element.hidden:
        walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class Container:
    """A ``data-container`` element (docs/tv-markup.md, Containers)."""

    name: str
    id: Optional[str]
    block: str                  # data-block-exit ("" if absent)
    enter: Optional[str]        # data-enter
    focus: Optional[str]        # data-focus: the remembered child (the engine writes it)
    next: Optional[str]         # data-next
    prev: Optional[str]         # data-prev
    modal: bool                 # data-modal
    hidden: bool = False        # hidden itself or inside a hidden ancestor
    element: Element = field(default=None, repr=False, compare=False)

    @property
    def blocked(self):
        return set(self.block.split())

    @property
    def paged(self):
        return bool(self.next or self.prev)


def container_of(element):
    get = element.get
    return Container(name=get("data-container"), id=element.id or None,
                     block=get("data-block-exit") or "", enter=get("data-enter"),
                     focus=get("data-focus"), next=get("data-next"), prev=get("data-prev"),
                     modal=element.has("data-modal"), hidden=element.hidden, element=element)


def containers_around(element):
    """The containers around an element (itself included), outer..inner."""
    return [container_of(e) for e in reversed(list(element.ancestors())) if e.has("data-container")]


@dataclass
class Item:
    """A focusable item: an element with class ``f`` and an id (docs/tv-markup.md)."""

    id: str
    box: tuple                  # (x, y, w, h) from data-box, as the engine reads it
    href: Optional[str]         # the href attribute as written (None if absent)
    num: Optional[int]          # data-num as an integer (None if absent or not a plain number)
    replace: bool               # data-replace
    action: Optional[str]       # data-action ("close", "back")
    autofocus: bool             # data-autofocus
    containers: list            # [Container] outer..inner
    text: str                   # visible text
    key: Optional[str] = None   # data-key, when the item is also a key link
    disabled: bool = False      # disabled or aria-disabled="true"
    hidden: bool = False        # hidden on it or an ancestor
    tag: str = "a"
    element: Element = field(default=None, repr=False, compare=False)

    @property
    def focusable(self):
        return not (self.disabled or self.hidden)


def parse_box(value):
    """``data-box`` as the engine reads it: ``+part`` for the first four comma-separated parts."""
    parts = (value or "").split(",")
    parts += [None] * (4 - len(parts))
    return tuple(_plain(js_number(p)) for p in parts[:4])


def item_of(element, containers=None):
    get = element.get
    num = get("data-num")
    return Item(
        id=element.id, box=parse_box(get("data-box")), href=get("href"),
        num=int(num) if num is not None and num.isascii() and num.isdigit() else None,
        replace=element.has("data-replace"), action=get("data-action"),
        autofocus=element.has("data-autofocus"),
        containers=containers_around(element) if containers is None else containers,
        text=visible_text(element), key=get("data-key") or None,
        disabled=element.has("disabled") or get("aria-disabled") == "true",
        hidden=element.hidden, tag=element.tag, element=element)


@dataclass
class KeyLink:
    """An element with ``data-key`` (a colour, paging, MENU or INFO key follows its href)."""

    key: str
    href: Optional[str]
    replace: bool
    containers: list
    text: str
    hidden: bool = False
    tag: str = "a"
    element: Element = field(default=None, repr=False, compare=False)


def is_item(element):
    """Class ``f`` with a non-empty id: what the engine considers an item."""
    return bool(element.id) and bool(_F_CLASS.search(element.class_name))


class Page:
    """A parsed TV page. Read-outs are computed afresh from the (mutable) tree on each access."""

    def __init__(self, html):
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        self.html = html
        self.root = builder.root
        self.elements = [e for e in self.root.iter() if e.tag is not None]

    # -- the tree ------------------------------------------------------------------------

    def by_id(self, element_id):
        """``getElementById``: the first element with that id, or None."""
        for element in self.elements:
            if element.get("id") == element_id:
                return element
        return None

    def first(self, tag):
        for element in self.elements:
            if element.tag == tag:
                return element
        return None

    @property
    def body_element(self):
        return self.first("body")

    @property
    def base_href(self):
        """The first ``<base href>``, if any (relative links resolve against it)."""
        for element in self.elements:
            if element.tag == "base" and element.has("href"):
                return element.get("href")
        return None

    # -- read-outs -----------------------------------------------------------------------

    @property
    def body(self):
        body = self.body_element
        return dict(body.attrs) if body is not None else {}

    @property
    def title(self):
        title = self.first("title")
        return " ".join(title.raw_text().split()) if title is not None else ""

    @property
    def items(self):
        """Every class-``f`` element with an id, disabled and hidden ones included."""
        return [item_of(e) for e in self.elements if is_item(e)]

    @property
    def focusable(self):
        """The items the engine can focus (not disabled, not hidden), in document order."""
        return [i for i in self.items if i.focusable]

    @property
    def containers(self):
        return [container_of(e) for e in self.elements if e.has("data-container")]

    @property
    def links(self):
        return [KeyLink(key=e.get("data-key"), href=e.get("href"), replace=e.has("data-replace"),
                        containers=containers_around(e), text=visible_text(e), hidden=e.hidden,
                        tag=e.tag, element=e)
                for e in self.elements if e.get("data-key")]

    @property
    def text(self):
        body = self.body_element
        return visible_text(body if body is not None else self.root)

    # -- scripts -------------------------------------------------------------------------

    def script_sources(self):
        return [e.get("src") for e in self.elements if e.tag == "script" and e.get("src")]

    @property
    def has_engine(self):
        """Whether the page loads nav.js and tv.js (without them keys do nothing)."""
        names = {urlsplit(src).path.rsplit("/", 1)[-1] for src in self.script_sources()}
        return {"nav.js", "tv.js"} <= names

    @property
    def tvkeys(self):
        """The inlined ``(TVKEYS, TVPROFILE)``: ({code: logical}, profile), or (None, None)."""
        for element in self.elements:
            if element.tag == "script" and not element.get("src"):
                match = _TVKEYS.search(element.raw_text())
                if match:
                    try:
                        table = json.loads(match.group(1))
                    except ValueError:
                        continue
                    keys = {int(code): key for code, key in table.items()
                            if str(code).isdigit() and str(int(code)) == str(code)}
                    return keys, match.group(2)
        return None, None

    def json_script(self, element_id):
        """The parsed content of ``<script type="application/json" id=...>`` (fixtures' expect)."""
        element = self.by_id(element_id)
        return json.loads(element.raw_text()) if element is not None else None


def parse(html):
    """Parse a TV page's HTML into a ``Page``."""
    return Page(html)
