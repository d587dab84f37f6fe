"""A small store for the definition, download and population pages, through the real import path.

Everything here is test data and named so: a SYNTHETIC population by age and sex (the
Fingertips samples hold none), an indicator whose metadata holds markup, and life
expectancy computed from PHEindicatormethods' test life table. Built with the tidy
contract, imported (so the import log records it), built and published.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hwb.store.folder import StoreFolder

HOME, ENGLAND, TINY = "E10000018", "E92000001", "E19990001"
POPULATION = "synpop"
MARKUP = "defn"
LIFE = "le-test"
BANDS = [f"{a}-{a + 4} yrs" for a in range(0, 90, 5)] + ["90+ yrs"]
LIFE_BANDS = ["<1", "1-4", *(f"{a}-{a + 4}" for a in range(5, 90, 5)), "90+"]
FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "PHEindicatormethods"
PASSWORDS = {"viewer": "viewer-password-1", "admin": "admin-password-1"}


def people(area: str, sex: str, index: int) -> int:
    """SYNTHETIC people per band: a smooth shape, England 80 times Leicestershire; 3 males aged 90+ in TINY."""
    base = 20000 - 800 * index + (600 if sex == "Female" and index > 12 else 0)
    if area == TINY:
        return 3 if (sex, index) == ("Male", len(BANDS) - 1) else max(base // 100, 10)
    return base * (80 if area == ENGLAND else 1)


def _write(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_files(folder: Path) -> dict[str, Path]:
    """INDICATORS.csv, AREAS.csv and DATA.csv of the test data."""
    indicators = _write(folder / "indicators.csv", [
        ["indicator_id", "name", "value_type", "multiplier", "polarity", "unit", "source", "definition"],
        [POPULATION, "Population (SYNTHETIC test data)", "count", 1, "no_judgement", "people", "Test data", ""],
        [MARKUP, "Indicator <b>with</b> markup (test data)", "proportion", 100, "high_is_good", "%",
         "Test source <i>x</i>", "Share of <script>alert(1)</script> people & others"],
        [LIFE, "Life expectancy (PHEindicatormethods test data)", "life_expectancy", 1, "high_is_good", "years",
         "PHEindicatormethods test data", "Life expectancy at each age"],
    ])
    areas = _write(folder / "areas.csv", [
        ["area_code", "area_name", "area_type", "parent_code"], [ENGLAND, "England", "England", ""],
        [HOME, "Leicestershire", "County & UA", ENGLAND], [TINY, "Tiny test area", "County & UA", ENGLAND],
    ])
    data = [["indicator_id", "area_code", "period", "sex", "age", "count", "denominator", "value"]]
    for area in (ENGLAND, HOME, TINY):
        for sex in ("Male", "Female"):
            for index, band in enumerate(BANDS):
                n = people(area, sex, index)
                data.append([POPULATION, area, "2023", sex, band, n, "", n])
        data.append([MARKUP, area, "2023", "Persons", "All ages", 4 if area == TINY else 400, 1000, ""])
    with (FIXTURES / "testdata_LifeExpectancy.csv").open() as handle:
        for band, row in zip(LIFE_BANDS, csv.DictReader(handle)):
            data.append([LIFE, HOME, "2021 - 23", "Persons", band, row["deaths"], row["pops"], ""])
    return {"indicators": indicators, "areas": areas, "data": _write(folder / "data.csv", data)}


def build_definition_store(root: Path) -> StoreFolder:
    """The store folder at `root` with the test data imported, built and published, and two accounts."""
    from hwb.engine.build import build
    from hwb.ingest.load import read_tidy, store_batches
    from hwb.web.auth import add_user

    root.mkdir(parents=True)
    files = write_files(root.parent)
    folder = StoreFolder(root, f"sqlite:///{root}-record.sqlite")
    store = folder.open_evidence()
    try:
        store_batches(store, read_tidy(store, files["data"], files["indicators"], files["areas"]))
        store.sql("UPDATE indicators SET rationale = 'Why <em>it</em> matters', caveats = 'Small numbers',"
                  " data_source = 'Test survey' WHERE indicator_id = ?", [MARKUP])
        build(store)
        folder.publish(store)
    finally:
        store.close()
    for role, password in PASSWORDS.items():
        add_user(folder.record, role, password, role)
    return folder
