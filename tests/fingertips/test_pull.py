"""`hwb fingertips pull` against recorded API responses on loopback; offline runs use the cache."""

import json
import urllib.error
from datetime import date

import pytest
from typer.testing import CliRunner

from hwb.engine.build import build
from hwb.fingertips.api import FingertipsClient, FingertipsUnavailable, long_date
from hwb.fingertips.cli import app
from hwb.store.folder import StoreFolder

UNREACHABLE = "http://127.0.0.1:9/api/"  # the discard port: nothing listens, so the connection is refused
PULL = ["pull", "--profile", "91", "--area-type", "102", "--parent-area-type", "6", "--also-parent-type", "221"]


def _run(tmp_path, api_url, *extra):
    args = [*PULL, "--cache", str(tmp_path / "cache"), "--db", str(tmp_path / "store"), "--api-url", api_url, *extra]
    return CliRunner().invoke(app, args)


def _evidence(root):
    """The store folder's evidence database, opened directly as `hwb build` opens it."""
    return StoreFolder(root).open_evidence()


def _counts(root):
    store = _evidence(root)
    try:
        tables = ["indicators", "areas", "area_parents", "neighbours", "neighbour_groups", "data_points",
                  "published_figures"]
        return {t: store.sql(f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    finally:
        store.close()


def test_pull_fills_the_cache_and_the_store_then_an_offline_run_uses_the_cache(tmp_path, api_server):
    first = _run(tmp_path, api_server)
    assert first.exit_code == 0, first.output
    manifest = json.loads((tmp_path / "cache" / "manifest.json").read_text())
    assert len(manifest) == 19  # data, metadata, 4 area lists, area types, 2 hierarchies, neighbour types, 9 areas
    assert {e["downloaded"] for e in manifest.values()} == {date.today().isoformat()}
    counts = _counts(tmp_path / "store")
    assert counts == {"indicators": 5, "areas": 12, "area_parents": 12, "neighbours": 72, "neighbour_groups": 1,
                      "data_points": 55, "published_figures": 165}

    offline = _run(tmp_path, UNREACHABLE)
    assert offline.exit_code == 0, offline.output
    assert f"No network; using the cache from {long_date(date.today())}." in offline.output
    assert _counts(tmp_path / "store") == counts


def test_pulled_data_build_with_metadata_areas_and_neighbours(tmp_path, api_server):
    assert _run(tmp_path, api_server).exit_code == 0
    store = _evidence(tmp_path / "store")
    try:
        build(store)
        meta = store.df("SELECT indicator_id, value_type, multiplier, metadata_source FROM indicators ORDER BY 1")
        assert meta.value_type.tolist() == ["dsr", "crude_rate", "crude_rate", "dsr", "crude_rate"]
        assert meta.metadata_source.str.startswith("Fingertips indicator metadata").all()
        leics = store.df("SELECT indicator_id, compared_to_england, compared_to_parent, nn_rank, nn_count, quintile "
                         "FROM results WHERE area_code = 'E10000018' ORDER BY 1")
        # The recorded test groups are the 9 East Midlands areas; a neighbour with no value is not ranked.
        assert leics.nn_count.max() == 9 and leics.nn_rank.notna().all()
        assert leics.compared_to_england.tolist() == ["Similar"] * 5
        parents = store.sql("SELECT parent_type, parent_code FROM area_parents WHERE area_code = 'E10000018' ORDER BY 1")
        assert parents == [("ICB", "E54000015"), ("Region", "E12000004")]
        assert store.sql("SELECT source FROM data_points LIMIT 1")[0][0] == (
            f"Fingertips (OHID), downloaded {long_date(date.today())}")
    finally:
        store.close()


def test_from_cache_with_an_empty_cache_says_what_to_do(tmp_path):
    result = _run(tmp_path, UNREACHABLE, "--from-cache")
    assert result.exit_code == 1
    assert "--from-cache was given" in result.output and "run the same pull once with a network connection" in result.output
    assert not (tmp_path / "store").exists()


def test_failed_requests_are_retried_with_backoff(tmp_path):
    answers = [urllib.error.URLError("timed out"), urllib.error.HTTPError("u", 503, "busy", {}, None), b"[]"]
    slept = []

    def fetch(url, timeout):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = FingertipsClient(tmp_path, fetch=fetch, sleep=slept.append, today=lambda: date(2026, 3, 12))
    assert client.area_types() == ([], date(2026, 3, 12))
    assert slept == [1.0, 2.0]
    assert client.cached_since is None


def test_no_network_uses_the_dated_cache_and_a_missing_page_is_not_retried(tmp_path):
    online = FingertipsClient(tmp_path, fetch=lambda url, timeout: b"[1]", today=lambda: date(2026, 3, 12))
    online.area_types()

    def down(url, timeout):
        raise urllib.error.URLError("no route to host")

    offline = FingertipsClient(tmp_path, fetch=down, sleep=lambda s: None, today=lambda: date(2026, 6, 1))
    assert offline.area_types() == ([1], date(2026, 3, 12))
    assert long_date(offline.cached_since) == "12 March 2026"

    calls = []

    def missing(url, timeout):
        calls.append(url)
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    with pytest.raises(FingertipsUnavailable, match="answered 404"):
        FingertipsClient(tmp_path, fetch=missing, sleep=lambda s: None).areas(999)
    assert len(calls) == 1
