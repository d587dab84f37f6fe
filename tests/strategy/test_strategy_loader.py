"""The strategy YAML: the demo loads; every mistake is reported with file, line and field."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from hwb.errors import InputError
from hwb.strategy.demo import DEMO_STRATEGY
from hwb.strategy.loader import load_strategy_file, parse_strategy

MINIMAL = """\
schema_version: 1
id: s
title: A strategy
area_code: E10000018
area_name: Leicestershire
priorities:
  - id: shsw
    name: Staying Healthy, Safe and Well
    priority_areas:
      - id: foundations
        name: Building strong foundations
        commitments:
          - id: homes
            name: Healthy homes
progress:
  - target: homes
    date: 2026-06-15
    progress: Done.
"""


def errors(text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputError) as caught:
        parse_strategy(text, "s.yaml")
    assert all(e.file == "s.yaml" for e in caught.value.errors)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def test_minimal_strategy_loads():
    strategy = parse_strategy(MINIMAL)
    assert strategy.commitments()[0].name == "Healthy homes"
    assert strategy.progress[0].date == date(2026, 6, 15)


def test_yaml_syntax_error_names_the_line():
    found = errors(MINIMAL.replace("name: Healthy homes", "name: [Healthy homes"))
    # the parser notices the unclosed list where the next line starts
    assert found == [(15, None, "not valid YAML: expected ',' or ']', but got ':'")]


def test_unknown_field_names_line_and_path():
    found = errors(MINIMAL.replace("          - id: homes\n", "          - id: homes\n            comitment_code: D4\n"))
    assert found == [(14, "priorities[0].priority_areas[0].commitments[0].comitment_code",
                      "unknown field 'comitment_code'; expected one of: id, name, code, text, key_area_of_focus, "
                      "delivery_group, actions, success_measures")]


def test_missing_field_wrong_type_and_bad_date_are_all_reported():
    text = MINIMAL.replace("            name: Healthy homes\n", "").replace("date: 2026-06-15", "date: 15/06/2026")
    text = text.replace("    name: Building strong foundations\n", "    name: Building strong foundations\n        commitments_x: 1\n")
    found = errors(text.replace("title: A strategy", "title: [a, list]"))
    messages = {(row, column): message for row, column, message in found}
    assert messages[(3, "title")] == "expected a single str value"
    assert messages[(12, "priorities[0].priority_areas[0].commitments_x")].startswith("unknown field")
    assert messages[(14, "priorities[0].priority_areas[0].commitments[0].name")] == "missing required field 'name'"
    assert messages[(17, "progress[0].date")] == "expected a date as YYYY-MM-DD, got '15/06/2026'"
    assert len(found) == 4


def test_duplicate_ids_and_dangling_references():
    text = MINIMAL.replace("          - id: homes\n            name: Healthy homes\n",
                           "          - id: homes\n            name: Healthy homes\n"
                           "          - id: homes\n            name: Homes again\n")
    text = text.replace("target: homes", "target: nowhere")
    found = errors(text)
    assert (15, "priorities[0].priority_areas[0].commitments[1].id",
            "id 'homes' is already used at priorities[0].priority_areas[0].commitments[0].id") in found
    assert (18, "progress[0].target", "no commitment, action or workstream 'nowhere'") in found


def test_schema_version_is_required_and_checked():
    assert errors(MINIMAL.replace("schema_version: 1\n", "")) == [
        (1, "schema_version", "missing schema_version (expected 1)")]
    assert errors(MINIMAL.replace("schema_version: 1", "schema_version: 2")) == [
        (1, "schema_version", "unsupported schema_version '2'; this hwb reads 1")]


def test_unreadable_and_empty_files(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        load_strategy_file(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("", "utf-8")
    with pytest.raises(InputError, match="the file is empty"):
        load_strategy_file(tmp_path / "empty.yaml")


def test_demo_strategy_is_the_seed_strategy():
    s = load_strategy_file(DEMO_STRATEGY)
    assert [p.name for p in s.priorities] == ["Best Start for Life", "Staying Healthy, Safe and Well",
                                             "Living and Supported Well", "Dying Well"]
    shsw = s.priorities[1]
    assert [(a.name, [c.name for c in a.commitments]) for a in shsw.priority_areas] == [
        ("Building strong foundations", ["Health and equity in all policies", "Healthy placemaking",
                                         "Healthy workplaces and local economy", "Healthy homes",
                                         "Healthy and safe communities"]),
        ("Enabling healthy choices and behaviours", ["Healthy choices and behaviours",
                                                     "Healthy weight, food and nutrition"]),
    ]
    focus = [c.name for c in s.commitments() if c.key_area_of_focus == "25-26"]
    assert focus == ["Healthy placemaking", "Healthy weight, food and nutrition"]
    coded = [(c.code, [a.code for a in c.actions]) for c in s.commitments() if c.code]
    assert coded == [("D3", ["D3.1"])], "only the codes the seeds give"
    assert [(x.name, [w.name for w in x.workstreams]) for x in s.cross_cutting] == [
        ("Reducing health inequalities", ["Learning Disability Health Checks", "Women's Health"]),
        ("Health protection and emergency preparedness", ["Vaccination & Screening Programmes", "Emergency Preparedness"]),
    ]
    assert {u.date for u in s.progress} == {date(2026, 6, 15)}
    assert {u.target for u in s.progress} >= {c.id for c in s.commitments()}
    assert [len(p.rows) for p in s.dashboard.pages] == [14, 22, 13]


def test_demo_indicator_ids_exist_in_the_demo_data():
    indicators = Path(__file__).resolve().parents[2] / "hwb" / "demo" / "data" / "indicators.csv"
    if not indicators.exists():
        pytest.skip("the demo indicator data is not in this tree")
    with indicators.open(encoding="utf-8") as f:
        known = {row["indicator_id"] for row in csv.DictReader(f)}
    s = load_strategy_file(DEMO_STRATEGY)
    used = {r.indicator for p in s.dashboard.pages for r in p.rows}
    for d in s.health_protection.domains:
        used |= {c.indicator for c in d.charts}
        for t in d.tables:
            used |= {c.indicator for c in t.columns if c.indicator} | {r.indicator for r in t.rows if r.indicator}
    assert used - known == set()
