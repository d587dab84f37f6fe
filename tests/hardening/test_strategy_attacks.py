"""Attacks on the strategy YAML reader: refused quickly, within a memory budget, with the line named."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from test_fuzz_readers import MINIMAL_STRATEGY

from hwb.errors import InputError
from hwb.strategy.loader import load_strategy_file, parse_strategy

LAUGHS = "schema_version: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")
) + "id: *i\n"


def _errors(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_strategy(text, "s.yaml")
    assert all(e.file == "s.yaml" and e.row for e in caught.value.errors)
    return [str(e) for e in caught.value.errors]


def test_billion_laughs_is_refused_in_under_a_second_and_100_mb():
    assert len(LAUGHS.encode()) < 1024  # 9**9 = 387 million "lol"s once expanded
    tracemalloc.start()
    started = time.perf_counter()
    try:
        errors = _errors(LAUGHS)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert errors == ["s.yaml, row 7: anchors and aliases expand this to more than 200,000 values"]
    assert elapsed < 1 and peak < 100 * 2**20, (elapsed, peak)


def test_a_few_aliases_are_still_fine():
    text = MINIMAL_STRATEGY.replace("name: Healthy homes", "name: &home Healthy homes").replace("progress: Done.", "progress: *home")
    assert parse_strategy(text, "s.yaml").progress[0].progress == "Healthy homes"


def test_an_alias_that_contains_itself():
    assert _errors(MINIMAL_STRATEGY.replace("id: s\n", "id: &a [*a]\n")) == [
        "s.yaml, row 2: an alias refers to a value that contains it"]


def test_a_4300_digit_integer_is_located():
    assert _errors(MINIMAL_STRATEGY.replace("schema_version: 1", "schema_version: " + "9" * 4300)) == [
        "s.yaml, row 1, column 'schema_version': unsupported schema_version '9999999999999999999999999999999999999999'; "
        "this hwb reads 1"]
    errors = _errors(MINIMAL_STRATEGY.replace("title: A strategy", "title: " + "9" * 4400))
    assert errors == ["s.yaml, row 3, column 'title': '9999999999999999999999999999999999999999' cannot be read: "
                      "a number with too many digits"]


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000])
def test_deep_flow_nesting_is_refused_at_once(nested):
    started = time.perf_counter()
    assert _errors(MINIMAL_STRATEGY.replace("id: s\n", f"id: {nested}\n")) == [
        "s.yaml, row 2: not valid YAML: nested more than 40 levels deep"]
    assert time.perf_counter() - started < 1


def test_deep_block_nesting_is_refused():
    text = MINIMAL_STRATEGY + "extra:\n" + "".join(" " * i + "a:\n" for i in range(1, 300))
    assert _errors(text) == ["s.yaml, row 58: not valid YAML: nested more than 40 levels deep"]


def test_control_characters_are_located():
    assert _errors(MINIMAL_STRATEGY.replace("title: A strategy", "title: A\x01strategy")) == [
        "s.yaml, row 3: not valid YAML: character U+0001 is not allowed"]
    assert _errors(MINIMAL_STRATEGY.replace("title: A strategy", 'title: "A\\x01strategy"')) == [
        "s.yaml, row 3, column 'title': has a control character (U+0001)"]


def test_python_tags_and_bad_dates_are_located():
    errors = _errors(MINIMAL_STRATEGY.replace("title: A strategy", "title: !!python/object/apply:os.system [id]"))
    assert errors == ["s.yaml, row 3, column 'title': expected a single str value"]
    errors = _errors(MINIMAL_STRATEGY.replace("2026-06-15", "2026-02-30"))
    assert errors == ["s.yaml, row 17, column 'progress[0].date': '2026-02-30' cannot be read: day is out of range for month"]


def test_a_mapping_used_as_a_key_is_located():
    assert _errors(MINIMAL_STRATEGY + "? [a]\n: b\n") == ["s.yaml, row 19: expected a field name before ':'"]


def test_oversized_and_non_utf8_files_are_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(MINIMAL_STRATEGY + "# " + "x" * (3 * 2**20) + "\n")
    with pytest.raises(InputError, match=r"big.yaml: larger than 2 MB"):
        load_strategy_file(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(MINIMAL_STRATEGY.replace("A strategy", "Café").encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.yaml: not UTF-8 text \(byte 0xE9"):
        load_strategy_file(latin)


def test_a_300_character_priority_name_loads_and_shortens_to_a_file_name():
    from hwb.filenames import safe_stem

    long_name = "Staying Healthy " * 19
    strategy = parse_strategy(MINIMAL_STRATEGY.replace("Staying Healthy, Safe and Well", long_name.strip()), "s.yaml")
    stem = safe_stem(strategy.priorities[0].name, 80)
    assert len(long_name.strip()) > 300 and len(stem) <= 80 and stem.startswith("staying-healthy-")
