"""Remote-control key codes per device profile: the one table both the server and the box use.

The server picks a profile from the box's User-Agent (or ``?profile=``) and inlines only that
profile's map into the page, so the ES5 engine never carries a global table in which codes of
different middlewares would collide (768 is a virtual event on IPTV and F1 on one cable stack).
"""

import functools
import json
import re

LOGICAL_KEYS = (
    "UP DOWN LEFT RIGHT OK BACK EXIT PAGE_UP PAGE_DOWN "
    "NUM_0 NUM_1 NUM_2 NUM_3 NUM_4 NUM_5 NUM_6 NUM_7 NUM_8 NUM_9 "
    "RED GREEN YELLOW BLUE HOME MENU INFO VOL_UP VOL_DOWN MUTE"
).split()

_DIGITS = {48 + n: "NUM_%d" % n for n in range(10)}
_ARROWS = {38: "UP", 40: "DOWN", 37: "LEFT", 39: "RIGHT"}


def _with_arrows(codes):
    table = dict(_ARROWS)
    table.update(codes)
    return table


def _profile(label, ua, codes):
    table = dict(_DIGITS)
    table.update(codes)
    unknown = set(table.values()) - set(LOGICAL_KEYS)
    if unknown:
        raise ValueError("unknown logical keys %s" % sorted(unknown))
    return {"label": label, "ua": ua, "keys": table}


# Each profile: a label, the User-Agent substrings that select it (checked in PROFILE_ORDER),
# and keyCode -> logical key. Sources: shared/reference/tv.md.
PROFILES = {
    "desktop": _profile("桌面浏览器", (), _with_arrows({
        13: "OK", 8: "BACK", 27: "BACK", 33: "PAGE_UP", 34: "PAGE_DOWN",
        82: "RED", 71: "GREEN", 89: "YELLOW", 66: "BLUE",
        36: "HOME", 72: "HOME", 77: "MENU", 73: "INFO",
    })),
    "hbbtv": _profile("HbbTV / OIPF", ("HbbTV/",), _with_arrows({
        13: "OK", 461: "BACK", 8: "BACK", 33: "PAGE_UP", 34: "PAGE_DOWN",
        403: "RED", 404: "GREEN", 405: "YELLOW", 406: "BLUE",
        447: "VOL_UP", 448: "VOL_DOWN", 449: "MUTE", 457: "INFO",
    })),
    "ctc_iptv": _profile("电信/联通 IPTV", ("CTC", "Huawei", "ZTE", "Fiberhome"), _with_arrows({
        13: "OK", 8: "BACK", 283: "BACK", 33: "PAGE_UP", 34: "PAGE_DOWN",
        275: "RED", 276: "GREEN", 277: "YELLOW", 278: "BLUE",
        259: "VOL_UP", 260: "VOL_DOWN", 261: "MUTE", 272: "HOME", 268: "INFO",
    })),
    "ipanel": _profile("茁壮 iPanel 有线", ("iPanel",), {
        1: "UP", 2: "DOWN", 3: "LEFT", 4: "RIGHT",
        13: "OK", 340: "BACK", 339: "EXIT", 372: "PAGE_UP", 373: "PAGE_DOWN",
        832: "RED", 833: "GREEN", 834: "YELLOW", 835: "BLUE",
        595: "VOL_UP", 596: "VOL_DOWN", 597: "MUTE", 512: "HOME", 513: "MENU", 567: "INFO",
    }),
    "coship": _profile("同洲 Coship", ("Coship",), _with_arrows({
        13: "OK", 640: "BACK", 8: "BACK", 27: "EXIT", 33: "PAGE_UP", 34: "PAGE_DOWN",
        120: "PAGE_UP", 121: "PAGE_DOWN",
        403: "RED", 404: "GREEN", 405: "YELLOW", 406: "BLUE",
        447: "VOL_UP", 448: "VOL_DOWN", 449: "MUTE", 468: "HOME", 457: "INFO",
    })),
    "rocme": _profile("RocME / EnRich", ("RocME", "EnRich"), {
        87: "UP", 83: "DOWN", 65: "LEFT", 68: "RIGHT",
        13: "OK", 8: "BACK", 27: "EXIT", 306: "PAGE_UP", 307: "PAGE_DOWN",
        320: "RED", 321: "GREEN", 322: "YELLOW", 323: "BLUE",
        61: "VOL_UP", 45: "VOL_DOWN", 67: "MUTE", 315: "HOME", 72: "MENU", 73: "INFO",
    }),
    "hisu": _profile("海信 Hisu (Qt)", ("QtEmbedded", "Hisu"), _with_arrows({
        13: "OK", 8: "BACK", 33: "PAGE_UP", 34: "PAGE_DOWN",
        116: "RED", 117: "GREEN", 118: "YELLOW", 119: "BLUE",
        122: "VOL_UP", 123: "VOL_DOWN", 121: "MUTE", 36: "MENU",
    })),
    # Chromium-based Android WebView: colour keys arrive as VKEY_COLORED_KEY_0..3 (403..406),
    # channel keys as 427/428; the system Back reaches pages as BrowserBack (166) or Escape.
    "android": _profile("安卓盒子 WebView", ("Android",), _with_arrows({
        13: "OK", 23: "OK", 8: "BACK", 27: "BACK", 166: "BACK", 4: "BACK",
        33: "PAGE_UP", 34: "PAGE_DOWN", 427: "PAGE_UP", 428: "PAGE_DOWN",
        403: "RED", 404: "GREEN", 405: "YELLOW", 406: "BLUE",
        175: "VOL_UP", 174: "VOL_DOWN", 173: "MUTE", 93: "MENU", 36: "HOME",
    })),
}

# Most specific first: an iPanel or Coship box may also say "Android" or "Qt" in its agent.
PROFILE_ORDER = ("hbbtv", "ipanel", "coship", "rocme", "ctc_iptv", "hisu", "android")
DEFAULT_PROFILE = "desktop"

_NAME = re.compile(r"^[a-z_]{1,20}$")


def profile_for(user_agent, forced=None):
    """The profile name for a box: ``forced`` when it names a profile, else by User-Agent."""
    if forced and _NAME.match(forced) and forced in PROFILES:
        return forced
    agent = user_agent or ""
    for name in PROFILE_ORDER:
        if any(marker in agent for marker in PROFILES[name]["ua"]):
            return name
    return DEFAULT_PROFILE


@functools.lru_cache(maxsize=None)
def key_map_json(profile):
    """The profile's map as compact JSON with string keys, as the page script expects."""
    keys = PROFILES[profile]["keys"]
    return json.dumps({str(code): key for code, key in sorted(keys.items())},
                      separators=(",", ":"))
