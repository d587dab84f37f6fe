"""A workbook checks itself on import: tampered totals, bad amounts, repeats and merged cells are named by cell."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from hwb.bcf.excel import export_plan, import_plan
from hwb.bcf.excel_layout import SCHEMES
from hwb.bcf.excel_read import import_workbook
from hwb.bcf.excel_year_end import export_year_end
from hwb.errors import InputError

AMOUNT = SCHEMES.letter("amount")
NUMBER = SCHEMES.letter("number")
FIRST = SCHEMES.first_row


def _tampered(plan, tmp_path, change) -> list[str]:
    path = export_plan(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    with pytest.raises(InputError) as caught:
        import_plan(path)
    return [str(e) for e in caught.value.errors]


def test_the_exported_demo_plan_passes_its_own_checks(plan, tmp_path):
    assert import_plan(export_plan(plan, tmp_path / "plan.xlsx")) == plan


def test_an_overwritten_total_is_named_by_its_cell(plan, tmp_path):
    [error] = _tampered(plan, tmp_path, lambda wb: wb["Income"].__setitem__("B15", 90_000_000))
    assert error.startswith("plan.xlsx [Income], row 15, column 'B (Total BCF pooled budget)'")
    assert "holds 90,000,000.00 but the figures it totals come to 86,557,682.00" in error


def test_a_total_overwritten_with_the_right_number_is_accepted(plan, tmp_path):
    path = export_plan(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    wb["Income"]["B15"] = 86_557_682
    wb.save(path)
    assert import_plan(path) == plan


def test_a_changed_formula_is_named_by_its_cell(plan, tmp_path):
    [error] = _tampered(plan, tmp_path, lambda wb: wb["Income"].__setitem__("B10", "=5716379+1"))
    assert "[Income], row 10, column 'B (DFG)'" in error
    assert "formula was changed: expected =SUMIF(" in error and "found =5716379+1" in error


def test_negative_spend_is_refused(plan, tmp_path):
    [error] = _tampered(plan, tmp_path, lambda wb: wb["Expenditure"].__setitem__(f"{AMOUNT}{FIRST}", -250700))
    assert f"[Expenditure], row {FIRST}" in error and "expected an amount of £0 or more, got -250700" in error


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e999"])
def test_non_finite_numbers_are_refused(plan, tmp_path, text):
    [error] = _tampered(plan, tmp_path, lambda wb: wb["Expenditure"].__setitem__(f"{AMOUNT}{FIRST + 1}", text))
    assert f"cell {AMOUNT}{FIRST + 1}" in error and "not a finite number" in error


def test_repeated_scheme_numbers_are_refused(plan, tmp_path):
    [error] = _tampered(plan, tmp_path, lambda wb: wb["Expenditure"].__setitem__(f"{NUMBER}{FIRST + 4}", 2))
    assert f"cell {NUMBER}{FIRST + 4}: scheme number 2 is used again (first in {NUMBER}{FIRST + 1})" in error


def test_merged_cells_are_refused(plan, tmp_path):
    [error] = _tampered(plan, tmp_path, lambda wb: wb["Expenditure"].merge_cells(f"B{FIRST}:C{FIRST}"))
    assert f"cells B{FIRST}:C{FIRST} are merged" in error


def test_the_year_end_totals_check_themselves(year_end, tmp_path):
    path = export_year_end(year_end, tmp_path / "ye.xlsx")
    assert import_workbook(path) == year_end
    wb = load_workbook(path)
    wb["Income & Expenditure"]["B8"] = 1
    wb["Income & Expenditure"]["B10"] = "=0.5"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        import_workbook(path)
    errors = [str(e) for e in caught.value.errors]
    assert len(errors) == 2
    assert "row 8" in errors[0] and "come to 84,801,607.00" in errors[0]
    assert "row 10" in errors[1] and "found =0.5" in errors[1]


@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 not really a zip", None])
def test_a_damaged_workbook_is_a_located_error(plan, tmp_path, damage):
    path = export_plan(plan, tmp_path / "plan.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)
    with pytest.raises(InputError) as caught:
        import_plan(path)
    assert "plan.xlsx" in str(caught.value)
