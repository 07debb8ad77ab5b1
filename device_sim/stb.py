"""VirtualSTB: a set-top box without a screen. It loads TV pages over real HTTP and runs the
engine of assets/js/tv.js on them, ported step for step (the spatial move is device_sim.nav, the
port of nav.js). The contract is docs/tv-markup.md; where the two differ, tv.js is followed.

What is the same as on a box: items, key links and containers are read again from the markup
before every key; the DOM changes the engine makes (``hidden`` on modals, ``data-focus`` on
containers) persist until the next page load; the back stack is the session cookie ``tvback``
(path ``/``) in tv.js's format, at most 10 entries; ``#f=`` fragments set the initial focus; a
link to the same URL with another fragment does not reload the page (the engine restarts on
``hashchange``); a link to exactly where the box already is does nothing (and pushes nothing);
form buttons submit their form (GET or POST, urlencoded) with their own
name/value; ``press_code`` reads a code through the page's inlined ``TVKEYS``.

What is not, because there is no clock: a key acts once per ``press`` call. The engine's timing
rules (a keypress/irkeypress twin within 500 ms of a keydown is the same press; the same key acts
at most once per 120 ms while held; keys are ignored for up to 2 s after a navigation starts) do
not apply. Page loads complete inside ``press``. When a press starts a navigation that loads
nothing (a click that submits nothing), ``stalled`` is set: a real box would ignore keys for the
next 2 s. No CSS is applied: only ``hidden`` hides (the contract).
An HTTP error status loads its page like any other; a server that does not answer raises
urllib's error (an ``OSError``) out of ``open`` or ``press``, and the box stays where it was.
"""

import http.cookiejar
import re
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit, urlunsplit

from . import nav
from .markup import container_of, is_item, item_of, parse, parse_box
from .profiles import DEFAULT_PROFILE, EVENTS, LOGICAL_KEYS, PROFILES, example_ua, lookup, profile_for

__all__ = ["VirtualSTB", "js_encode", "js_decode"]

DIRS = nav.DIRECTIONS
STACK_COOKIE = "tvback"
STACK_SIZE = 10

# WHATWG percent-encode sets (beyond C0 controls, space and non-ASCII) for the URL parts.
_PATH_EXTRA = '"#<>?`{}'
_QUERY_EXTRA = "\"#<>'"
_FRAGMENT_EXTRA = '"<>`'
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_HASH_F = re.compile(r"[#&]f=([^&]*)")
_FORM_SAFE = frozenset(b"*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LISTED = frozenset("button fieldset input object output select textarea".split())


def js_encode(text):
    """JavaScript's encodeURIComponent."""
    return quote(text, safe="-_.!~*'()")


def js_decode(text):
    """JavaScript's decodeURIComponent: ValueError where it throws URIError."""
    out, pos = [], 0
    for match in _ESCAPES.finditer(text):
        plain = text[pos:match.start()]
        if "%" in plain:
            raise ValueError("malformed escape in %r" % text)
        out.append(plain)
        out.append(bytes.fromhex(match.group().replace("%", "")).decode("utf-8"))
        pos = match.end()
    if "%" in text[pos:]:
        raise ValueError("malformed escape in %r" % text)
    out.append(text[pos:])
    return "".join(out)


def _pct(text, extra):
    out = []
    for ch in text:
        if ord(ch) <= 0x20 or ord(ch) >= 0x7F or ch in extra:
            out.append("".join("%%%02X" % b for b in ch.encode("utf-8", "surrogatepass")))
        else:
            out.append(ch)
    return "".join(out)


def _browser_url(url):
    """An absolute URL as a browser's location shows it (without the fragment)."""
    parts = urlsplit(url)
    path = parts.path or ("/" if parts.scheme in ("http", "https") else "")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), _pct(path, _PATH_EXTRA),
                       _pct(parts.query, _QUERY_EXTRA), ""))


def _form_encode(entries):
    """application/x-www-form-urlencoded, as a browser serialises a form."""

    def enc(text):
        return "".join(chr(b) if b in _FORM_SAFE else "+" if b == 0x20 else "%%%02X" % b
                       for b in text.encode("utf-8", "surrogatepass"))

    return "&".join("%s=%s" % (enc(name), enc(value)) for name, value in entries)


