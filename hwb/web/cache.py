"""Page data kept in memory, keyed by the state of the stores, never shared between roles.

A key carries the stores' stamp: the snapshot generation and the record's newest
audit id. Every successful edit writes an audit row and every build publishes a
new generation, so a page read after either is computed afresh, whichever process
made the change; refused requests change neither and leave the cache alone.

Keys carry the viewer's role (None for anonymous visitors): disclosure control
and drafts differ by role, so page data read for one role is never handed to
another. Cached values are shared between requests and must not be mutated.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

from fastapi import Request


class PageCache:
    """A bounded, thread-safe LRU map from keys to computed values.

    Concurrent misses on the same key compute it once; the others wait for it.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._flights: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return True, self._entries[key]
            return False, None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for `key`, computing it on a miss."""
        found, value = self._lookup(key)
        if found:
            return value
        with self._lock:
            flight = self._flights.setdefault(key, threading.Lock())
        try:
            with flight:
                found, value = self._lookup(key)
                if found:
                    return value
                value = compute()
                with self._lock:
                    self._entries[key] = value
                    while len(self._entries) > self.size:
                        self._entries.popitem(last=False)
                return value
        finally:
            with self._lock:
                self._flights.pop(key, None)


def cached(request: Request, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` through the app's cache, keyed by `key`, the stores' stamp and the viewer's role."""
    user = getattr(request.state, "user", None)
    stamp = request.app.state.sources.stamp()
    return request.app.state.cache.get((stamp, user.role if user else None, *key), compute)
