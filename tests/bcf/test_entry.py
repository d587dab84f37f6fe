"""In-year figures: checked one way whether typed into the web form or imported from a CSV.

The figures here are test data (not seed data): a quarter of emergency admissions, a rolling
12-month residential count and a month's discharge delay for 2026-27, the months after the
seed's plan was published.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hwb.bcf.entry import make_point
from hwb.bcf.figures_csv import read_csv
from hwb.bcf.metrics import assessments
from hwb.bcf.model import DISCHARGE, NEA, RESIDENTIAL
from hwb.bcf.store import load_demo, load_plan
from hwb.cli import app as cli
from hwb.errors import InputError
from hwb.store.record import audit
from hwb.web.app import create_app
from hwb.web.auth import add_user

HEADER = "metric,kind,period,basis,method,first,second\n"
GOOD = (HEADER + "emergency_admissions_65,actual,2026-06,quarter,,7410,157349\n"
        "residential_admissions_65,actual,2026-06,rolling12,CLD,861,157349\n"
        "discharge_delay,actual,2026-04,month,,86.5,4.1\n")


def test_a_quarter_must_end_in_a_quarter_month_and_residential_names_its_method():
    point, errors = make_point(RESIDENTIAL, "actual", "2026-05", "rolling12", "", "861", "157349")
    assert point is None
    assert set(errors) == {"period", "method"}
    assert "March, June, September or December" in errors["period"]
    point, errors = make_point(NEA, "actual", "2026-06", "quarter", "CLD", "7410", "157349")
    assert point is None and set(errors) == {"method"}


@pytest.mark.parametrize("first,second,field", [
    ("1e3", "157349", "first"), ("nan", "157349", "first"), ("inf", "157349", "first"), ("-5", "157349", "first"),
    ("100", "0", "second"), ("=1+1", "157349", "first"), ("１２", "157349", "first"),
])
def test_numbers_are_plain_and_within_bounds(first, second, field):
    point, errors = make_point(NEA, "actual", "2026-04", "month", "", first, second)
    assert point is None and field in errors


def test_discharge_is_a_percentage_and_days():
    point, errors = make_point(DISCHARGE, "actual", "2026-04", "month", "", "86.5", "4.1")
    assert errors == {} and point.proportion == pytest.approx(0.865) and point.days == 4.1
    assert make_point(DISCHARGE, "actual", "2026-04", "month", "", "186.5", "4.1")[1].keys() == {"first"}


def test_the_csv_names_every_bad_row_and_column(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + "emergency_admissions_65,actual,2026-06,quarter,,7410,157349\n"
                    "residential_admissions_65,actual,2026-05,rolling12,,x,157349\n"
                    "emergency_admissions_65,actual,2026-06,quarter,,7000,157349\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_csv(path)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(3, "period"), (3, "method"), (3, "first"), (4, "period")}
    assert "the same figure as row 2" in caught.value.summary()


def test_the_cli_stores_all_or_nothing_and_the_judgement_follows(tmp_path):
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["bcf", "check", "--demo", "--db", str(store)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "discharge_delay,actual,2026-05,month,,86.5,900\n", "utf-8")
    refused = runner.invoke(cli, ["bcf", "figures", str(bad), "--db", str(store)])
    assert refused.exit_code == 2 and "row 5" in refused.output and "column 'second'" in refused.output
    from hwb.store.folder import StoreFolder

    folder = StoreFolder(store)
    before = load_plan(folder.record, "E10000018", "2026-27").metrics
    folder.close()
    good = tmp_path / "good.csv"
    good.write_text(GOOD, "utf-8")
    stored = runner.invoke(cli, ["bcf", "figures", str(good), "--db", str(store)])
    assert stored.exit_code == 0, stored.output
    assert "Stored 3 new and 0 replaced figures" in " ".join(stored.output.split())
    again = runner.invoke(cli, ["bcf", "figures", str(good), "--db", str(store)])
    assert "Stored 0 new and 3 replaced figures" in " ".join(again.output.split())
    folder = StoreFolder(store)
    plan = load_plan(folder.record, "E10000018", "2026-27")
    folder.close()
    assert len(plan.metrics) == len(before) + 3
    found = {(a.metric, a.year): a for a in assessments(plan.metrics)}
    nea = found[(NEA, "2026-27")]
    assert nea.periods == 1 and nea.status == "On track to meet goal"
    assert "1 quarter with both a plan and an actual (Quarter to Jun 2026)" in nea.method
    residential = found[(RESIDENTIAL, "2026-27")]
    assert residential.status == "On track to meet goal" and "12 months to Jun 2026" in residential.method
    assert found[(DISCHARGE, "2026-27")].status == "Not on track to meet goal"  # 0.135 x 4.1 = 0.55 > 0.48


def test_the_web_form_takes_a_quarter_and_refuses_a_bad_month(tmp_path):
    from hwb.store.folder import StoreFolder

    folder = StoreFolder(tmp_path / "store")
    load_demo(folder.record)
    add_user(folder.record, "editor", "editor-password-1", "editor")
    plan_url = "/bcf/E10000018/2026-27"

    def token(client):
        return re.search(r'name="csrf_token" value="([^"]+)"', client.get(plan_url).text).group(1)

    with TestClient(create_app(folder)) as client:
        login = client.get("/login")
        client.post("/login", data={"username": "editor", "password": "editor-password-1", "next": "/",
                                    "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)})
        with folder.record.read() as conn:
            audit_before = audit.count(conn)
        refused = client.post(f"{plan_url}/metrics", data={
            "metric": RESIDENTIAL, "kind": "actual", "period": "2026-05", "basis": "rolling12", "method": "CLD",
            "first": "861", "second": "157349", "csrf_token": token(client)})
        assert refused.status_code == 400
        assert "A quarter ends in March, June, September or December" in refused.text
        with folder.record.read() as conn:
            assert audit.count(conn) == audit_before
        saved = client.post(f"{plan_url}/metrics", follow_redirects=False, data={
            "metric": RESIDENTIAL, "kind": "actual", "period": "2026-06", "basis": "rolling12", "method": "CLD",
            "first": "861", "second": "157349", "csrf_token": token(client)})
        assert saved.status_code == 303
        page = client.get(plan_url).text
    assert "12 months to Jun 2026 (CLD)" in page and "547.2" in page
    stored = [p for p in load_plan(folder.record, "E10000018", "2026-27").metrics
              if p.metric == RESIDENTIAL and p.kind == "actual" and p.period == "2026-06"]
    assert [(p.basis, p.method, p.count) for p in stored] == [("rolling12", "CLD", 861)]
    folder.close()
