"""The demo's real Fingertips downloads: all areas, with England and region comparisons and quintiles."""

from hwb.demo.fingertips import NOT_INCLUDED, load_fingertips_samples
from hwb.engine.build import build


def test_leicestershire_gets_real_comparisons_and_quintiles(store):
    written = load_fingertips_samples(store)
    assert written == {"indicators": 15, "areas": 162, "data_points": 2089, "published_figures": 6267,
                       "area_parents": 161}
    build(store)
    leics = store.df("SELECT indicator_id, compared_to_england, compared_to_parent, quintile, nn_rank "
                     "FROM results WHERE area_code = 'E10000018'").set_index("indicator_id")
    assert len(leics) == 15 and leics.quintile.notna().all()
    assert leics.nn_rank.isna().all()  # no CIPFA groups in the downloads: none invented
    assert "CIPFA" in NOT_INCLUDED
    assert leics.loc["92796", ["compared_to_england", "compared_to_parent"]].tolist() == ["Lower", "Lower"]
    assert leics.loc["41001", ["compared_to_england", "compared_to_parent"]].tolist() == ["Similar", "Similar"]
    published = store.df("SELECT field, value_text FROM published_figures WHERE area_code = 'E10000018' "
                         "AND indicator_id = '92796'").set_index("field").value_text.to_dict()
    assert published["compared_to_england"] == "Lower" and published["compared_to_parent"] == "Lower"


def test_sources_speak_to_readers(store):
    load_fingertips_samples(store)
    sources = {s for (s,) in store.sql("SELECT DISTINCT source FROM data_points")}
    assert sources == {
        "Fingertips (OHID), suicide prevention profile: regional all-data download published in 2019",
        "Fingertips (OHID), children and young people's mental health profile: regional all-data download "
        "published in 2019",
    }
    assert not any(".csv" in s for (s,) in store.sql("SELECT source FROM areas"))
