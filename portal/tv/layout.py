"""Boxes on the 1280×720 canvas. The server places every focusable item, so it can write the
box into the markup and the navigation engine never has to measure the page."""

from collections import namedtuple

# Android TV's 5 % margins; HbbTV's graphic safe area is the stricter x 128-1152.
SAFE_AREA = (64, 36, 1216, 684)

Box = namedtuple("Box", "x y w h")


def style(box):
    return "left:%dpx;top:%dpx;width:%dpx;height:%dpx" % tuple(box)


def grid(count, cols, x, y, w, h, gap_x, gap_y):
    return [Box(x + (i % cols) * (w + gap_x), y + (i // cols) * (h + gap_y), w, h)
            for i in range(count)]


def column(count, x, y, w, h, gap):
    return grid(count, 1, x, y, w, h, 0, gap)
