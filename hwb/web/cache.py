"""Page data kept in memory until the next write, never stale and never shared between roles.

The server is the only writer to its store while it runs. Every web write (any
request that is not GET, HEAD or OPTIONS) bumps the cache's generation before
its response is sent, and entries are keyed by the generation they were read
in, so a page read after an edit is always computed afresh. Changes made to the
file by another process while the server runs are not seen until the next web
write or a restart.

Keys carry the viewer's role (None for anonymous visitors): disclosure control
and drafts differ by role, so page data read for one role is never handed to
another. Cached values are shared between requests and must not be mutated.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class PageCache:
    """A bounded, thread-safe LRU map from (generation, key) to computed values.

    Concurrent misses on the same key compute it once; the others wait for it.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self.generation = 0
        self._entries: OrderedDict[tuple, Any] = OrderedDict()
        self._flights: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def bump(self) -> None:
        """Forget everything: the store has changed."""
        with self._lock:
            self.generation += 1
            self._entries.clear()

    def _lookup(self, key: tuple) -> tuple[bool, Any]:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return True, self._entries[key]
            return False, None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for `key` in the current generation, computing it on a miss."""
        full = (self.generation, key)
        found, value = self._lookup(full)
        if found:
            return value
        with self._lock:
            flight = self._flights.setdefault(full, threading.Lock())
        try:
            with flight:
                found, value = self._lookup(full)
                if found:
                    return value
                value = compute()
                with self._lock:
                    if full[0] == self.generation:
                        self._entries[full] = value
                        while len(self._entries) > self.size:
                            self._entries.popitem(last=False)
                return value
        finally:
            with self._lock:
                self._flights.pop(full, None)


def cached(request: Request, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` through the app's cache, keyed by `key` and the viewer's role."""
    user = getattr(request.state, "user", None)
    return request.app.state.cache.get((user.role if user else None, *key), compute)


class InvalidateOnWrite:
    """Pure ASGI middleware: a write bumps the cache's generation before its response starts."""

    def __init__(self, app: ASGIApp, cache: PageCache):
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return

        async def bump_first(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.cache.bump()
            await send(message)

        try:
            await self.app(scope, receive, bump_first)
        finally:
            self.cache.bump()
