"""`hwb report dashboard` and `hwb report health-protection` from the command line."""

from __future__ import annotations

from typer.testing import CliRunner

from hwb.cli import app


def test_dashboard_command_writes_the_formats_asked_for(store, strategy_file, tmp_path):
    db = store.path
    store.close()
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "dashboard", "--strategy", str(strategy_file), "--section",
                                      "Staying Healthy, Safe and Well", "--format", "html,xlsx", "--out", str(out),
                                      "--db", db])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "staying-healthy-safe-and-well-dashboard.html", "staying-healthy-safe-and-well-dashboard.xlsx"]


def test_health_protection_command(store, strategy_file, tmp_path):
    db = store.path
    store.close()
    result = CliRunner().invoke(app, ["report", "health-protection", "--strategy", str(strategy_file),
                                      "--format", "html", "--out", str(tmp_path), "--db", db])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "health-protection-appendix.html").exists()


def test_clear_errors(store, strategy_file, tmp_path):
    db = store.path
    store.close()
    runner = CliRunner()
    bad_format = runner.invoke(app, ["report", "dashboard", "--strategy", str(strategy_file), "--format", "pptx",
                                     "--db", db, "--out", str(tmp_path)])
    assert bad_format.exit_code == 2 and "unknown format pptx" in bad_format.output
    bad_section = runner.invoke(app, ["report", "dashboard", "--strategy", str(strategy_file), "--section", "Dying Well",
                                      "--db", db, "--out", str(tmp_path)])
    assert bad_section.exit_code == 2 and "no life-course priority 'Dying Well'" in bad_section.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: x\ntitle: [unclosed\n", "utf-8")
    bad_yaml = runner.invoke(app, ["report", "dashboard", "--strategy", str(broken), "--db", db, "--out", str(tmp_path)])
    assert bad_yaml.exit_code == 2 and "broken.yaml, row" in bad_yaml.output
