"""TV screens. Handlers are thin: they read through the store and domain, then hand a view
model (with every focusable item's box) to a template."""

import sqlite3
from urllib.parse import urlencode

import tornado.web

from ..domain import points
from ..domain.paging import Page, wrap_pages
from ..tv import screens
from .base import BaseHandler

RANKING_ROWS = 10
PASSBOOK_ROWS = 8
SHOP_TILES = 8
LIST_ROWS = 9
NOTICE_ROWS = 8
NOTICE_LINE_CHARS, NOTICE_LINES = 34, 10


class HouseholdHandler(BaseHandler):
    """A screen for the household watching: without a bound box it explains how to bind."""

    def prepare(self):
        self.cache.sync()
        box = self.box_id()
        self.household = box and self.cache.get(("household", box),
                                                lambda: self.store.household_by_box(box))
        if self.household is None:
            self.render_tv("tv/unbound.html", page="unbound", box_id=box,
                           given=self.get_query_argument("stb", None),
                           phone=self.portal_settings["help_phone"])

    def render_tv(self, template, **context):
        context.setdefault("household", getattr(self, "household", None))
        super().render_tv(template, **context)

    def balance(self):
        household_id = self.household["id"]
        return self.cache.get(("balance", household_id),
                              lambda: self.store.balance(household_id))

    def paged(self, size, total, back, param="page"):
        """The requested page, clamped; ``self.clamped`` says when the number was out of range."""
        requested = self.int_arg(param, 1, back)
        page = Page.of(requested, size, total)
        self.clamped = requested if requested != page.number else None
        return page


def turn_links(page, link):
    """URLs of the pages before and after ``page`` (None at either end); link(n) -> URL."""
    return {"prev_url": link(page.number - 1) if page.has_prev else None,
            "next_url": link(page.number + 1) if page.has_next else None}


def _url(path, **query):
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return path + ("?" + urlencode(query) if query else "")


class HomeHandler(HouseholdHandler):
    def get(self):
        h = self.household
        board = self.rankings.board(self.rankings.current_period("month"), "village", h)
        mine = board.position_of(h["id"])
        now = self.clock()
        get, store = self.cache.get, self.store
        counts = {
            "balance": self.balance(),
            "rank": mine.rank if mine else None,
            "village_size": len(board.standings),
            "goods": get(("goods", h["village_id"]),
                         lambda: store.goods_count(h["village_id"])),
            "lists": get("list-items", lambda: sum(c["item_count"]
                                                   for c in store.list_categories())),
            # Notices go live and expire by the clock: counted afresh each minute.
            "notices": get(("notices", h["village_id"], now[:16]), lambda: store.notices_count(
                h["county_id"], h["town_id"], h["village_id"], now)),
        }
        self.render_tv("tv/home.html", page="home", tiles=screens.home_tiles(counts),
                       counts=counts, dialog=screens.exit_dialog())


class RankingHandler(HouseholdHandler):
    def get(self):
        h = self.household
        period_kind = self.choice_arg("period", points.PERIODS, "month")
        scope = self.choice_arg("scope", points.SCOPES, "village")
        board = self.rankings.board(self.rankings.current_period(period_kind), scope, h)
        here = "/tv/ranking"
        page = self.paged(RANKING_ROWS, len(board.standings), here)

        def link(**change):
            query = {"period": period_kind, "scope": scope}
            query.update(change)
            return _url(here, **query)

        rows = board.standings[page.offset:page.offset + RANKING_ROWS]
        next_scope = points.SCOPES[(points.SCOPES.index(scope) + 1) % len(points.SCOPES)]
        self.render_tv(
            "tv/ranking.html", page="ranking", board=board, rows=rows, paging=page,
            mine=board.position_of(h["id"]), clamped=self.clamped,
            tabs=screens.ranking_tabs(period_kind, scope, link),
            row_boxes=screens.ranking_rows(len(rows)),
            mask=points.mask_name, show_village=scope != "village",
            **turn_links(page, lambda n: link(page=n)),
            key_links=(("RED", link(period="month"), "月榜"),
                       ("GREEN", link(period="quarter"), "季榜"),
                       ("YELLOW", link(period="year"), "年榜"),
                       ("BLUE", link(scope=next_scope),
                        "看" + points.SCOPE_LABELS[next_scope])),
        )


