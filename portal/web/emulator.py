"""The browser emulator at ``/emulator/``: a desktop tool for developers and testers.

It frames the TV portal at its native canvas size beside an on-screen remote, and delivers
each button as the chosen profile's real key code through that profile's event types. The
key tables come from ``portal.tv.keys.PROFILES`` and the safe area from
``portal.tv.layout.SAFE_AREA``, inlined here as JSON: the page's script carries no copy.
"""

import json

from ..tv import keys, layout
from .base import BOX_ID, BaseHandler

# Native canvases a box's browser may have; every profile runs HD unless it says otherwise
# (a profile dict may carry "canvas": "SD" one day; none does today).
CANVASES = (
    ("HD", "HD 1280×720", 1280, 720),
    ("SD", "SD 720×576", 720, 576),
    ("SD530", "SD 640×530", 640, 530),
)
TV_CANVAS = (1280, 720)  # the canvas SAFE_AREA is measured on
BOX_PRESETS = ("STB00000001", "STB00000002", "STB00000003", "STB00000010", "STB99999999")
DEFAULT_BOX = BOX_PRESETS[0]


def profile_entries():
    """Each profile: name, label, User-Agent markers and logical key -> its codes.

    Codes keep the order of ``PROFILES`` (digits, arrows, then the profile's table as written),
    so the first code of a key is the one its remote sends; the rest are accepted aliases.
    """
    entries = []
    for name, profile in keys.PROFILES.items():
        codes = {}
        for code, logical in profile["keys"].items():
            codes.setdefault(logical, []).append(code)
        entries.append({
            "name": name,
            "label": profile["label"],
            "ua": list(profile["ua"]),
            "canvas": profile.get("canvas"),
            "keys": codes,
        })
    return entries


def config():
    return {
        "profiles": profile_entries(),
        "defaultProfile": keys.DEFAULT_PROFILE,
        "logicalKeys": list(keys.LOGICAL_KEYS),
        # The emulator page's own keyboard reads like the desktop profile's keyboard.
        "keyboard": {str(code): key for code, key in keys.PROFILES["desktop"]["keys"].items()},
        "safeArea": list(layout.SAFE_AREA),
        "tvCanvas": list(TV_CANVAS),
        "canvases": [{"name": n, "label": label, "w": w, "h": h} for n, label, w, h in CANVASES],
        "boxPresets": list(BOX_PRESETS),
        "defaultBox": DEFAULT_BOX,
        "boxPattern": BOX_ID.pattern,
        "tvPath": "/tv/",
    }


def script_json(value):
    """JSON safe inside a ``<script>`` element (no ``</script>``, no HTML-significant bytes)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# The on-screen remote, row by row: (logical key, label, css class). None leaves a gap.
REMOTE_TOP = (("HOME", "首页", "fn"), ("MENU", "菜单", "fn"), ("INFO", "信息", "fn"),
              ("EXIT", "退出", "fn"))
REMOTE_DPAD = (("UP", "▲", "d-up"), ("LEFT", "◀", "d-left"), ("OK", "确定", "d-ok"),
               ("RIGHT", "▶", "d-right"), ("DOWN", "▼", "d-down"))
REMOTE_MID = (("BACK", "返回", "fn wide"), ("PAGE_UP", "上页", "fn"), ("PAGE_DOWN", "下页", "fn"))
REMOTE_DIGITS = tuple(("NUM_%d" % n, str(n), "digit") for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 0))
REMOTE_COLOURS = (("RED", "红", "colour red"), ("GREEN", "绿", "colour green"),
                  ("YELLOW", "黄", "colour yellow"), ("BLUE", "蓝", "colour blue"))
REMOTE_VOLUME = (("VOL_DOWN", "音量−", "fn"), ("MUTE", "静音", "fn"), ("VOL_UP", "音量+", "fn"))


class EmulatorHandler(BaseHandler):
    def get(self):
        self.render_page("emulator/index.html", config_json=script_json(config()),
                         remote={"top": REMOTE_TOP, "dpad": REMOTE_DPAD, "mid": REMOTE_MID,
                                 "digits": REMOTE_DIGITS, "colours": REMOTE_COLOURS,
                                 "volume": REMOTE_VOLUME},
                         profiles=keys.PROFILES, canvases=CANVASES,
                         box_presets=BOX_PRESETS, default_box=DEFAULT_BOX,
                         safe_area=layout.SAFE_AREA)

    def render_page(self, template, **context):
        """A desktop page (not a TV screen): no key profile, no household, no cookies set."""
        context.update(static=self.static_url)
        html = self.env.get_template(template).render(**context)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(html)
