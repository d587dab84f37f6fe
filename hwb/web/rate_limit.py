"""A per-client limit on writes: at most LIMIT non-GET requests per client in any WINDOW seconds.

Counted before routing, so refused requests (405, 401, 403, bad CSRF) count too and
cost the server almost nothing once over the limit: a 429 page in plain words with
Retry-After. Reads are never limited. Sign-in has its own throttle (hwb.web.auth).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

LIMIT = 60
WINDOW = 60.0
MAX_CLIENTS = 10_000
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Too many requests</title></head>
<body><h1>Too many changes sent</h1>
<p>This computer has sent more than {limit} changes in {window} seconds. Wait {wait} seconds, then try again.
Reading pages is not affected.</p></body></html>
"""


class WriteLimiter:
    """Sliding-window counts of writes per client address."""

    def __init__(self, limit: int = LIMIT, window: float = WINDOW, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """0 when this write may go ahead (and counts it), else the seconds until it may."""
        now = self.clock()
        with self._lock:
            times = self._seen.setdefault(client, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return times[0] + self.window - now
            times.append(now)
            if len(self._seen) > MAX_CLIENTS:
                self._forget(now)
            return 0.0

    def _forget(self, now: float) -> None:
        for client in [c for c, t in self._seen.items() if not t or t[-1] <= now - self.window]:
            del self._seen[client]


class RateLimit:
    """Pure ASGI middleware applying a WriteLimiter to every non-GET HTTP request."""

    def __init__(self, app: ASGIApp, limit: int = LIMIT, window: float = WINDOW):
        self.app = app
        self.limiter = WriteLimiter(limit, window)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("", 0))[0]
        wait = self.limiter.wait(client)
        if not wait:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        body = PAGE.format(limit=self.limiter.limit, window=int(self.limiter.window), wait=seconds).encode()
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"text/html; charset=utf-8"), (b"retry-after", str(seconds).encode()),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
