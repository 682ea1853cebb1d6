import pandas as pd

from dashboard.core.codelists import normalise_token
from dashboard.core.schema import COLUMNS, PROVENANCE_COLUMNS, Kind


def test_codelists_cover_every_coded_template_column(codelists):
    coded = {c.name for c in (*COLUMNS, *PROVENANCE_COLUMNS) if c.kind in (Kind.CODE, Kind.CODES)}
    assert coded == set(codelists.lists)


def test_codelists_have_version_and_published_contract(codelists):
    assert codelists.version == "1.0.0"
    assert "social_isolation" in codelists["determinants"].codes
    assert len(codelists["types"].codes) == 16
    assert len(codelists["determinants"].codes) == 23
    assert len(codelists["populations"].codes) == 16


def test_codelists_determinants_carry_their_level(codelists):
    levels = codelists["determinants"].groups
    assert set(levels.values()) == {"individual", "family", "community", "structural"}
    assert levels["housing"] == "structural"
    assert levels["caring"] == "family"
    for empty in ("welfare_system", "air_quality", "urban_decay", "climate", "media",
                  "political_structures"):
        assert levels[empty] == "structural"


def test_codelists_lookup_accepts_labels_case_and_spacing(codelists):
    lookup = codelists["delivery_mode"].lookup
    for written in ("face_to_face", "Face-to-face", " FACE  to face ", "Face to face"):
        assert lookup[normalise_token(written)] == "face_to_face"
    assert codelists["types"].lookup[normalise_token("Signposting, advice and social prescribing")] \
        == "community_linking"


def test_codelists_suggest_near_misses_only(codelists):
    assert codelists["types"].suggest("befriendng") == "befriending"
    assert codelists["determinants"].suggest("housng") == "housing"
    assert codelists["types"].suggest("zzzz") is None


def test_codelists_files_are_well_formed(settings):
    for path in sorted(settings.codelists_dir.glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(table.columns) == ["code", "label", "definition", "group"], path.name
        assert table["code"].str.fullmatch(r"[a-z][a-z0-9_]*").all(), path.name
        assert (table["label"] != "").all(), path.name
