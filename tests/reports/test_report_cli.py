"""`hwb report dashboard` and `hwb report health-protection` from the command line, reading the store."""

from __future__ import annotations

from typer.testing import CliRunner

from hwb.cli import app


def _db(folder) -> str:
    folder.close()
    return str(folder.root)


def test_dashboard_command_writes_the_formats_asked_for(folder, tmp_path):
    db, out = _db(folder), tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "dashboard", "--section", "Staying Healthy, Safe and Well",
                                      "--format", "html,xlsx", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "staying-healthy-safe-and-well-dashboard.html", "staying-healthy-safe-and-well-dashboard.xlsx"]


def test_health_protection_command(folder, tmp_path):
    db = _db(folder)
    result = CliRunner().invoke(app, ["report", "health-protection", "--format", "html", "--out", str(tmp_path),
                                      "--db", db])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "health-protection-appendix.html").exists()


def test_clear_errors(folder, tmp_path):
    db = _db(folder)
    runner = CliRunner()
    bad_format = runner.invoke(app, ["report", "dashboard", "--format", "pptx", "--db", db, "--out", str(tmp_path)])
    assert bad_format.exit_code == 2 and "unknown format pptx" in bad_format.output
    bad_section = runner.invoke(app, ["report", "dashboard", "--section", "Dying Well", "--db", db,
                                      "--out", str(tmp_path)])
    assert bad_section.exit_code == 2 and "no life-course priority 'Dying Well'" in bad_section.output


def test_a_store_without_a_strategy_says_what_to_do(tmp_path):
    result = CliRunner().invoke(app, ["report", "dashboard", "--db", str(tmp_path / "empty"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "hwb strategy import" in result.output