class PassbookHandler(HouseholdHandler):
    def get(self):
        h = self.household
        page = self.paged(PASSBOOK_ROWS, self.store.passbook_count(h["id"]), "/tv/passbook")
        lines = self.store.passbook_lines(h["id"], page.offset, PASSBOOK_ROWS)
        self.render_tv(
            "tv/passbook.html", page="passbook", lines=lines, paging=page,
            clamped=self.clamped, balance=self.balance(),
            pending=self.store.pending_total(h["id"]),
            row_boxes=screens.passbook_rows(len(lines)),
            **turn_links(page, lambda n: _url("/tv/passbook", page=n)),
        )


class ShopHandler(HouseholdHandler):
    def get(self):
        h = self.household
        page = self.paged(SHOP_TILES, self.store.goods_count(h["village_id"]), "/tv/shop")
        goods = self.store.goods_page(h["village_id"], page.offset, SHOP_TILES)
        self.render_tv(
            "tv/shop.html", page="shop", goods=goods, paging=page, clamped=self.clamped,
            balance=self.balance(), tile_boxes=screens.shop_tiles(len(goods)),
            **turn_links(page, lambda n: _url("/tv/shop", page=n)),
        )


class ListCategoriesHandler(HouseholdHandler):
    def get(self):
        categories = self.store.list_categories()
        self.render_tv("tv/lists.html", page="lists", categories=categories,
                       tile_boxes=screens.category_tiles(len(categories)),
                       total=sum(c["item_count"] for c in categories))


class ListItemsHandler(HouseholdHandler):
    def get(self, category_id):
        category = self.get_or_404(self.store.list_category(int(category_id)))
        here = "/tv/lists/%d" % category["id"]
        page = self.paged(LIST_ROWS, self.store.list_items_count(category["id"]), here)
        items = self.store.list_items_page(category["id"], page.offset, LIST_ROWS)
        self.render_tv(
            "tv/list_items.html", page="list-items", category=category, items=items,
            paging=page, clamped=self.clamped, row_boxes=screens.list_rows(len(items)),
            **turn_links(page, lambda n: _url(here, page=n)),
        )


class ListItemHandler(HouseholdHandler):
    def get(self, item_id):
        item = self.get_or_404(self.store.list_item(int(item_id)))
        here = "/tv/lists/item/%d" % item["id"]
        tab = self.choice_arg("tab", screens.GUIDE_TABS, "summary", here)
        category = self.store.list_category(item["category_id"])
        self.render_tv(
            "tv/list_item.html", page="list-item", item=item, category=category, tab=tab,
            tabs=screens.guide_tabs(tab, lambda t: _url(here, tab=t)),
            flow=screens.flowchart(item["steps"]) if tab == "flow" else (),
            h=self.household,
        )


class NoticesHandler(HouseholdHandler):
    def get(self):
        h = self.household
        now = self.clock()
        where = (h["county_id"], h["town_id"], h["village_id"], now)
        page = self.paged(NOTICE_ROWS, self.store.notices_count(*where), "/tv/notices")
        notices = self.store.notices_page(*where, page.offset, NOTICE_ROWS)
        self.render_tv(
            "tv/notices.html", page="notices", notices=notices, paging=page,
            clamped=self.clamped, row_boxes=screens.notice_rows(len(notices)),
            **turn_links(page, lambda n: _url("/tv/notices", page=n)),
        )


class NoticeHandler(HouseholdHandler):
    def get(self, notice_id):
        h = self.household
        notice = self.get_or_404(self.store.notice_for(
            int(notice_id), h["county_id"], h["town_id"], h["village_id"], self.clock()))
        here = "/tv/notices/%d" % notice["id"]
        pages = wrap_pages(notice["body"], NOTICE_LINE_CHARS, NOTICE_LINES)
        page = self.paged(1, len(pages), here)
        links = turn_links(page, lambda n: _url(here, page=n))
        self.render_tv(
            "tv/notice.html", page="notice", notice=notice, paging=page, clamped=self.clamped,
            lines=pages[page.number - 1], buttons=screens.notice_pager(**links), **links,
        )


class HelpHandler(HouseholdHandler):
    def get(self):
        self.render_tv("tv/help.html", page="help")


class ExitHandler(BaseHandler):
    """Shown when no operator EPG is configured to take the box back."""

    def get(self):
        self.render_tv("tv/exit.html", page="exit")


class HealthHandler(BaseHandler):
    """For the operator's monitoring: answers 503 with a reason when the database fails."""

    def get(self):
        self.set_header("Cache-Control", "no-store")
        try:
            county = self.store.county()
        except sqlite3.Error as exc:
            raise tornado.web.HTTPError(503, reason=str(exc)[:80]) from None
        self.finish({"ok": county is not None, "county": county and county["name"]})
