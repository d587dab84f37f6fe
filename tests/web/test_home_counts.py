"""The home page's tiles account for every indicator row: better, similar, worse, higher or
lower, and not compared with England (with the reasons), so no tile hides the uncompared."""

from __future__ import annotations

import re

import lxml.html


def _tile_groups(page: str) -> list[tuple[dict[str, int], str]]:
    """Each group of tiles as {label: number}, with the sentence that follows it."""
    tree = lxml.html.fromstring(page)
    groups = []
    for ul in tree.xpath("//ul[contains(@class, 'hwb-counts')]"):
        tiles = {}
        for li in ul.xpath("./li"):
            number = int(li.xpath("./span")[0].text_content())
            tiles[" ".join(li.text_content().split()[1:])] = number
        after = ul.getnext()
        sentence = " ".join(after.text_content().split()) if after is not None and after.tag == "p" else ""
        groups.append((tiles, sentence))
    return groups


def test_every_row_is_counted_and_the_uncompared_say_why(client):
    page = client.get("/")
    assert page.status_code == 200
    groups = _tile_groups(page.text)
    text = " ".join(lxml.html.fromstring(page.text).text_content().split())
    rows = int(re.search(r"(\d+) indicator rows have a latest value", text).group(1))
    overall, sentence = groups[0]
    judged = ["better than England", "similar to England", "worse than England",
              "higher or lower than England (neither better nor worse)", "not compared with England"]
    assert sum(overall.get(label, 0) for label in judged) == rows
    uncompared = overall["not compared with England"]
    assert uncompared > 0, "the demo has rows with no confidence interval"
    assert sentence.startswith(f"{uncompared} of {rows} not compared with England: ")
    reasons = re.findall(r"(\d+) because ([^;.]+)", sentence)
    assert sum(int(n) for n, _ in reasons) == uncompared
    assert "the source gives no confidence interval" in [r for _, r in reasons]
    for tiles, words in groups[1:]:  # each section of the strategy
        assert "not compared with England" in tiles
        if tiles["not compared with England"]:
            assert re.match(rf"{tiles['not compared with England']} of \d+ not compared with England: \d+ because ",
                            words)
