"""Where each screen's focusable items sit. Numbers are canvas pixels inside the safe area."""

from ..domain.points import PERIOD_LABELS, PERIODS, SCOPE_LABELS, SCOPES
from .layout import Box, column, grid

# The sidebar of tabs on ranking and guide screens, and the main column beside it.
TAB_X, TAB_W, TAB_H, TAB_GAP = 64, 176, 60, 14
MAIN_X, MAIN_W = 268, 948


def _item(id, href, box, label, **extra):
    item = {"id": id, "href": href, "box": box, "label": label, "num": None, "replace": False,
            "current": False, "sub": "", "action": None, "autofocus": False}
    item.update(extra)
    return item


def home_tiles(counts):
    rank = "本村第 %d 名" % counts["rank"] if counts["rank"] else "暂无排名"
    specs = (
        ("ranking", "/tv/ranking", "积分排行", rank),
        ("passbook", "/tv/passbook", "我的积分存折", "余额 %d 分" % counts["balance"]),
        ("shop", "/tv/shop", "积分超市", "%d 种商品" % counts["goods"]),
        ("lists", "/tv/lists", "村务清单", "6 类 %d 项" % counts["lists"]),
        ("notices", "/tv/notices", "通知公告", "%d 条" % counts["notices"]),
        ("help", "/tv/help", "使用说明", "遥控器怎么用"),
    )
    boxes = grid(len(specs), 3, 80, 180, 352, 210, 32, 28)
    return [_item("tile-" + key, href, box, title, num=n, sub=sub)
            for n, ((key, href, title, sub), box) in enumerate(zip(specs, boxes), start=1)]


def exit_dialog():
    return {
        "box": Box(340, 220, 600, 280),
        "cancel": _item("exit-cancel", "#", Box(400, 400, 220, 64), "继续观看", action="close"),
        "confirm": _item("exit-confirm", None, Box(660, 400, 220, 64), "退出"),
    }


def ranking_tabs(period, scope, link):
    tabs = []
    for i, kind in enumerate(PERIODS):
        tabs.append(_item("tab-" + kind, link(period=kind) + "#f=tab-" + kind,
                          Box(TAB_X, 128 + i * 74, TAB_W, TAB_H),
                          PERIOD_LABELS[kind], replace=True, current=kind == period))
    for i, kind in enumerate(SCOPES):
        tabs.append(_item("tab-" + kind, link(scope=kind) + "#f=tab-" + kind,
                          Box(TAB_X, 372 + i * 74, TAB_W, TAB_H),
                          SCOPE_LABELS[kind], replace=True, current=kind == scope))
    return tabs


def ranking_rows(count):
    return column(count, MAIN_X, 178, MAIN_W, 42, 4)


def passbook_rows(count):
    return column(count, 64, 188, 1152, 52, 4)


def shop_tiles(count):
    return grid(count, 4, 64, 180, 270, 210, 24, 20)


def category_tiles(count):
    return grid(count, 3, 64, 180, 368, 210, 24, 24)


def list_rows(count):
    return column(count, 64, 176, 1152, 46, 4)


def notice_rows(count):
    return column(count, 64, 176, 1152, 52, 4)


GUIDE_TABS = ("summary", "materials", "flow", "faq")
GUIDE_TAB_LABELS = {"summary": "办事指南", "materials": "条件材料", "flow": "流程图",
                    "faq": "依据问答"}


def guide_tabs(current, link):
    return [_item("tab-" + tab, link(tab), Box(TAB_X, 128 + i * 74, TAB_W, TAB_H),
                  GUIDE_TAB_LABELS[tab], num=i + 1, replace=True, current=tab == current,
                  autofocus=tab == current)
            for i, tab in enumerate(GUIDE_TABS)]


FLOW_BOX_W, FLOW_BOX_H, FLOW_GAP, FLOW_PER_ROW = 200, 170, 49, 4


def flowchart(steps):
    """A snake of step boxes: left to right, then right to left, with arrows between."""
    nodes = []
    for index, step in enumerate(steps):
        line, pos = divmod(index, FLOW_PER_ROW)
        if line % 2:
            pos = FLOW_PER_ROW - 1 - pos
        box = Box(MAIN_X + pos * (FLOW_BOX_W + FLOW_GAP), 222 + line * (FLOW_BOX_H + 48),
                  FLOW_BOX_W, FLOW_BOX_H)
        arrow = None
        if index + 1 < len(steps):
            if (index + 1) % FLOW_PER_ROW == 0:
                arrow = ("↓", Box(box.x + FLOW_BOX_W // 2 - 20, box.y + FLOW_BOX_H, 40, 48))
            elif line % 2:
                arrow = ("←", Box(box.x - FLOW_GAP, box.y + FLOW_BOX_H // 2 - 20, FLOW_GAP, 40))
            else:
                arrow = ("→", Box(box.x + FLOW_BOX_W, box.y + FLOW_BOX_H // 2 - 20, FLOW_GAP, 40))
        nodes.append({"step": step, "box": box, "arrow": arrow})
    return nodes


def notice_pager(prev_url=None, next_url=None):
    items = []
    x = 1216
    for id, href, label in (("to-list", "/tv/notices", "返回列表"),
                            ("page-next", next_url, "下一页"),
                            ("page-prev", prev_url, "上一页")):
        if href:
            x -= 190
            items.append(_item(id, href, Box(x, 580, 176, 52), label, replace=True,
                               action="back" if id == "to-list" else None))
    return items[::-1]
