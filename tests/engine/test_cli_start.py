"""`hwb --help` starts fast: the CLI imports no data, PDF, web or Spark library until a command needs it."""

import subprocess
import sys
from pathlib import Path

HEAVY = ["duckdb", "ibis", "pandas", "scipy", "sqlalchemy", "weasyprint", "pyspark", "fastapi", "openpyxl", "docx"]


def _modules_after(*args: str) -> set[str]:
    """Top-level modules loaded by `hwb ARGS` (run in a fresh interpreter)."""
    code = ("import sys\nfrom hwb.cli import main\nsys.argv = ['hwb', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('MODULES', ' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    line = next(l for l in done.stdout.splitlines() if l.startswith("MODULES"))
    return set(line.split()[1:])


def test_help_lists_every_command_without_loading_heavy_libraries():
    done = subprocess.run([sys.executable, "-m", "hwb.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    for name in ("compute", "build", "demo", "bcf", "board", "report", "fingertips", "strategy", "serve", "users"):
        assert f" {name} " in done.stdout, name
    assert not _modules_after("--help") & set(HEAVY)


def test_a_sub_app_loads_only_its_own_part():
    loaded = _modules_after("users", "--help")
    assert not loaded & {"duckdb", "scipy", "weasyprint", "pyspark", "openpyxl"}


def test_compute_on_csv_files_loads_no_excel_pdf_web_or_record_library(tmp_path):
    data = Path(__file__).resolve().parents[2] / "hwb" / "demo" / "data"
    loaded = _modules_after("compute", "--data", str(data / "data.csv"), "--indicators", str(data / "indicators.csv"),
                            "--areas", str(data / "areas.csv"), "--out", str(tmp_path / "results.csv"))
    assert "duckdb" in loaded  # the command ran
    assert not loaded & {"openpyxl", "docx", "weasyprint", "jinja2", "fastapi", "sqlalchemy", "scipy", "pyspark"}
