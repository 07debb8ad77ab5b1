"""Every TV template renders under StrictUndefined (the live server runs strict), and none is
left without a screen that shows it."""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "epg_templates" / "tv"

# template -> (a URL that renders it, the data-page it declares)
RENDERED_BY = {
    "home.html": ("/tv/", "home"),
    "ranking.html": ("/tv/ranking?period=quarter&scope=county", "ranking"),
    "passbook.html": ("/tv/passbook", "passbook"),
    "shop.html": ("/tv/shop", "shop"),
    "lists.html": ("/tv/lists", "lists"),
    "list_items.html": ("/tv/lists/6", "list-items"),
    "list_item.html": ("/tv/lists/item/7?tab=materials", "list-item"),
    "notices.html": ("/tv/notices", "notices"),
    "notice.html": ("/tv/notices/2", "notice"),
    "help.html": ("/tv/help", "help"),
    "exit.html": ("/tv/exit", "exit"),
    "message.html": ("/tv/no-such-screen", "not-found"),
    "unbound.html": ("/tv/?stb=UNKNOWN01", "unbound"),
}


def test_every_screen_template_has_a_screen():
    screens = {p.name for p in TEMPLATES.glob("*.html")
               if not p.name.startswith("_") and p.name != "base.html"}
    assert screens == set(RENDERED_BY)


@pytest.mark.parametrize("template", sorted(RENDERED_BY))
def test_template_renders_strictly_into_its_screen(tv, template):
    url, page_name = RENDERED_BY[template]
    page = tv.get(url)
    assert page.status in (200, 404)
    assert page.select("body")[0]["data-page"] == page_name
    assert "Undefined" not in page.text and "None" not in page.text
