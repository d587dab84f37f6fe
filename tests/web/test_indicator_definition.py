"""An indicator's definition page: its metadata (escaped), all its data as CSV and Parquet through
disclosure control, and its history of imports. Test data from tests/web/definition_store.py."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from definition_store import ENGLAND, HOME, LIFE, MARKUP, PASSWORDS, POPULATION, TINY, build_definition_store


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from hwb.web.app import create_app

    folder = build_definition_store(tmp_path_factory.mktemp("definition") / "store")
    with TestClient(create_app(folder)) as client:
        yield client
    folder.close()


def _as(client: TestClient, role: str | None):
    """The client signed out, or signed in as `role`."""
    client.cookies.clear()
    if role:
        from conftest import csrf_from

        page = client.get("/login")
        response = client.post("/login", data={"username": role, "password": PASSWORDS[role], "next": "/",
                                               "csrf_token": csrf_from(page.text)}, follow_redirects=False)
        assert response.status_code == 303
    return client


def _csv(response) -> pd.DataFrame:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), dtype=str, keep_default_na=False)


def test_metadata_is_shown_escaped_in_words(site):
    page = _as(site, None).get(f"/indicators/{MARKUP}?area={HOME}").text
    for label in ("Definition", "Rationale", "Unit", "Method", "Data source", "Source", "Caveats", "Polarity",
                  "Comparison method"):
        assert f'<dt class="govuk-summary-list__key">{label}</dt>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; people &amp; others" in page and "<script>alert(1)" not in page
    assert "Why &lt;em&gt;it&lt;/em&gt; matters" in page and "Test survey" in page
    assert "Wilson score" in page and "A higher value is better" in page
    assert "value_type" not in page and "high_is_good" not in page  # words, not codes


def test_life_expectancy_method_is_described(site):
    page = _as(site, None).get(f"/indicators/{LIFE}?area={HOME}").text
    assert "Chiang II abridged life table" in page and "5,000 person-years" in page


def test_import_history_lists_the_files_that_carried_the_indicator(site):
    page = _as(site, None).get(f"/indicators/{MARKUP}?area={HOME}").text
    history = page[page.index('id="imports"'):]
    assert "data.csv" in history and "indicators.csv" in history and "Indicator descriptions" in history
    assert "/tmp" not in history  # the file's name only, never where it was on the server


def test_all_data_csv_and_parquet_hide_small_counts_from_visitors(site):
    for role in (None, "viewer"):
        client = _as(site, role)
        frame = _csv(client.get(f"/indicators/{MARKUP}/data.csv"))
        tiny = frame[frame.area_code == TINY].iloc[0]
        assert tiny["count"] == "suppressed" and tiny["value"] == "" and tiny["lower_95"] == ""
        assert tiny["value_note"] == "suppressed"
        parquet = pd.read_parquet(io.BytesIO(client.get(f"/indicators/{MARKUP}/data.parquet").content))
        hidden = parquet[parquet.area_code == TINY].iloc[0]
        assert pd.isna(hidden["count"]) and pd.isna(hidden["value"]) and pd.isna(hidden["upper_998"])
        assert hidden["value_note"] == "suppressed"
        assert parquet["count"].dtype.kind == "f" and len(parquet) == len(frame) == 3
        hidden_csv = set(frame[frame.value_note == "suppressed"].area_code)
        assert set(parquet[parquet.value_note == "suppressed"].area_code) == hidden_csv  # the same rows
        shown = parquet[parquet.area_code == ENGLAND].iloc[0]
        assert ENGLAND not in hidden_csv and shown["count"] == 400 and shown["value"] == pytest.approx(40.0)
    admin = _as(site, "admin")
    full = _csv(admin.get(f"/indicators/{MARKUP}/data.csv"))
    assert float(full[full.area_code == TINY].iloc[0]["count"]) == 4
    parquet = pd.read_parquet(io.BytesIO(admin.get(f"/indicators/{MARKUP}/data.parquet").content))
    assert parquet[parquet.area_code == TINY].iloc[0]["value"] == pytest.approx(0.4)


def test_downloads_name_their_files_and_refuse_unknown_indicators(site):
    client = _as(site, None)
    response = client.get(f"/indicators/{POPULATION}/data.parquet")
    assert response.headers["content-disposition"] == f'attachment; filename="{POPULATION}-all-data.parquet"'
    assert response.content[:4] == b"PAR1"
    assert client.get("/indicators/nothing/data.csv").status_code == 404
    assert client.get("/indicators/nothing/data.parquet").status_code == 404
    rows = list(csv.reader(io.StringIO(client.get(f"/indicators/{LIFE}/data.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 20  # life expectancy at each of the 20 start ages


def test_read_api_gives_the_definition_and_imports(site):
    client = _as(site, None)
    body = client.get(f"/api/indicators/{MARKUP}").json()
    labels = {m["label"]: m["text"] for m in body["metadata"]}
    assert labels["Definition"] == "Share of <script>alert(1)</script> people & others"  # JSON, as stored
    assert labels["Caveats"] == "Small numbers" and labels["Rationale"] == "Why <em>it</em> matters"
    assert {i["file"] for i in body["imports"]} == {"data.csv", "indicators.csv"}
    assert body["downloads"] == {"csv": f"/indicators/{MARKUP}/data.csv", "parquet": f"/indicators/{MARKUP}/data.parquet"}
    missing = client.get("/api/indicators/nothing")
    assert missing.status_code == 404 and missing.json() == {"detail": "There is no indicator nothing."}


def test_definition_page_speaks_plainly(site):
    import re

    for path in (f"/indicators/{MARKUP}?area={HOME}", f"/indicators/{LIFE}?area={HOME}", f"/population?area={TINY}"):
        page = _as(site, None).get(path).text
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S)
        for word in ("None", "nan", "NaN", "_", "hwb", "Vega", ".py", "life_expectancy", "value_type"):
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", visible), (path, word)
