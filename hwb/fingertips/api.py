"""A client for the Fingertips API (https://fingertips.phe.org.uk/api/) with a local cache.

Every response is saved in a cache folder with the date it was downloaded
(`manifest.json`), so later runs and tests work offline. A request that fails is
retried with backoff; when the network stays down, the cached copy is used and
`cached_since` holds its download date ("No network; using the cache from
12 March 2026"). With `from_cache=True` the network is never touched.

Endpoints, as documented by the API and used by fingertipsR / fingertips_py:
all_data/csv/by_profile_id | by_indicator_id | by_group_id (child_area_type_id,
parent_area_type_id), indicator_metadata/csv/by_profile_id | by_indicator_id |
by_group_id, area_types, areas/by_area_type, parent_to_child_areas,
nearest_neighbour_types and areas/by_parent_area_code?parent_area_code=nn-<type>-<area>.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from hwb.atomic import replacing

BASE_URL = "https://fingertips.phe.org.uk/api/"
MANIFEST = "manifest.json"
RETRIES = 3
BACKOFF_SECONDS = 1.0
TIMEOUT_SECONDS = 120.0
RETRY_STATUSES = {429, 500, 502, 503, 504}

Fetch = Callable[[str, float], bytes]


class FingertipsUnavailable(Exception):
    """Fingertips could not give what was asked, and the cache has no copy; the message says what to do."""


def long_date(day: date) -> str:
    """"12 March 2026"."""
    return f"{day.day} {day:%B %Y}"


def fetch_url(url: str, timeout: float) -> bytes:
    """GET `url` with the standard library."""
    request = urllib.request.Request(url, headers={"User-Agent": "Health and Wellbeing Board evidence tool"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


@dataclass(frozen=True)
class Fetched:
    """A response saved in the cache: its file and the day it was downloaded."""

    path: Path
    downloaded: date
    from_cache: bool


class Cache:
    """Files named after their request, and a manifest of url and download date per file."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _manifest(self) -> dict:
        path = self.folder / MANIFEST
        if not path.exists():
            return {}
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise FingertipsUnavailable(f"the cache's list of downloads ({path}) cannot be read: {error}; "
                                        "delete the cache folder and download again") from error

    def get(self, key: str) -> Fetched | None:
        entry = self._manifest().get(key)
        if not entry or not (self.folder / entry["file"]).exists():
            return None
        return Fetched(self.folder / entry["file"], date.fromisoformat(entry["downloaded"]), True)

    def put(self, key: str, url: str, content: bytes, downloaded: date) -> Fetched:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.folder / key, content)
        manifest = self._manifest()
        manifest[key] = {"file": key, "url": url, "downloaded": downloaded.isoformat()}
        _write_atomically(self.folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        return Fetched(self.folder / key, downloaded, False)


def _write_atomically(path: Path, content: bytes) -> None:
    with replacing(path) as temp:
        Path(temp).write_bytes(content)


def cache_key(endpoint: str, params: dict, suffix: str) -> str:
    """A file name for a request: readable, and short even for long indicator lists."""
    query = "__".join(f"{k}-{v}" for k, v in sorted(params.items()))
    name = re.sub(r"[^A-Za-z0-9-]+", "_", f"{endpoint}__{query}").strip("_")
    if len(name) > 120:
        name = name[:80] + "_" + hashlib.sha256(name.encode()).hexdigest()[:16]
    return f"{name}.{suffix}"


def _ids(ids) -> str:
    return ",".join(str(i) for i in ids)


class FingertipsClient:
    """Fingertips API requests through the cache."""

    def __init__(self, cache: str | Path, *, base_url: str = BASE_URL, fetch: Fetch = fetch_url,
                 from_cache: bool = False, retries: int = RETRIES, backoff: float = BACKOFF_SECONDS,
                 sleep: Callable[[float], None] = time.sleep, today: Callable[[], date] = date.today):
        self.cache = Cache(cache)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.fetch, self.from_cache = fetch, from_cache
        self.retries, self.backoff, self.sleep, self.today = retries, backoff, sleep, today
        self.cached_since: date | None = None  # download date of the oldest cached copy used
        self.offline = from_cache

    def get(self, endpoint: str, params: dict, suffix: str) -> Fetched:
        """The response for `endpoint?params`: downloaded (and cached), or the cached copy when offline."""
        key = cache_key(endpoint, params, suffix)
        url = self.base_url + endpoint + ("?" + urllib.parse.urlencode(params) if params else "")
        if not self.offline:
            try:
                return self.cache.put(key, url, self._download(url), self.today())
            except (urllib.error.URLError, OSError) as error:
                if isinstance(error, urllib.error.HTTPError) and error.code not in RETRY_STATUSES:
                    raise FingertipsUnavailable(f"Fingertips answered {error.code} ({error.reason}) for {url}; "
                                                "check the profile, indicator, group and area type numbers") from error
                self.offline = True
        cached = self.cache.get(key)
        if cached is None:
            why = "--from-cache was given" if self.from_cache else "there is no network"
            raise FingertipsUnavailable(f"{why}, and the cache in {self.cache.folder} has no copy of {url}; "
                                        "run the same pull once with a network connection")
        self.cached_since = min(filter(None, [self.cached_since, cached.downloaded]))
        return cached

    def _download(self, url: str) -> bytes:
        attempt = 0
        while True:
            try:
                return self.fetch(url, TIMEOUT_SECONDS)
            except (urllib.error.URLError, OSError) as error:
                final = attempt == self.retries
                if final or (isinstance(error, urllib.error.HTTPError) and error.code not in RETRY_STATUSES):
                    raise
                self.sleep(self.backoff * 2 ** attempt)
                attempt += 1

    def json(self, endpoint: str, params: dict) -> tuple[object, date]:
        """The parsed JSON answer and the day it was downloaded."""
        fetched = self.get(endpoint, params, "json")
        try:
            return json.loads(fetched.path.read_text("utf-8")), fetched.downloaded
        except ValueError as error:
            raise FingertipsUnavailable(f"the response saved in {fetched.path} is not valid JSON ({error}); "
                                        "delete it and download again") from error

    def all_data(self, *, area_type: int, parent_area_type: int, profile: int | None = None,
                 indicators: list[int] | None = None, group: int | None = None) -> Fetched:
        """The "all data" CSV for a profile, a list of indicators or a group (domain)."""
        params = {"child_area_type_id": area_type, "parent_area_type_id": parent_area_type,
                  "include_sortable_time_periods": "yes"}
        if indicators:
            return self.get("all_data/csv/by_indicator_id", {**params, "indicator_ids": _ids(indicators),
                                                              **({"profile_id": profile} if profile else {})}, "csv")
        if group:
            return self.get("all_data/csv/by_group_id", {**params, "group_id": group}, "csv")
        return self.get("all_data/csv/by_profile_id", {**params, "profile_id": profile}, "csv")

    def metadata(self, *, profile: int | None = None, indicators: list[int] | None = None,
                 group: int | None = None) -> Fetched:
        """The indicator metadata CSV for the same selection."""
        if indicators:
            return self.get("indicator_metadata/csv/by_indicator_id", {"indicator_ids": _ids(indicators),
                            **({"profile_id": profile} if profile else {})}, "csv")
        if group:
            return self.get("indicator_metadata/csv/by_group_id", {"group_id": group}, "csv")
        return self.get("indicator_metadata/csv/by_profile_id", {"profile_id": profile}, "csv")

    def area_types(self) -> tuple[list[dict], date]:
        return self.json("area_types", {})

    def areas(self, area_type: int) -> tuple[list[dict], date]:
        return self.json("areas/by_area_type", {"area_type_id": area_type})

    def hierarchy(self, area_type: int, parent_area_type: int) -> tuple[dict[str, list[str]], date]:
        """Parent code -> child codes."""
        return self.json("parent_to_child_areas", {"child_area_type_id": area_type,
                                                   "parent_area_type_id": parent_area_type})

    def neighbour_types(self) -> tuple[list[dict], date]:
        return self.json("nearest_neighbour_types", {})

    def neighbours(self, area_type: int, neighbour_type: int, area_code: str) -> tuple[list[dict], date]:
        return self.json("areas/by_parent_area_code", {"area_type_id": area_type,
                                                       "parent_area_code": f"nn-{neighbour_type}-{area_code}"})
