"""The base handler: one Jinja2 environment, TV-styled errors, box identity and key profile."""

import re

import tornado.web

from ..tv import keys

BOX_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")
PAGE_NUMBER = re.compile(r"^[0-9]{1,6}$")  # ASCII only: str.isdigit() also accepts "²"
COOKIE_DAYS = 3650


class BadInput(Exception):
    """A query value the screen cannot use; shown to the resident as a TV message."""

    def __init__(self, message, back="/tv/"):
        super().__init__(message)
        self.message = message
        self.back = back


class BaseHandler(tornado.web.RequestHandler):
    def initialize(self, store, cache, rankings, env, settings, clock):
        self.store = store
        self.cache = cache
        self.rankings = rankings
        self.env = env
        self.portal_settings = settings
        self.clock = clock

    # -- rendering ------------------------------------------------------------------------

    def render_tv(self, template, **context):
        profile = self.profile()
        context.update(
            static=self.static_url,
            tvkeys=keys.key_map_json(profile),
            profile=profile,
            exit_url=self.portal_settings["exit_url"],
        )
        context.setdefault("household", None)
        html = self.env.get_template(template).render(**context)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(html)

    def log_exception(self, typ, value, tb):
        if isinstance(value, BadInput):
            return  # the resident's mistake, answered on screen; the access log has the 400
        super().log_exception(typ, value, tb)

    def write_error(self, status_code, **kwargs):
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, BadInput):
            self.set_status(400)
            return self.render_message("无法显示", exc.message, exc.back, page="bad-input")
        if status_code == 400:
            return self.render_message("无法显示", "收到的地址格式不对，请按返回键回到上一页。",
                                       "/tv/", page="bad-input")
        if status_code == 404:
            return self.render_message("页面不存在", "您要找的内容不存在或已经下线。",
                                       "/tv/", page="not-found")
        return self.render_message("暂时无法显示", "系统繁忙，请稍后再试。按返回键回到上一页。",
                                   "/tv/", page="error")

    def render_message(self, title, message, back, page):
        self.render_tv("tv/message.html", page=page, title=title, message=message, back=back,
                       lines=())

    # -- identity -------------------------------------------------------------------------

    def box_id(self):
        """The box id from ``?stb=`` (remembered in a cookie) or from that cookie."""
        given = self.get_query_argument("stb", None)
        if given is not None:
            given = given.strip()
            if BOX_ID.match(given):
                self.set_cookie("stb", given, expires_days=COOKIE_DAYS, httponly=True)
                return given
            return None
        remembered = self.get_cookie("stb")
        return remembered if remembered and BOX_ID.match(remembered) else None

    def profile(self):
        forced = self.get_query_argument("profile", None)
        if forced and forced in keys.PROFILES:
            self.set_cookie("profile", forced, expires_days=COOKIE_DAYS)
        else:
            forced = self.get_cookie("profile")
        return keys.profile_for(self.request.headers.get("User-Agent", ""), forced)

    # -- query values ---------------------------------------------------------------------

    def int_arg(self, name, default, back="/tv/"):
        raw = self.get_query_argument(name, None)
        if raw is None or raw == "":
            return default
        if not PAGE_NUMBER.match(raw):
            raise BadInput("页码\u201c%s\u201d不正确，请按返回键重新选择。" % raw[:12], back)
        return int(raw)

    def choice_arg(self, name, choices, default, back="/tv/"):
        raw = self.get_query_argument(name, default)
        if raw not in choices:
            raise BadInput("参数\u201c%s\u201d不正确，请按返回键重新选择。" % raw[:12], back)
        return raw

    def get_or_404(self, value):
        if value is None:
            raise tornado.web.HTTPError(404)
        return value


class NotFoundHandler(BaseHandler):
    def prepare(self):
        raise tornado.web.HTTPError(404)
