"""Key profiles as a box delivers them, read from ``portal.tv.keys`` (the one table).

Nothing here restates a key code: ``portal.tv.keys.PROFILES`` says which code means which
logical key; this module adds how a box of each middleware delivers it (the event type) and an
example User-Agent that makes the server pick the profile. ``emulator_table()`` is what the
browser emulator page embeds as JSON, so the simulator and the emulator press the same codes.
"""

from portal.tv.keys import (DEFAULT_PROFILE, LOGICAL_KEYS, PROFILE_ORDER, PROFILES,
                            key_map_json, profile_for)

__all__ = ["DEFAULT_PROFILE", "LOGICAL_KEYS", "PROFILES", "PROFILE_ORDER", "ARROWS", "EVENTS",
           "profile_names", "keymap", "lookup", "logical_key", "codes_for", "event_types",
           "example_ua", "emulator_table", "key_map_json", "profile_for"]

ARROWS = ("UP", "DOWN", "LEFT", "RIGHT")
EVENTS = ("keydown", "keypress", "irkeypress")

# iPanel cable middleware delivers its remote's keys as keypress and irkeypress (no keydown), as
# the browser emulator does too; every other profile's box delivers keydown (a keypress twin, if
# any, is dropped by the engine as the same press).
_KEY_EVENTS = {"ipanel": ("keypress", "irkeypress")}

# A plausible User-Agent per profile; each must select its profile through profile_for (tested).
_EXAMPLE_UA = {
    "desktop": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0.0.0 Safari/537.36",
    "hbbtv": "Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/79.0.3945.79 Safari/537.36 HbbTV/1.5.1 (+DRM; Vestel; MB130; 1.0; ; )",
    "ctc_iptv": "Mozilla/5.0 (compatible; CTC/2.0; ZTE B860AV1.1) AppleWebKit/533.3 "
                "(KHTML, like Gecko) Safari/533.3",
    "ipanel": "Mozilla/5.0 (iPanel 3.0; Linux mips) AppleWebKit/534.0 (KHTML, like Gecko) "
              "iPanelBrowser/3.0 Safari/534.0",
    "coship": "Mozilla/5.0 (Linux; U; Coship N9201) AppleWebKit/533.1 (KHTML, like Gecko) "
              "Safari/533.1",
    "rocme": "Mozilla/5.0 (RocME; Linux mips) AppleWebKit/533.3 (KHTML, like Gecko) "
             "EnRich/2.0 Safari/533.3",
    "hisu": "Mozilla/5.0 (Linux; U; Hisu HS-V4) AppleWebKit/533.3 (KHTML, like Gecko) "
            "QtEmbedded/4.7 Safari/533.3",
    "android": "Mozilla/5.0 (Linux; Android 9; MagicBox_M16S Build/PPR1; wv) AppleWebKit/537.36 "
               "(KHTML, like Gecko) Version/4.0 Chrome/74.0.3729.136 Safari/537.36",
}


def profile_names():
    """Every profile: the default first, then in the order the server checks them."""
    rest = sorted(set(PROFILES) - {DEFAULT_PROFILE} - set(PROFILE_ORDER))
    return [DEFAULT_PROFILE] + [p for p in PROFILE_ORDER if p != DEFAULT_PROFILE] + rest


def keymap(profile):
    """{code: logical key} of a profile, in the order portal.tv.keys lists them."""
    return PROFILES[profile]["keys"]


def lookup(table, code, event_type="keydown"):
    """The engine's lookup (tv.js ``key``): ``table[code]``; for a keypress/irkeypress of a
    lower-case letter code (97-122) not in the table, the upper-case code's key. None if none."""
    try:
        code = int(code)
    except (TypeError, ValueError):
        return None
    key = table.get(code)
    if key is None and event_type != "keydown" and 96 < code < 123:
        key = table.get(code - 32)
    return key


def logical_key(profile, code, event_type="keydown"):
    """The logical key a page of ``profile`` reads from an event (None: the engine ignores it)."""
    return lookup(keymap(profile), code, event_type)


def event_types(profile, logical):
    """The event types in which a box of ``profile`` delivers a logical key."""
    if logical not in LOGICAL_KEYS:
        raise ValueError("unknown logical key %r" % (logical,))
    return _KEY_EVENTS.get(profile, ("keydown",))


def codes_for(profile, logical):
    """[(code, event_type), ...] a real box of ``profile`` delivers for a logical key, in the
    order portal.tv.keys lists the codes (empty if the profile's remote has no such key)."""
    if logical not in LOGICAL_KEYS:
        raise ValueError("unknown logical key %r" % (logical,))
    return [(code, event) for code, key in keymap(profile).items() if key == logical
            for event in event_types(profile, logical)]


def example_ua(profile):
    """A User-Agent with which the server picks ``profile`` (profile_for)."""
    if profile not in PROFILES:
        raise KeyError(profile)
    candidates = [_EXAMPLE_UA[profile]] if profile in _EXAMPLE_UA else []
    candidates += ["Mozilla/5.0 (Linux) AppleWebKit/537.36 (KHTML, like Gecko) %s Safari/537.36"
                   % marker for marker in PROFILES[profile]["ua"]]
    for agent in candidates:
        if profile_for(agent) == profile:
            return agent
    raise ValueError("no example User-Agent selects profile %r" % profile)


def emulator_table():
    """{profile: {"label", "ua", "event", "keys": {LOGICAL: code}}}, JSON-able.

    ``event`` is the first event type the profile's box delivers its keys in; ``keys`` has one code
    per logical key the profile has: the first portal.tv.keys lists.
    """
    table = {}
    for profile in profile_names():
        keys = {}
        for code, logical in keymap(profile).items():
            keys.setdefault(logical, code)
        table[profile] = {
            "label": PROFILES[profile]["label"],
            "ua": example_ua(profile),
            "event": event_types(profile, "UP")[0],
            "keys": {logical: keys[logical] for logical in LOGICAL_KEYS if logical in keys},
        }
    return table