def _host_key(url):
    """The domain http.cookiejar files a host-only cookie of this URL's host under."""
    host = (urlsplit(url).hostname or "").lower()
    return host if "." in host else host + ".local"


class VirtualSTB:
    """A headless box: ``VirtualSTB(base).open("/tv/").press("DOWN").press("OK")``.

    ``profile`` defaults to the one ``user_agent`` selects (else desktop); ``user_agent``
    defaults to an example agent that makes the server pick ``profile``.
    """

    def __init__(self, base_url, box_id=None, profile=None, user_agent=None, timeout=10):
        if profile is not None and profile not in PROFILES:
            raise ValueError("unknown profile %r (one of %s)" % (profile, ", ".join(sorted(PROFILES))))
        self.base_url = base_url
        self.box_id = box_id
        self.profile = profile or (profile_for(user_agent) if user_agent else DEFAULT_PROFILE)
        self.user_agent = user_agent or example_ua(self.profile)
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.log = []
        self.stalled = False
        self.status = None
        self.document = None     # the current markup.Page (mutated as the engine mutates the DOM)
        self._location = None    # absolute URL of the current page, without fragment
        self._fragment = None    # the fragment (None: no '#')
        self._opened = False
        self._reset()

    def _reset(self):
        # tv.js's state for one page
        self._cid = None         # cid: the focused item's id
        self._ce = None          # ce: its element
        self._active = None      # document.activeElement (None: the body)
        self._from = None        # from: the focus a modal took, restored when it closes
        self._S = []             # S: the items in scope (trapped by a modal)
        self._all = []           # every visible, enabled item
        self._links = []         # links: the visible key links

    def __repr__(self):
        return "<VirtualSTB %s focused=%r>" % (self.url, self.focused)

    # -- public API ------------------------------------------------------------------------

    def open(self, path_or_url):
        """Load a page (relative to base_url) like typing its address; ``#f=`` sets the focus."""
        target = urljoin(self.base_url, path_or_url)
        if self.box_id and not self._opened:
            parts = urlsplit(target)
            if "stb" not in dict(parse_qsl(parts.query, keep_blank_values=True)):
                query = parts.query + ("&" if parts.query else "") + "stb=" + quote(self.box_id, safe="")
                target = urlunsplit(parts._replace(query=query))
        url, sep, fragment = target.partition("#")
        self._load(url, fragment if sep else None)
        self._opened = True
        return self

    def press(self, key):
        """One press of a logical key (UP DOWN LEFT RIGHT OK BACK EXIT HOME PAGE_UP PAGE_DOWN
        NUM_0..NUM_9 RED GREEN YELLOW BLUE MENU INFO; VOL_UP VOL_DOWN MUTE do nothing)."""
        if key not in LOGICAL_KEYS:
            raise ValueError("unknown logical key %r" % (key,))
        self._require_page()
        self.stalled = False
        if self._engine:
            self._act(key)
        self.log.append((key, self.focused, self.url))
        return self

    def press_code(self, code, event_type="keydown"):
        """A key event as the box delivers it, read through the page's inlined TVKEYS (the
        profile the server chose); a code that means nothing there does nothing."""
        if event_type not in EVENTS:
            raise ValueError("event_type must be one of %s" % (EVENTS,))
        self._require_page()
        key = lookup(self._page_keys(), code, event_type) if self._engine else None
        if key is not None:
            self.press(key)
        return self

    def focus(self, item_id):
        """Focus an item as ``document.getElementById(id).focus()`` would, the engine following
        (an item behind an open modal hands the focus back to the modal). For analysis tools."""
        self._require_page()
        self._collect()
        it = nav.get(self._all, item_id)
        if it is None:
            raise ValueError("no visible, enabled item %r on %s" % (item_id, self.url))
        if self._dom_focusable(it["el"]):
            self._active = it["el"]
            if self._cid is not None and self._active is not self._ce:
                self._ready()  # tv.js sync() on the focus event
        else:  # the browser would refuse; put the engine's focus there as a move would
            self._set(it)
        return self

    def move_target(self, item_id, direction):
        """What an arrow from ``item_id`` would do now (nav.move on the current scope), with
        no side effect: {"id"}, {"url", "f"} or None."""
        self._require_page()
        self._collect()
        return nav.move(self._S, item_id, direction)

    @property
    def focused(self):
        return self._cid

    @property
    def focused_item(self):
        if self._cid is None or self.document is None:
            return None
        self._collect()
        it = nav.get(self._all, self._cid)
        if it is not None:
            return self._item(it)
        element = self._ce or self.document.by_id(self._cid)
        return item_of(element) if element is not None else None

    @property
    def items(self):
        """The focusable items in scope (the open modal's only), document order."""
        if self.document is None:
            return []
        self._collect()
        return [self._item(it) for it in self._S]

    @property
    def all_items(self):
        """Every visible, enabled focusable item of the page, document order."""
        if self.document is None:
            return []
        self._collect()
        return [self._item(it) for it in self._all]

    @property
    def modal(self):
        """The open modal container (markup.Container), or None."""
        if self.document is None:
            return None
        self._collect()
        m = getattr(self._S, "modal", None)
        return container_of(m["el"]) if m is not None else None

    @property
    def url(self):
        """Path and query of the current page (absolute URL if not under base_url)."""
        if self._location is None:
            return None
        here, base = urlsplit(self._location), urlsplit(urljoin(self.base_url, "/"))
        if (here.scheme, here.netloc) != (base.scheme.lower(), base.netloc.lower()):
            return self._location
        return here.path + ("?" + here.query if here.query else "")

    @property
    def location(self):
        """The full current URL, fragment included (``location.href``)."""
        if self._location is None:
            return None
        return self._location + ("#" + self._fragment if self._fragment is not None else "")

    @property
    def page(self):
        return self.body.get("data-page")

    @property
    def body(self):
        return self.document.body if self.document is not None else {}

    @property
    def text(self):
        return self.document.text if self.document is not None else ""

    @property
    def html(self):
        return self.document.html if self.document is not None else ""

    @property
    def back_stack(self):
        """The tvback stack as [(url, id)], bottom first."""
        stack = []
        for entry in self._stack():
            url, sep, item_id = entry.rpartition("!")
            stack.append((unquote(url), unquote(item_id)) if sep else (unquote(entry), ""))
        return stack

    # -- loading ---------------------------------------------------------------------------

    def _require_page(self):
        if self.document is None:
            raise RuntimeError("open() a page first")

    @property
    def _engine(self):
        return self.document is not None and self.document.has_engine

    def _page_keys(self):
        keys, _ = self.document.tvkeys
        return keys or {}  # tv.js: W.TVKEYS || {}

    def _request(self, url, data=None):
        headers = {"User-Agent": self.user_agent,
                   "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=data, headers=headers,
                                         method="POST" if data is not None else "GET")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.geturl(), response.read(), response.headers
        except urllib.error.HTTPError as error:
            try:
                return error.code, error.geturl() or url, error.read(), error.headers
            finally:
                error.close()

    def _load(self, url, fragment=None, data=None):
        """A full page load of an absolute URL; then the engine starts as at the end of body."""
        status, final, body, headers = self._request(_browser_url(url), data)
        final, sep, moved = final.partition("#")
        if sep and fragment is None:
            fragment = moved
        charset = headers.get_content_charset() if headers is not None else None
        try:
            html = body.decode(charset or "utf-8", "replace")
        except LookupError:
            html = body.decode("utf-8", "replace")
        self.status = status
        self.document = parse(html)
        self._location = _browser_url(final)
        self._fragment = _pct(fragment, _FRAGMENT_EXTRA) if fragment is not None else None
        self._reset()
        if self._engine:
            self._start()

    def _resolve(self, href):
        """An href or URL as the browser resolves it against the page: (absolute URL, fragment
        or None)."""
        # the URL parser drops surrounding spaces and C0 controls, and tabs and newlines inside
        href = re.sub(r"[\t\n\r]", "", href.strip("".join(map(chr, range(0x21)))))
        ref, sep, fragment = href.partition("#")
        base = self._location
        base_href = self.document.base_href if self.document is not None else None
        if base_href:
            base = urljoin(base, base_href.partition("#")[0])
        return _browser_url(urljoin(base, ref) if ref else base), (fragment if sep else None)

    def _navigate(self, href, data=None):
        """``location.href = href`` (or a form submission with a body)."""
        url, fragment = self._resolve(href)
        if data is None and self._is_here(href):
            return  # tv.js does not go where the box already is
        if data is None and fragment is not None and url == self._location:
            self._fragment = _pct(fragment, _FRAGMENT_EXTRA)  # hashchange -> start()
            self._start()
            return
        self._load(url, fragment, data)

    def _is_here(self, href):
        """tv.js ``here(u)``: ``u`` resolves to the current address, fragment included."""
        url, fragment = self._resolve(href)
        if fragment is not None:
            fragment = _pct(fragment, _FRAGMENT_EXTRA)
        return url == self._location and fragment == self._fragment

    # -- the engine: tv.js ------------------------------------------------------------------

    def _collect(self):
        """Read items (.f with an id), key links and containers from the markup."""
        items, links, tvc = [], [], {}
        for e in self.document.elements:
            if e.has("data-container"):
                tvc[e] = {"el": e, "block": e.get("data-block-exit") or "",
                          "enter": e.get("data-enter"), "focus": e.get("data-focus"),
                          "next": e.get("data-next"), "prev": e.get("data-prev"),
                          "modal": e.has("data-modal")}
            k = e.get("data-key")
            f = is_item(e)
            if not k and not f:
                continue
            c, hid = [], False
            for p in e.ancestors():
                if p.has("hidden"):
                    hid = True
                if p.has("data-container"):
                    c.insert(0, tvc[p])
            if hid:
                continue
            if k:
                links.append({"key": k, "el": e, "c": c})
            if f and not e.has("disabled") and e.get("aria-disabled") != "true":
                items.append({"id": e.id, "el": e, "box": list(parse_box(e.get("data-box"))),
                              "c": c, "num": e.get("data-num"), "af": e.has("data-autofocus")})
        self._all = items
        self._links = links
        self._S = nav.trap(items)

    @staticmethod
    def _dom_focusable(e):
        """Whether ``e.focus()`` takes: a link, an enabled control, or any tabindex."""
        if e.hidden:
            return False
        if e.has("tabindex") and re.match(r"^\s*[+-]?\d+", e.get("tabindex")):
            return True
        if e.tag in ("a", "area"):
            return e.has("href")
        if e.tag in ("button", "select", "textarea"):
            return not e.has("disabled")
        if e.tag == "input":
            return not e.has("disabled") and (e.get("type") or "").lower() != "hidden"
        return False

    def _set(self, it):
        self._cid = it["id"]
        self._ce = it["el"]
        for c in it["c"]:
            c["focus"] = self._cid
            c["el"].attrs["data-focus"] = self._cid
        if self._active is not it["el"] and self._dom_focusable(it["el"]):
            self._active = it["el"]

    def _pager(self):
        """The first paged container on the page (in scope)."""
        for it in self._S:
            for c in it["c"]:
                if c["next"] or c["prev"]:
                    return c
        return None

    def _start(self):
        """Initial focus in the current scope: #f=ID|:first|:last, data-autofocus, first item."""
        self._collect()
        m = _HASH_F.search("#" + self._fragment if self._fragment else "")
        f = ""
        if m:
            try:
                f = js_decode(m.group(1))
            except ValueError:
                f = ""
        scope, p = self._S, self._pager()
        if f in (":first", ":last"):
            if p is not None:
                scope = nav.within(self._S, p)
            it = (scope[0] if f == ":first" else scope[-1]) if scope else None
        else:
            it = nav.get(self._S, f)
        it = it or next((i for i in self._S if i["af"]), None) or (self._S[0] if self._S else None)
        if it:
            self._set(it)

    def _ready(self):
        """Re-read the page and make sure the focused item is valid."""
        self._collect()
        it = next((i for i in self._S if i["el"] is self._active), None) if self._active else None
        it = it or nav.get(self._S, self._cid)
        if it:
            self._set(it)
        else:
            if getattr(self._S, "modal", None) is not None and self._from is None:
                self._from = self._cid
            self._start()
        return it

    # back stack: cookie tvback = "URL!ID|URL!ID..." (each part encodeURIComponent), top last
    def _stack_cookie(self):
        host = _host_key(self._location or self.base_url)
        for cookie in self.jar:
            if cookie.name == STACK_COOKIE and cookie.domain == host and cookie.path == "/":
                return cookie
        return None

    def _stack(self):
        cookie = self._stack_cookie()
        return cookie.value.split("|") if cookie is not None and cookie.value else []

    def _save(self, entries):
        self.jar.set_cookie(http.cookiejar.Cookie(
            version=0, name=STACK_COOKIE, value="|".join(entries), port=None,
            port_specified=False, domain=_host_key(self._location), domain_specified=False,
            domain_initial_dot=False, path="/", path_specified=True, secure=False, expires=None,
            discard=True, comment=None, comment_url=None, rest={}, rfc2109=False))

    def _go(self, url):
        if url:
            self._navigate(url)

    @staticmethod
    def _has_href(e):
        """``e.href`` is truthy: a link element with an href attribute."""
        return e.tag in ("a", "area") and e.has("href")

    def _form_of(self, e):
        """``e.form``: the form owner of a listed form control, else None."""
        if e.tag not in _LISTED:
            return None
        if e.has("form"):
            owner = self.document.by_id(e.get("form"))
            return owner if owner is not None and owner.tag == "form" else None
        return next((p for p in e.ancestors(include_self=False) if p.tag == "form"), None)

    def _follow(self, e):
        if self._has_href(e) and self._is_here(e.get("href") or self._location):
            return
        if not e.has("data-replace"):
            here = urlsplit(self._location)
            entries = self._stack()
            entries.append(js_encode(here.path + ("?" + here.query if here.query else ""))
                           + "!" + js_encode(self._cid or ""))
            self._save(entries[-STACK_SIZE:])
        if self._has_href(e):
            self._go(e.get("href") or self._location)
        elif not self._click(e):
            self.stalled = True  # busy was set, and no page comes to clear it

    def _click(self, e):
        """``e.click()`` on a form control; True when it started a navigation."""
        kind = (e.get("type") or "").lower()
        form = self._form_of(e)
        if e.tag == "button":
            if kind not in ("reset", "button") and form is not None:
                self._submit(form, e)
                return True
        elif e.tag == "input":
            if kind in ("submit", "image") and form is not None:
                self._submit(form, e)
                return True
            if kind == "checkbox":
                if e.has("checked"):
                    del e.attrs["checked"]
                else:
                    e.attrs["checked"] = ""
            elif kind == "radio":
                for other in self.document.elements:
                    if (other.tag == "input" and (other.get("type") or "").lower() == "radio"
                            and other.get("name") == e.get("name") and self._form_of(other) is form):
                        other.attrs.pop("checked", None)
                e.attrs["checked"] = ""
        return False

    def _form_entries(self, form, submitter):
        entries = []
        for e in self.document.elements:
            if e.tag not in ("button", "input", "select", "textarea") or self._form_of(e) is not form:
                continue
            if e.has("disabled") or any(p.tag == "fieldset" and p.has("disabled")
                                        for p in e.ancestors(include_self=False)):
                continue
            name = e.get("name") or ""
            kind = (e.get("type") or "").lower()
            if e.tag == "button" or (e.tag == "input" and kind in ("submit", "image")):
                if e is not submitter:
                    continue
                if kind == "image":
                    prefix = name + "." if name else ""
                    entries += [(prefix + "x", "0"), (prefix + "y", "0")]
                elif name:
                    entries.append((name, e.get("value") or ""))
                continue
            if not name:
                continue
            if e.tag == "input":
                if kind in ("reset", "button"):
                    continue
                if kind in ("checkbox", "radio"):
                    if e.has("checked"):
                        entries.append((name, e.get("value") if e.has("value") else "on"))
                elif kind == "file":
                    entries.append((name, ""))
                else:
                    entries.append((name, e.get("value") or ""))
            elif e.tag == "select":
                options = [o for o in e.iter() if o.tag == "option"]
                chosen = [o for o in options if o.has("selected") and not o.has("disabled")]
                if not chosen and not e.has("multiple"):
                    chosen = [o for o in options if not o.has("disabled")][:1]
                for o in chosen:
                    entries.append((name, o.get("value") if o.has("value")
                                    else " ".join(o.raw_text().split())))
            else:  # textarea
                value = e.raw_text()
                value = value[1:] if value.startswith("\n") else value
                entries.append((name, re.sub(r"\r\n|\r|\n", "\r\n", value)))
        return entries

    def _submit(self, form, submitter):
        """Submit ``form`` as clicking ``submitter`` does (urlencoded; GET or POST)."""
        action = submitter.get("formaction") if submitter.has("formaction") else form.get("action")
        method = (submitter.get("formmethod") if submitter.has("formmethod")
                  else form.get("method")) or "get"
        method = method.lower() if method.lower() in ("get", "post", "dialog") else "get"
        if method == "dialog":
            self.stalled = True
            return
        target = action if action else self.location
        query = _form_encode(self._form_entries(form, submitter))
        if method == "get":
            url, fragment = self._resolve(target)
            self._navigate(urlunsplit(urlsplit(url)._replace(query=query))
                           + ("#" + fragment if fragment is not None else ""))
        else:
            self._navigate(target, data=query.encode("ascii"))

    def _close(self, m):
        m["el"].attrs["hidden"] = ""
        self._collect()
        it = nav.get(self._S, self._from)
        self._from = None
        if it:
            self._set(it)
        else:
            self._start()

    def _act(self, k):
        """tv.js act(k): 1 when the engine took the key, 0 when it leaves it to the box."""
        if re.match(r"^(VOL|MUTE)", k):
            return 0
        it = self._ready()
        # a visible "返回" button does what the Back key does
        if k == "OK" and it and it["el"].get("data-action") == "back":
            k = "BACK"
        m = getattr(self._S, "modal", None)
        body = self.document.body_element
        d = body.get("data-exit-dialog") if body is not None else None
        if k in DIRS:
            r = nav.move(self._S, it["id"], k) if it else None
            if r and r.get("id"):
                self._set(nav.get(self._S, r["id"]))
            elif r:
                self._go(r["url"] + "#f=" + r["f"])
        elif k == "OK":
            if not it:
                return 1
            u = it["el"]
            if u.get("data-action") == "close":
                if m is not None:
                    self._close(m)
            elif self._has_href(u) or self._form_of(u) is not None:
                self._follow(u)
            else:
                self._click(u)
        elif k in ("BACK", "EXIT") and m is not None:
            self._close(m)
        elif k in ("BACK", "EXIT") and d and self.document.by_id(d) is not None:
            self._from = self._cid
            self.document.by_id(d).attrs.pop("hidden", None)
            self._start()
        elif k == "BACK":
            entries = self._stack()
            top = entries.pop() if entries else None
            if top:
                self._save(entries)
                n = top.rfind("!")
                try:
                    url = js_decode(top[:n])
                except ValueError:
                    return 1  # tv.js throws here: the entry is dropped, nothing opens
                self._go(url + "#f=" + top[n + 1:])
            else:
                self._go(body.get("data-back") if body is not None else None)
        elif k in ("HOME", "EXIT"):
            self._save([])
            self._go(body.get("data-home") if body is not None else None)
        elif k.startswith("NUM_"):
            num = "10" if k == "NUM_0" else k[4:]
            r = next((i for i in self._S if i["num"] == num), None)
            if r:
                self._set(r)
        else:
            for u in self._links:
                if u["key"] == k and self._has_href(u["el"]) and (m is None or nav.has(u, m)):
                    self._follow(u["el"])
                    break
            else:
                p = self._pager() if k in ("PAGE_DOWN", "PAGE_UP") and m is None else None
                url = p and (p["next"] if k == "PAGE_DOWN" else p["prev"])
                if url:
                    self._go(url + "#f=:first")
                else:
                    return 0
        return 1

    def _item(self, it):
        return item_of(it["el"], [container_of(c["el"]) for c in it["c"]])

