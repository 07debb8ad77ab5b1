"""Values derived from the database, kept until any connection commits a change.

SQLite's ``PRAGMA data_version`` changes when another connection commits, and the store counts
its own writes; together they tell when every derived value (rankings, balances, counts) must
be recomputed. A request checks once (``sync``) and then reads derived values freely.
"""


class VersionedCache:
    def __init__(self, store, max_items=250_000):
        self.store = store
        self.max_items = max_items
        self._version = None
        self._values = {}

    def sync(self):
        version = self.store.data_version()
        if version != self._version:
            self._version = version
            self._values.clear()

    def get(self, key, compute):
        try:
            return self._values[key]
        except KeyError:
            pass
        value = compute()
        if len(self._values) >= self.max_items:
            self._values.clear()  # a crude bound: recomputing is cheap, running out is not
        self._values[key] = value
        return value
