"""Tools for testing TV screens without a TV.

``fixtures/layouts/`` holds golden layout pages named by shape, each with the key → focus
sequence the navigation engine must follow; the browser tests press through them in Chromium.

``VirtualSTB`` (``device_sim.stb``) is a headless set-top box: it loads pages over real HTTP,
keeps cookies, and runs a step-for-step Python port of the engine (``assets/js/tv.js``, with
the spatial move of ``assets/js/nav.js`` in ``device_sim.nav``), so a test or a tool can press
keys and read the focus, the URL, the back stack and the visible text without a browser::

    stb = VirtualSTB("http://127.0.0.1:8080", box_id="STB00000001").open("/tv/")
    stb.press("NUM_1").press("OK")        # page loads happen inside press
    assert stb.page == "ranking" and stb.focused == "row-1"

``device_sim.markup`` parses a page into items, containers, key links and visible text
(standard library only); ``device_sim.profiles`` reads the key profiles of
``portal.tv.keys`` (codes per logical key, event types, example User-Agents, and
``emulator_table()`` for the browser emulator). The contract all of them follow is
docs/tv-markup.md; tests/browser/test_parity.py checks that Chromium and the simulator agree.
"""

from .stb import VirtualSTB

__all__ = ["VirtualSTB"]
