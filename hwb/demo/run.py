"""`hwb demo`: the whole job on the bundled Leicestershire data, start to finish.

The demo loads into the store it is given without removing anything users entered:
the strategy import adds progress updates and keeps the web's, the board's business
keeps every action and paper edited in the web, and a BCF return edited since the demo
stored it is kept as it is (the notes say so).
"""

from __future__ import annotations

from pathlib import Path

from hwb.demo.load import load_demo_indicators, load_demo_local_kpis
from hwb.engine.build import build
from hwb.engine.compiled import FAST_PLANNING
from hwb.progress import steps
from hwb.reports.document import Document
from hwb.store.folder import StoreFolder


def bcf_documents(folder: StoreFolder) -> list[tuple[Document, str]]:
    """The BCF report of every stored plan: the board paper that presents the plan (from the
    board's stored business) where there is one; and the board paper that presents each stored
    year-end return, where the business has one (the plan's report shows the return too).
    (document, file stem) each."""
    from hwb.bcf.report import bcf_document, stored_paper, year_end_document, year_end_topic
    from hwb.bcf.store import list_plans, list_returns, load_plan_and_last_year_end, load_year_end
    from hwb.board.store import load_business
    from hwb.reports.pack import board_paper, slug

    business = load_business(folder.record)
    docs = []
    for hwb_code, year, name in list_plans(folder.record):
        plan, year_end = load_plan_and_last_year_end(folder.record, hwb_code, year)
        docs.append((bcf_document(plan, year_end, stored_paper(business, plan)),
                     f"better-care-fund-{slug(name)}-{year}"))
    for hwb_code, year, name, _ in list_returns(folder.record, "year_end"):
        paper = board_paper(business, year_end_topic(year))
        if paper is not None:
            docs.append((year_end_document(load_year_end(folder.record, hwb_code, year), paper),
                         f"better-care-fund-year-end-{slug(name)}-{year}"))
    return docs


def write_bcf_reports(folder: StoreFolder, out: Path) -> list[Path]:
    """The bcf_documents in every format."""
    from hwb.reports.render import write_documents

    return write_documents(bcf_documents(folder), out)


def run_demo(folder: StoreFolder, out: Path) -> tuple[list[Path], list[str]]:
    """Import strategy, board business and BCF, write the BCF reports, load the demo data, build and
    publish results, write the board pack.

    The BCF reports read the record only, so their pages come first: their PDFs are laid out while
    the indicators are loaded and computed; every Word and Excel file is written last, while the
    board pack's PDFs are. Returns the files written (the board pack first) and notes on anything
    kept as users left it."""
    from hwb.bcf.store import load_demo as load_bcf_demo
    from hwb.board.demo import demo_board
    from hwb.board.store import save_business
    from hwb.demo.fingertips import NOT_INCLUDED, load_fingertips_samples
    from hwb.reports.pack import board_pack_documents
    from hwb.reports.render import FORMATS, pdfs_in_background, write_documents
    from hwb.strategy.demo import load_demo_strategy

    out = Path(out)
    pages, files = ("html", "pdf"), tuple(f for f in FORMATS if f not in ("html", "pdf"))
    with steps("demo", 6) as progress:
        with pdfs_in_background():  # each PDF is laid out while the work goes on
            load_demo_strategy(folder.record)
            kept = save_business(folder.record, demo_board(), by="demo")["kept as edited"]
            progress.advance("imported the strategy and the board's meetings, resolutions and actions")
            notes = [NOT_INCLUDED, *load_bcf_demo(folder.record)]
            if kept:
                notes.append(f"{kept} of the board's actions, papers or resolutions were edited in the web and are kept as they are.")
            progress.advance("stored the Better Care Fund plan")
            bcf = bcf_documents(folder)
            write_documents(bcf, out, pages)
            progress.advance("made the Better Care Fund reports")
            store = folder.open_evidence()
            try:
                load_demo_indicators(store)
                load_demo_local_kpis(store)
                load_fingertips_samples(store)
                progress.advance("loaded the Leicestershire indicators and the Fingertips downloads for every county")
                store.duck.execute(FAST_PLANNING)  # the demo's data are small: planning is most of the build
                build(store)
                folder.publish(store)
                progress.advance("computed and published results")
            finally:
                store.close()
            pack = board_pack_documents(folder)
            write_documents(pack, out, pages)
            write_documents(pack + bcf, out, files)  # Word and Excel while the last PDFs are laid out
        progress.advance("made the dashboard and health-protection appendix, and every Word, Excel and PDF file")
    return [out / f"{stem}.{f}" for _, stem in pack + bcf for f in FORMATS], notes
