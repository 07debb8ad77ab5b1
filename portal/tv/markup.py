"""Attributes of a focusable item, written in Python: one string format instead of a Jinja
macro call per item, which was most of a screen's render time."""

from markupsafe import Markup, escape

from .layout import style


def focusable(item_id, box, href=None, num=None, replace=False, action=None, autofocus=False):
    """` id=… href=… data-box=… style=…` for an element with class ``f``.

    Items without a link get ``tabindex="-1"`` so that script can focus them.
    """
    parts = [' id="%s"' % escape(item_id),
             ' href="%s"' % escape(href) if href else ' tabindex="-1"',
             ' data-box="%d,%d,%d,%d" style="%s"' % (tuple(box) + (style(box),))]
    if num:
        parts.append(' data-num="%d"' % num)
    if replace:
        parts.append(" data-replace")
    if action:
        parts.append(' data-action="%s"' % escape(action))
    if autofocus:
        parts.append(" data-autofocus")
    return Markup("".join(parts))


def item_attrs(item):
    """``focusable`` for an item dict made by ``portal.tv.screens``."""
    return focusable(item["id"], item["box"], item["href"], item["num"], item["replace"],
                     item["action"], item["autofocus"])
