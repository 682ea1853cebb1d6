"""The reviewed crosswalk: UK-CAT tags and the atlas's own rules, mapped to the project's codes."""

from pathlib import Path

import pandas as pd
import pytest

from dashboard.coding.rules import ABSENCE_RULE, SUGGESTED_FIELDS, fire, load_rules, matched_words

ROOT = Path(__file__).resolve().parents[2]
CROSSWALK = ROOT / "data" / "codelists" / "crosswalks" / "ukcat_to_atlas.csv"
UKCAT = ROOT / "data" / "directories" / "ukcat" / "ukcat.csv"


@pytest.fixture(scope="module")
def rules():
    return load_rules(CROSSWALK)


def test_crosswalk_rows_map_to_known_codes_and_each_has_a_note(rules, codelists):
    table = pd.read_csv(CROSSWALK, dtype=str, keep_default_na=False)
    assert (table["note"].str.len() > 10).all()
    for rule in rules:
        for field, codes in rule.codes.items():
            assert set(codes) <= set(codelists[field].codes), (rule.rule, field)
    assert {f for r in rules for f in r.codes} == set(SUGGESTED_FIELDS)
    assert (CROSSWALK.parent / "LICENCE.md").exists()


def test_crosswalk_keeps_uk_cat_expressions_exactly_as_published(rules):
    published = pd.read_csv(UKCAT, dtype=str, keep_default_na=False).set_index("Code")
    table = pd.read_csv(CROSSWALK, dtype=str, keep_default_na=False)
    ukcat = table[table["source"] == "UK-CAT"]
    assert len(ukcat) > 100
    for row in ukcat.itertuples():
        assert row.label == published.loc[row.rule, "tag"]
        assert row.include_regex == published.loc[row.rule, "Regular expression"]
        assert row.exclude_regex == published.loc[row.rule, "Exclude regular expression"]


def test_rules_fire_on_the_words_they_name_and_say_which(rules):
    by_code = {r.rule: r for r in rules}
    texts = pd.Series(["Trussell Trust food bank. Foodbank voucher. Monday 10am - 12noon",
                       "Befriending isolated older people",
                       "Swimming club for children aged 5-12",
                       "A hall for hire"])
    fired = fire(rules, texts, texts)
    names = [r.rule for r in rules]

    def hits(row):
        return {names[i] for i in fired[row].nonzero()[0]}

    assert {"SW301", "ATL09", "ATL37", ABSENCE_RULE} <= hits(0)
    assert {"SW106", "ATL01", "BE108", "ATL15"} <= hits(1) and ABSENCE_RULE not in hits(1)
    assert "ATL47" in hits(2) and ABSENCE_RULE not in hits(2)  # a children's service is not "all adults"
    assert ABSENCE_RULE in hits(3)
    assert matched_words(by_code["SW301"], texts[0]).lower() == "food bank"


def test_a_tag_without_an_expression_maps_hand_tags_but_never_fires(rules):
    culture = next(r for r in rules if r.rule == "AR101")
    assert culture.include is None and culture.codes == {"types": ("arts_creative",)}
    assert not fire(rules, pd.Series(["Culture club"]), pd.Series([""]))[0, rules.index(culture)]


def test_uk_cat_exclusion_expressions_stop_a_rule(rules):
    women = rules.index(next(r for r in rules if r.rule == "BE113"))
    fired = fire(rules, pd.Series(["A group for women", "For men and women"]), pd.Series(["", ""]))
    assert fired[0, women] and not fired[1, women]


def test_a_bad_expression_names_its_row(tmp_path):
    table = pd.read_csv(CROSSWALK, dtype=str, keep_default_na=False).head(2)
    table.loc[1, "include_regex"] = "(unclosed"
    path = tmp_path / "crosswalk.csv"
    table.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"crosswalk.csv row 3 \(AR\): bad expression"):
        load_rules(path)
