"""The bundled Leicestershire board business (the June 2026 pack's minutes and papers)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from hwb.board.loader import load_board_file
from hwb.board.model import BoardBusiness

DEMO_BOARD = Path(str(resources.files("hwb.board.demo") / "leicestershire_2026.yaml"))


def demo_board() -> BoardBusiness:
    return load_board_file(DEMO_BOARD)
