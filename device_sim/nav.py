"""TVNav in Python: a step-for-step port of assets/js/nav.js, the spatial move of
docs/tv-markup.md ("The move"). Keep the two in lockstep: same data shapes, same rules, same
order of tests; tests/browser/test_parity.py runs both on the same pages.

item: {"id", "box": [x, y, w, h], "c": [containers, outer..inner]} (tv.js adds "el", "num",
"af"), items in document order, only the focusable ones. container: {"block": "up down left
right" subset, "enter": "last"|None, "focus": remembered id|None, "next": url|None, "prev":
url|None, "modal": bool}. Containers are compared by identity (``is``), as ``===`` in nav.js.

move(items, id, dir) -> {"id": ID} | {"url": URL, "f": ":first"|":last"} (page turn) | None
1. Scope: the innermost container of the current item (past the outermost: the page).
2. Candidates: items in scope other than the current one whose entry edge lies beyond its
   exit edge, 30 % overlap allowed (o = 0.3 * min(cur.w, c.w), or the heights for UP/DOWN):
   RIGHT c.x >= cur.x + cur.w - o   LEFT c.x + c.w <= cur.x + o
   DOWN  c.y >= cur.y + cur.h - o   UP   c.y + c.h <= cur.y + o
3. score = gap + 3 * side; gap = max(0, distance from exit edge to entry edge), side =
   distance between the spans on the other axis (0 if they overlap or touch). Lowest wins;
   ties: a candidate whose span really overlaps (min(ends) - max(starts) > 0) beats one
   that only touches (gapless grids), then document order.
4. No candidate: DOWN in a container with next -> {"url": next, "f": ":first"}; UP with prev ->
   {"url": prev, "f": ":last"}; a modal container, or one blocking dir -> stay; else widen to
   the parent container and repeat 2.
5. Of the winner's containers the current item is not in, the outermost with enter "last"
   whose remembered item is still in items and inside it gives that item instead.
trap(items): the items inside the first modal container found (items being only the visible
   ones), as a ``Scope`` (a list) with .modal set to it; or items itself when no modal shows.

Arithmetic follows JavaScript: boxes are numbers (NaN for a missing part), and Math.min /
Math.max give NaN when any argument is NaN (Python's min/max would not).
"""

import math

DIRECTIONS = ("UP", "DOWN", "LEFT", "RIGHT")


class Scope(list):
    """The items a modal traps focus in; ``modal`` is that container."""

    modal = None


def _nan(values):
    return any(isinstance(v, float) and math.isnan(v) for v in values)


def js_min(*values):
    return math.nan if _nan(values) else min(values)


def js_max(*values):
    return math.nan if _nan(values) else max(values)


def has(it, c):
    for x in it["c"]:
        if x is c:
            return 1
    return 0


def get(items, id):
    for it in items:
        if it["id"] == id:
            return it
    return None


def within(items, c):
    return [it for it in items if has(it, c)]


def score(a, b, d):
    """Score of box b seen from box a going d; -1 when b is not a candidate."""
    p = 0 if d in ("LEFT", "RIGHT") else 1
    q = 1 - p
    s = p + 2
    o = 0.3 * js_min(a[s], b[s])
    if d in ("RIGHT", "DOWN"):
        if b[p] < a[p] + a[s] - o:
            return -1
        g = b[p] - (a[p] + a[s])
    else:
        if b[p] + b[s] > a[p] + o:
            return -1
        g = a[p] - (b[p] + b[s])
    return js_max(g, 0) + 3 * js_max(0, b[q] - (a[q] + a[q + 2]), a[q] - (b[q] + b[q + 2]))


def lap(a, b, d):
    """1 when the spans on the other axis really overlap (not merely touch)."""
    q = 1 if d in ("LEFT", "RIGHT") else 0
    return 1 if js_min(a[q] + a[q + 2], b[q] + b[q + 2]) - js_max(a[q], b[q]) > 0 else 0


def best(items, cur, d, c):
    w = ws = wo = None
    for it in items:
        if it is cur or (c is not None and not has(it, c)):
            continue
        s = score(cur["box"], it["box"], d)
        o = lap(cur["box"], it["box"], d)
        if s >= 0 and (w is None or s < ws or (s == ws and o > wo)):
            w, ws, wo = it, s, o
    return w


def move(items, id, d):
    """Where direction d leads from item ``id``: {"id"}, {"url", "f"} or None (stay)."""
    if d not in DIRECTIONS:
        raise ValueError("direction must be one of %s, not %r" % (DIRECTIONS, d))
    cur = get(items, id)
    if cur is None:
        return None
    k = len(cur["c"])
    while True:
        c = cur["c"][k - 1] if k > 0 else None
        w = best(items, cur, d, c)
        if w is not None:
            break
        if c is None:
            return None
        if d == "DOWN" and c["next"]:
            return {"url": c["next"], "f": ":first"}
        if d == "UP" and c["prev"]:
            return {"url": c["prev"], "f": ":last"}
        if c["modal"] or (" " + (c["block"] or "") + " ").find(" " + d.lower() + " ") >= 0:
            return None
        k -= 1
    for c in w["c"]:
        if not has(cur, c) and c["enter"] == "last":
            m = get(items, c["focus"])
            if m is not None and has(m, c):
                return {"id": m["id"]}
    return {"id": w["id"]}


def trap(items):
    for it in items:
        for c in it["c"]:
            if c["modal"]:
                r = Scope(within(items, c))
                r.modal = c
                return r
    return items
