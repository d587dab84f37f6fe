"""Word and Excel files dated by the document, never by the machine's clock.

The libraries that write them stamp the save time (openpyxl's "modified" property, every zip
member's time) and name themselves as the application (openpyxl's "Microsoft Excel Compatible /
Openpyxl 3.1.5"; python-docx's template says "Microsoft Macintosh Word"). `settle_package`
rewrites the file so that its properties and its members carry the document's date (the
meeting's) or, for an undated document, no date at all, and no application name.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from hwb.atomic import replacing

_APPLICATION = re.compile(r"<(Application|AppVersion|Template)>[^<]*</\1>|<(Application|AppVersion|Template)/>")
_DATES = re.compile(r"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_NO_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip member can carry


def _core(xml: str, dated: date | None) -> str:
    if dated is None:
        return _DATES.sub("", xml)

    def stamp(match: re.Match) -> str:
        opening = match.group(0).split(">", 1)[0] + ">"
        return f"{opening}{dated.isoformat()}T00:00:00Z</dcterms:{match.group(1)}>"

    return _DATES.sub(stamp, xml)


def settle_package(path: Path, dated: date | None) -> Path:
    """Rewrite the Office file at `path` in place: properties and member times dated `dated`."""
    stamp = (dated.year, dated.month, dated.day, 0, 0, 0) if dated else _NO_DATE
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    with replacing(path, suffix=path.suffix) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _core(data.decode("utf-8"), dated).encode("utf-8")
            elif info.filename == "docProps/app.xml":
                data = _APPLICATION.sub("", data.decode("utf-8")).encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            out.writestr(member, data)
    return path
