"""Back-calculation attack on disclosure control (issue 13).

A store built from SYNTHETIC small counts (one region of eight counties; persons are
male plus female, the region the sum of its counties) is scraped as an anonymous
visitor and as a viewer: every area page and profile.csv, every indicator page (each
area and sex) with its trend, compare and neighbours CSVs, and the charts' data in
each page. The attacker then tries to recover every suppressed count: read directly;
value x denominator / multiplier with the denominator shown or bounded by the same
row's other periods; confidence limits inverted by their ratio to the value (learned
from the rows that are shown); totals minus the shown parts; the spine's worst and
best when one peer is hidden; England's value beside other rows. 0 must come back.
An editor, for contrast, sees every count.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
from collections import defaultdict

import pytest
from fastapi.testclient import TestClient

from hwb.engine.build import build
from hwb.ingest.load import read_tidy, store_batches
from hwb.methods.constants import CONFIDENCE_LEVELS, z_value
from hwb.methods.rate import _exact_table
from hwb.store.folder import StoreFolder
from hwb.web.auth import add_user
from hwb.web.disclosure import SUPPRESSED

ENGLAND, REGION = "E92000001", "E12000004"
COUNTIES = [f"E1000{n:04d}" for n in range(1, 9)]
AREAS = [ENGLAND, REGION, *COUNTIES]
INDICATORS = {"prop": ("proportion", 100), "rate": ("crude_rate", 100000)}
PERIODS = ("2021", "2022", "2023")
SEXES = ("Male", "Female", "Persons")
PASSWORD = "attack-password-1"


def _truth() -> dict[tuple, tuple[int, int]]:
    """(indicator, area, period, sex) -> (count, denominator), additive over sex and counties."""
    rng = random.Random(13)
    truth = {}
    for ind, (kind, _) in INDICATORS.items():
        for period in PERIODS:
            for area in COUNTIES:
                for sex in ("Male", "Female"):
                    base = rng.randint(300, 900) if kind == "proportion" else rng.randint(20_000, 90_000)
                    truth[(ind, area, period, sex)] = (rng.choice([0, 1, 2, 3, 4, 5, 5, 6, 7, 9, 14, 40]), base)
                truth[(ind, area, period, "Persons")] = tuple(
                    sum(truth[(ind, area, period, s)][i] for s in ("Male", "Female")) for i in (0, 1))
            for sex in SEXES:
                truth[(ind, REGION, period, sex)] = tuple(
                    sum(truth[(ind, a, period, sex)][i] for a in COUNTIES) for i in (0, 1))
                count, denominator = truth[(ind, REGION, period, sex)]
                truth[(ind, ENGLAND, period, sex)] = (count * 40 + 7, denominator * 40)
    return truth


def _write(path, rows: list[list]) -> str:
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    return str(path)


@pytest.fixture(scope="module")
def attack(tmp_path_factory):
    root = tmp_path_factory.mktemp("attack")
    truth = _truth()
    data = _write(root / "data.csv", [["indicator_id", "area_code", "period", "sex", "age", "count", "denominator"]]
                  + [[ind, area, period, sex, "All ages", c, d] for (ind, area, period, sex), (c, d) in truth.items()])
    indicators = _write(root / "indicators.csv", [["indicator_id", "name", "value_type", "multiplier", "polarity"]]
                        + [[i, f"Synthetic {i}", kind, m, "low_is_good"] for i, (kind, m) in INDICATORS.items()])
    areas = _write(root / "areas.csv", [["area_code", "area_name", "area_type", "parent_code"],
                                        [ENGLAND, "England", "England", ""], [REGION, "Region", "Region", ENGLAND]]
                   + [[c, f"County {c[-2:]}", "County & UA", REGION] for c in COUNTIES])
    neighbours = _write(root / "nn.csv", [["area_code", "neighbour_code"]] + [[COUNTIES[0], c] for c in COUNTIES[1:]])
    folder = StoreFolder(root / "store", record_url=f"sqlite:///{root / 'record.sqlite'}")
    store = folder.open_evidence()
    try:
        store_batches(store, read_tidy(store, data, indicators, areas, neighbours))
        build(store)
        folder.publish(store)
    finally:
        store.close()
    for role in ("viewer", "editor"):
        add_user(folder.record, role, PASSWORD, role)
    from hwb.web.app import create_app

    app = create_app(folder)
    yield app, truth
    folder.close()


def _client(app, role: str | None) -> TestClient:
    client = TestClient(app)
    if role:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        assert client.post("/login", data={"username": role, "password": PASSWORD, "next": "/", "csrf_token": token},
                           follow_redirects=False).status_code == 303
    return client


def _csv(client: TestClient, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _charts(html: str) -> list[list[dict]]:
    return [json.loads(spec)["data"]["values"]
            for spec in re.findall(r'<script type="application/json" id="[^"]+-spec">(.*?)</script>', html, re.S)]


def _number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def scrape(client: TestClient) -> list[dict]:
    """Every row a client can read, as dicts with the key fields (ind, area, period, sex)."""
    seen, names = [], {}
    home = client.get("/")
    assert home.status_code == 200
    for area in AREAS:
        page = client.get(f"/areas/{area}")
        assert page.status_code == 200
        names[re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1).strip()] = area
        for row in _csv(client, f"/areas/{area}/profile.csv"):
            seen.append({**row, "ind": row["indicator_id"], "area": area})
    names.update({f"County {c[-2:]}": c for c in COUNTIES} | {"Region": REGION, "England": ENGLAND})
    for ind in INDICATORS:
        for area in AREAS:
            for sex in SEXES:
                query = f"area={area}&sex={sex}"
                page = client.get(f"/indicators/{ind}?{query}")
                assert page.status_code == 200
                for values in _charts(page.text):
                    for v in values:
                        where = names.get(v.get("area_name"), area)
                        seen.append({**v, "ind": ind, "area": where, "sex": sex, "period": v.get("period", "2023")})
                for kind in ("trend", "compare", "neighbours"):
                    for row in _csv(client, f"/indicators/{ind}/{kind}.csv?{query}"):
                        seen.append({**row, "ind": ind, "area": row["area_code"]})
    return seen


def _limits(indicator: str, count: int, value: float) -> dict[str, float]:
    """The limits OHID's method gives for `count` events at `value`."""
    kind, multiplier = INDICATORS[indicator]
    denominator = count * multiplier / value
    out = {}
    for suffix, confidence in CONFIDENCE_LEVELS.items():
        if kind == "crude_rate":
            low, high = _exact_table(confidence)[count]
            out[f"lower_{suffix}"], out[f"upper_{suffix}"] = (x * multiplier / denominator for x in (low, high))
        else:
            z, share = z_value(confidence), count / denominator
            centre, spread = 2 * count + z * z, z * math.sqrt(z * z + 4 * count * (1 - share))
            scale = 2 * (denominator + z * z)
            out[f"lower_{suffix}"], out[f"upper_{suffix}"] = ((centre - spread) / scale * multiplier,
                                                              (centre + spread) / scale * multiplier)
    return out


