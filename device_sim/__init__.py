"""Tools for testing TV screens without a TV.

``fixtures/layouts/`` holds golden layout pages named by shape, each with the key → focus
sequence the navigation engine must follow; the browser tests press through them in Chromium.
"""
