"""The one app factory: the CLI, the tests and the simulator all build the portal here."""

import datetime

import jinja2
import tornado.web

from .domain.cache import VersionedCache
from .domain.points import Rankings
from .settings import make_settings
from .store import Store
from .tv import layout, markup
from .web import emulator, tv
from .web.base import NotFoundHandler


def make_env(settings):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings["template_path"]),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined if settings["strict_templates"] else jinja2.Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=bool(settings["debug"]),
    )
    env.globals.update(focusable=markup.focusable, item_attrs=markup.item_attrs,
                       place=layout.style)
    return env


def local_now():
    return datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def make_app(settings=None, store=None, clock=local_now):
    """Build the Tornado application.

    ``store`` defaults to the file named by ``settings["db"]``; ``clock`` returns the local
    time as ``YYYY-MM-DD HH:MM:SS`` (notices go live and expire by it).
    """
    settings = settings or make_settings()
    if store is None:
        store = Store.open(settings["db"])
    cache = VersionedCache(store)
    deps = {
        "store": store,
        "cache": cache,
        "rankings": Rankings(store, cache),
        "env": make_env(settings),
        "settings": settings,
        "clock": clock,
    }
    routes = [
        (r"/", tornado.web.RedirectHandler, {"url": "/tv/"}),
        (r"/tv/?", tv.HomeHandler, deps),
        (r"/tv/ranking", tv.RankingHandler, deps),
        (r"/tv/passbook", tv.PassbookHandler, deps),
        (r"/tv/shop", tv.ShopHandler, deps),
        (r"/tv/lists", tv.ListCategoriesHandler, deps),
        (r"/tv/lists/(\d{1,9})", tv.ListItemsHandler, deps),
        (r"/tv/lists/item/(\d{1,9})", tv.ListItemHandler, deps),
        (r"/tv/notices", tv.NoticesHandler, deps),
        (r"/tv/notices/(\d{1,9})", tv.NoticeHandler, deps),
        (r"/tv/help", tv.HelpHandler, deps),
        (r"/tv/exit", tv.ExitHandler, deps),
        (r"/emulator/?", emulator.EmulatorHandler, deps),
        (r"/tv/.*", NotFoundHandler, deps),
        (r"/healthz", tv.HealthHandler, deps),
    ]
    app = tornado.web.Application(
        routes,
        static_path=settings["static_path"],
        static_url_prefix="/assets/",
        default_handler_class=NotFoundHandler,
        default_handler_args=deps,
        compress_response=True,
        debug=bool(settings["debug"]),
        xsrf_cookies=False,
    )
    app.portal = deps
    return app