def _limits_fit(indicator: str, count: int, value: float, shown: dict[str, float]) -> bool:
    expected = _limits(indicator, count, value)
    return all(math.isclose(expected[f], x, rel_tol=1e-4, abs_tol=1e-6) for f, x in shown.items())


def recover(seen: list[dict]) -> tuple[set[tuple], dict[tuple, int]]:
    """The keys shown as suppressed, and the counts the attacker calculates back for them."""
    rows = defaultdict(list)
    for r in seen:
        rows[(r["ind"], r["area"], r["period"], r["sex"])].append(r)
    hidden = {k for k, rs in rows.items() if any(r.get("count") == SUPPRESSED for r in rs)}
    counts = {k: int(c) for k, rs in rows.items() for r in rs if (c := _number(r.get("count"))) is not None}
    denominators = {k: d for k, rs in rows.items() for r in rs if (d := _number(r.get("denominator"))) is not None}
    values = defaultdict(set)
    for k, rs in rows.items():
        for r in rs:
            for field in ("value", "lower_95", "upper_95", "lower_998", "upper_998"):
                if (x := _number(r.get(field))) is not None:
                    values[k].add((field, round(x, 6)))
    found: dict[tuple, int] = {}

    def claim(key, count):
        if key in hidden and count is not None:
            found[key] = count

    for k in hidden:
        claim(k, counts.get(k))
    # England's value printed beside every other row
    for k, rs in rows.items():
        for r in rs:
            if (x := _number(r.get("england_value"))) is not None:
                values[(k[0], ENGLAND, k[2], k[3])].add(("value", round(x, 6)))
    # the spine's worst and best, when one peer is hidden
    for k, rs in rows.items():
        for r in rs:
            for field in ("peer_min", "peer_max"):
                x = _number(r.get(field))
                peers = [p for p in COUNTIES if (k[0], p, k[2], k[3]) in rows]
                shown = [v for p in peers for f, v in values.get((k[0], p, k[2], k[3]), ()) if f == "value"]
                secret = [p for p in peers if (k[0], p, k[2], k[3]) in hidden]
                if x is not None and len(secret) == 1 and shown and (x < min(shown) or x > max(shown)):
                    values[(k[0], secret[0], k[2], k[3])].add(("value", round(x, 6)))
    # confidence limits inverted: for each count 1-5 the value gives the denominator, and the
    # OHID method (Wilson, exact Poisson) the limits; a single count matching them is found
    for k in hidden:
        v = dict(values.get(k, ()))
        limits = {f: x for f, x in v.items() if f != "value"}
        if v.get("value") and limits:
            fits = [c for c in range(1, 6) if _limits_fit(k[0], c, v["value"], limits)]
            if len(fits) == 1:
                claim(k, fits[0])
        # value x denominator / multiplier, the denominator shown or within 10% of another period's
        if "value" in v:
            multiplier = INDICATORS[k[0]][1]
            bounds = [denominators[k]] * 2 if k in denominators else \
                [f * d for f, d in ((0.9, min(ds)), (1.1, max(ds)))] if (ds := [
                    d for (i, a, p, s), d in denominators.items() if (i, a, s) == (k[0], k[1], k[3])]) else None
            if bounds:
                low, high = (v["value"] * b / multiplier for b in bounds)
                if round(low) == round(high):
                    claim(k, round(low))
    # totals minus shown parts: persons = male + female, region = its counties
    equations = [((i, a, p, "Persons"), [(i, a, p, s) for s in ("Male", "Female")])
                 for i in INDICATORS for a in AREAS for p in PERIODS]
    equations += [((i, REGION, p, s), [(i, c, p, s) for c in COUNTIES]) for i in INDICATORS for p in PERIODS for s in SEXES]
    for total, parts in equations:
        unknown = [p for p in parts if p not in counts]
        if total in counts and unknown:
            rest = counts[total] - sum(counts[p] for p in parts if p in counts)
            if len(unknown) == 1:
                claim(unknown[0], rest)
            elif rest == len(unknown):
                for p in unknown:
                    claim(p, 1)
        if total not in counts and not unknown:
            claim(total, sum(counts[p] for p in parts))
    return hidden, found


@pytest.mark.parametrize("role", [None, "viewer"])
def test_no_suppressed_count_is_recovered(attack, role):
    app, truth = attack
    hidden, found = recover(scrape(_client(app, role)))
    small = {k for k, (c, _) in truth.items() if 1 <= c <= 5}
    assert small <= hidden, "a small count is shown"
    right = {k: c for k, c in found.items() if truth[k][0] == c}
    assert right == {}, f"{len(right)} of {len(hidden)} suppressed counts recovered"
    assert len(hidden) > len(small), "no complementary suppression happened"


def test_an_editor_sees_every_count(attack):
    app, truth = attack
    hidden, _ = recover(scrape(_client(app, "editor")))
    assert hidden == set()


def test_the_attack_undoes_the_old_rule(attack):
    """Against the rule before issue 13 (count and denominator only), the same attacker recovers counts."""
    app, truth = attack
    seen = scrape(_client(app, "editor"))
    for r in seen:
        if (c := _number(r.get("count"))) is not None and 1 <= c <= 5:
            r["count"] = r["denominator"] = SUPPRESSED
    hidden, found = recover(seen)
    right = {k for k, c in found.items() if truth[k][0] == c}
    assert len(right) >= 0.9 * len(hidden)
