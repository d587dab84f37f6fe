import textwrap
from pathlib import Path

import pytest

from hwb.store import connect

INDICATORS = """\
indicator_id,name,value_type,multiplier,polarity,comparison_confidence,goal_lower,goal_upper
cov,Screening coverage,proportion,100,high_is_good,95,70,80
tb,TB incidence,crude_rate,100000,low_is_good,,,
"""
AREAS = """\
area_code,area_name,area_type,parent_code
E92000001,England,England,
E12000004,East Midlands,Region,E92000001
E10000018,Leicestershire,County & UA,E12000004
E10000019,Lincolnshire,County & UA,E12000004
"""
DATA = """\
indicator_id,area_code,period,sex,age,count,denominator
cov,E10000018,2024,Female,53-70 yrs,64322,88112
cov,E10000019,2024,Female,53-70 yrs,50000,72000
cov,E92000001,2024,Female,53-70 yrs,4000000,5580000
tb,E10000018,2022 - 24,Persons,All ages,103,2191489
"""


@pytest.fixture
def tidy_files(tmp_path) -> dict[str, Path]:
    files = {}
    for name, text in (("indicators", INDICATORS), ("areas", AREAS), ("data", DATA)):
        path = tmp_path / f"{name}.csv"
        path.write_text(textwrap.dedent(text))
        files[name] = path
    return files


@pytest.fixture
def store(tmp_path):
    s = connect(tmp_path / "hwb.duckdb")
    yield s
    s.close()
