"""Governance logic over the store: points, rankings, paging. Nothing here knows about HTTP."""
