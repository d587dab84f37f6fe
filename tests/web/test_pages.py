"""Read-only pages, CSV downloads, headers, disclosure control and the require-login switch."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import HOME, sign_in

PAGES = ["/", "/areas", "/areas?q=leic", f"/areas/{HOME}", "/indicators", "/strategy",
         "/strategy/sections/healthy-placemaking", "/strategy/sections/D3.1", "/bcf", "/bcf/E10000018/2026-27", "/login"]


def first_indicator(client) -> str:
    return re.search(r'href="/indicators/([^"?]+)"', client.get("/indicators").text).group(1)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert '<a href="#main-content" class="govuk-skip-link"' in response.text
    assert "https://" not in re.sub(r'"\$schema": "https://vega[^"]*"', "", response.text), "no external resources"


def test_every_indicator_page_and_csv(client):
    ids = re.findall(r'href="/indicators/([^"?]+)"', client.get("/indicators").text)
    assert len(ids) > 50
    for indicator_id in ids:
        assert client.get(f"/indicators/{indicator_id}").status_code == 200, indicator_id
        for kind in ("trend", "compare", "neighbours"):
            response = client.get(f"/indicators/{indicator_id}/{kind}.csv")
            assert response.status_code == 200, (indicator_id, kind)
            assert response.headers["content-type"].startswith("text/csv")
            assert response.content.startswith("\ufeff".encode())


def test_charts_have_a_table_a_csv_and_a_text_alternative(client):
    page = client.get(f"/indicators/{first_indicator(client)}?area={HOME}").text
    for chart in re.findall(r'data-chart-spec="([^"]+)-spec"', page):
        assert f'aria-labelledby="{chart}-title {chart}-summary"' in page
    assert page.count("<table") >= page.count("data-chart-spec=")
    assert page.count(".csv?") >= page.count("data-chart-spec=")


def test_area_profile_csv_and_spine(client):
    page = client.get(f"/areas/{HOME}").text
    assert 'data-chart-spec="spine-spec"' in page
    csv = client.get(f"/areas/{HOME}/profile.csv")
    assert csv.status_code == 200 and b"compared_to_england" in csv.content


def test_bcf_csvs(client):
    for name in ("metrics", "finance"):
        response = client.get(f"/bcf/E10000018/2026-27/{name}.csv")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")


def test_unknown_things_are_404(client):
    for url in ("/areas/E99999999", "/indicators/no-such-thing", "/strategy/sections/nope", "/bcf/E1/2000-01", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404 and "govuk-heading-l" in response.text


def test_disclosure_control_for_visitors_and_viewers(client):
    """Visitors and viewers get suppressed figures; editors (who load and check the data) see them in full."""
    assert "suppressed" in client.get(f"/areas/{HOME}/profile.csv").text
    sign_in(client, "viewer")
    assert "suppressed" in client.get(f"/areas/{HOME}/profile.csv").text
    client.cookies.clear()
    sign_in(client, "editor")
    assert "suppressed" not in client.get(f"/areas/{HOME}/profile.csv").text


def test_admin_audit_needs_admin(client):
    assert client.get("/admin/audit", follow_redirects=False).status_code == 303
    sign_in(client, "editor")
    assert client.get("/admin/audit").status_code == 403
    client.cookies.clear()
    sign_in(client, "admin")
    page = client.get("/admin/audit")
    assert page.status_code == 200 and "login" in page.text


def test_require_login_switch(folder):
    from hwb.web.app import create_app

    with TestClient(create_app(folder, require_login=True)) as client:
        for url in ("/", f"/areas/{HOME}", "/bcf", f"/areas/{HOME}/profile.csv"):
            response = client.get(url, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
        assert client.get("/healthz").status_code == 200
        sign_in(client, "viewer")
        assert client.get("/").status_code == 200


def test_require_login_setting(folder):
    from hwb.web.app import create_app
    from hwb.web.settings import set_setting

    with folder.record.write() as conn:
        set_setting(conn, "require_login", "true")
    with TestClient(create_app(folder)) as client:
        assert client.get("/", follow_redirects=False).status_code == 303


def test_section_pages_name_indicators_not_their_ids(client):
    """Links to indicators read as the indicator's name, never its id."""
    import re

    sections = set(re.findall(r'href="(/strategy/sections/[^"#]+)"', client.get("/strategy").text))
    assert sections
    links = []
    for url in sections:
        links += re.findall(r'<a class="govuk-link" href="/indicators/([^"?]+)[^"]*">([^<]+)</a>', client.get(url).text)
    assert links, "no section links to an indicator"
    assert [(i, text) for i, text in links if text.strip() == i] == []
