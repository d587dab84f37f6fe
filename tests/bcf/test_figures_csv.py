"""The file of in-year figures: metrics by the names a BCF manager writes, old keys still read,
a bad name a located error listing the names, and the web download read back figure for figure."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hwb.bcf.figures_csv import NAMES, SHORT, figure_rows, metric_key, read_csv
from hwb.bcf.model import DISCHARGE, METRICS, NEA, REABLEMENT, RESIDENTIAL
from hwb.bcf.store import load_demo, load_plan
from hwb.cli import app as cli
from hwb.errors import InputError
from hwb.web.app import create_app
from hwb.web.auth import add_user

HEADER = "metric,kind,period,basis,method,first,second\n"
# Test data, not seed data: three figures for 2026-27, written once with the old keys and once
# the way a manager would write them (template names and short names, any case, "12 months").
OLD = (HEADER + "emergency_admissions_65,actual,2026-06,quarter,,7410,157349\n"
       "residential_admissions_65,actual,2026-06,rolling12,CLD,861,157349\n"
       "discharge_delay,actual,2026-04,month,,86.5,4.1\n")
NEW = (HEADER + '"Emergency admissions to hospital for people aged 65+ per 100,000 population",Actual,2026-06,'
       'Quarter,,7410,157349\n'
       "residential admissions,actual,2026-06,12 months,cld,861,157349\n"
       '"Average length of discharge delay for all acute adult patients",actual,2026-04,month,,86.5,4.1\n')


def _key(p):
    return (p.metric, p.kind, p.period, p.basis, p.method, p.count, p.denominator, p.proportion, p.days)


def test_the_seed_names_and_the_old_keys_read_the_same(tmp_path):
    (tmp_path / "old.csv").write_text(OLD, "utf-8")
    (tmp_path / "new.csv").write_text(NEW, "utf-8")
    old, new = read_csv(tmp_path / "old.csv"), read_csv(tmp_path / "new.csv")
    assert [_key(p) for p in new] == [_key(p) for p in old]
    assert [p.metric for p in new] == [NEA, RESIDENTIAL, DISCHARGE]


@pytest.mark.parametrize("name,key", [
    ("Non-elective admissions", NEA),
    ("Non elective admissions to hospital for people aged 65 and over per 100,000 population", NEA),
    ("Long-term support needs of older people (age 65 and over) met by admission to residential and nursing care "
     "homes, per 100,000 population", RESIDENTIAL),
    ("LONG TERM ADMISSIONS TO RESIDENTIAL AND NURSING CARE HOMES", RESIDENTIAL),
    ("Average number of days from Discharge Ready Date to discharge (all adult acute patients)", DISCHARGE),
    ("Reablement.", REABLEMENT),
    ("reablement_65", REABLEMENT),
    ("Emergency admissions and discharge", None),
    ("", None),
])
def test_names_the_seed_uses_mean_their_metric(name, key):
    assert metric_key(name) == key


def test_every_written_name_reads_back_as_its_metric():
    assert {metric_key(n) for n in NAMES.values()} == set(METRICS)
    assert all(metric_key(NAMES[k]) == k and metric_key(SHORT[k]) == k for k in METRICS)


def test_a_bad_metric_name_is_refused_with_file_row_column_and_the_names(tmp_path):
    bad = tmp_path / "figures.csv"
    bad.write_text(NEW + "Delayed transfers of care,actual,2026-05,month,,5,10\n,actual,2026-05,month,,5,10\n",
                   "utf-8")
    with pytest.raises(InputError) as caught:
        read_csv(bad)
    assert [(e.row, e.column) for e in caught.value.errors] == [(5, "metric"), (6, "metric")]
    message = str(caught.value.errors[0])
    assert message.startswith("figures.csv, row 5, column 'metric': 'Delayed transfers of care' is not a metric")
    assert all(f"'{n}'" in message for n in [*NAMES.values(), *SHORT.values()])
    assert "emergency_admissions_65" not in message
    assert str(caught.value.errors[1]).startswith("figures.csv, row 6, column 'metric': no metric given. Write one of")

    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["bcf", "check", "--demo", "--db", str(store)]).exit_code == 0
    refused = runner.invoke(cli, ["bcf", "figures", str(bad), "--db", str(store)])
    assert refused.exit_code == 2
    said = " ".join(refused.output.split())
    assert "figures.csv, row 5, column 'metric': 'Delayed transfers of care' is not a metric" in said
    assert NAMES[RESIDENTIAL] in said and "Stored" not in said


def test_the_web_download_is_for_editors_and_reads_back_figure_for_figure(folder):
    load_demo(folder.record)
    add_user(folder.record, "editor", "editor-password-1", "editor")
    plan = load_plan(folder.record, "E10000018", "2026-27")
    url = "/bcf/E10000018/2026-27/figures.csv"
    with TestClient(create_app(folder)) as client:
        assert client.get(url, follow_redirects=False).status_code in (302, 303, 307)
        login = client.get("/login")
        client.post("/login", data={"username": "editor", "password": "editor-password-1", "next": "/",
                                    "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)})
        page = client.get("/bcf/E10000018/2026-27").text
        assert url in page
        response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "emergency_admissions_65" not in text and "rolling12" not in text
    assert f'"{NAMES[NEA]}",plan,2026-04,month,,2582,157349' in text
    path = folder.root / "downloaded.csv"
    path.write_bytes(response.content)
    back = read_csv(path)
    expected = [p for p in plan.metrics if p.basis != "year"]
    assert len(back) == len(expected) == len(figure_rows(plan.metrics)) > 40
    for got, want in zip(back, expected):
        assert (got.metric, got.kind, got.period, got.basis, got.method) == \
               (want.metric, want.kind, want.period, want.basis, want.method)
        for field in ("count", "denominator", "proportion", "days"):
            assert getattr(got, field) == pytest.approx(getattr(want, field), abs=1e-9), field
