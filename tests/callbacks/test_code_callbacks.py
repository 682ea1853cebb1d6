"""The coding workbench's handlers, called directly on a real store (SQLite in the test instance)."""

import base64
import io
import json
from dataclasses import replace

import pandas as pd
import pytest

from app import create_app
from callbacks.code import act_on
from dashboard.context import load_context
from dashboard.core.view_state import ViewState
from dashboard.views import code_actions as act
from dashboard.views.code import CodeState, code_page
from layouts.code import code_values
from layouts.ids import CODE_FILTER_TYPE, CODE_ROW_TYPE, Id
from tests.callbacks.dash_requests import post

CSV = ("Name,Description,Postcode,latitude,longitude\n"
       "Bolton food bank,Emergency food parcels and a weekly drop-in,BL3 2HP,53.5603452,-2.4180017\n"
       "Friendship group,Befriending for isolated older people,BL1 2BZ,53.5815171,-2.4344326\n"
       "Hall,A hall,,,\n")


def upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


@pytest.fixture(scope="module")
def atlas(settings):
    return load_context(settings, with_store=True)


@pytest.fixture
def opened(atlas):
    state, notice = act.start_import(atlas, upload(CSV), "services.csv", "auto", "", "Ann")
    assert notice.kind == "success" and state.token
    return state


def test_import_opens_a_draft_on_its_first_row_with_a_report(atlas, opened):
    page = code_page(atlas, opened)
    assert page.total == 3 and page.coded == 0 and page.progress_text == "0 of 3 coded"
    assert page.state.row == 0 and page.editor.title == "Bolton food bank"
    assert page.counts["not_placed"] == 1 and any("3 records read" in line for line in page.report)
    food = page.rows[0]
    assert any(c.code == "food_security" and c.band in ("high", "medium") and "rule" in c.evidence
               for c in food.chips)
    values = code_values(page, ("all", "needs_review", "suggested", "coded", "not_placed", "duplicate"))
    assert values["progress_text"] == "0 of 3 coded" and values["workbench"] == {}
    assert values["filters"][0].endswith("btn-primary")


def test_accepting_moves_on_and_the_progress_counts_it(atlas, opened):
    store = atlas.library.store
    suggested = store.draft_rows(opened.token, status="suggested")
    assert suggested and suggested[0].data["name"] == "Bolton food bank"  # fully coded by the rules
    state = CodeState(opened.token, "all", 0, suggested[0].position)
    state, notice = act_on(atlas, Id.CODE_ACCEPT, state.to_dict(), {}, 0.9, "Ann")
    assert notice.kind == "success" and state.row == suggested[0].position + 1
    assert store.draft_rows(opened.token, [suggested[0].position])[0].status == "confirmed"
    assert code_page(atlas, state).progress_text == "1 of 3 coded"
    review = store.draft_rows(opened.token, status="needs_review")[0]
    at_review = CodeState(opened.token, "all", 0, review.position).to_dict()
    state, notice = act_on(atlas, Id.CODE_ACCEPT, at_review, {}, 0.9, "Ann")
    assert notice.kind == "warning" and "choose them in the pickers" in notice.lines[0]


def test_editing_codes_with_the_pickers_marks_the_row_edited(atlas, opened):
    state = CodeState(opened.token, "all", 0, 2)
    picks = {"types": ["social_activities"], "determinants": ["social_isolation"],
             "populations": ["all_adults"], "delivery_mode": ["face_to_face"],
             "provider_type": "community_group"}
    state, notice = act_on(atlas, Id.CODE_SAVE_ROW, state.to_dict(), picks, 0.9, "Ann")
    assert "(edited)" in notice.lines[0]
    saved = atlas.library.store.draft_rows(opened.token, [2])[0]
    assert saved.status == "edited" and saved.data["types"] == "social_activities"
    assert saved.data["provider_type"] == "community_group" and saved.data["coding_status"] == "edited"


def test_rows_filters_and_pages_move_the_selection(atlas, opened):
    state, _ = act_on(atlas, {"type": CODE_ROW_TYPE, "index": 2}, opened.to_dict(), {}, 0.9, None)
    assert state.row == 2
    not_placed = {"type": CODE_FILTER_TYPE, "index": "not_placed"}
    state, _ = act_on(atlas, not_placed, state.to_dict(), {}, 0.9, None)
    assert (state.filter, state.row) == ("not_placed", 2)
    assert act_on(atlas, Id.CODE_NEXT, state.to_dict(), {}, 0.9, None)[0].row == 2  # the only one
    assert act_on(atlas, Id.CODE_PREVIOUS, replace(state, filter="all").to_dict(), {}, 0.9, None)[0].row == 1


def test_accept_above_a_confidence_confirms_only_sure_suggestions(atlas, opened):
    state, notice = act_on(atlas, Id.CODE_ACCEPT_ABOVE, opened.to_dict(), {}, 1.0, "Ann")
    assert notice.lines[0].startswith("Confirmed 0 services")
    rows = atlas.library.store.draft_rows(opened.token)
    sure = [r for r in rows if r.status == "suggested" and r.confidence >= 0.5]
    state, notice = act_on(atlas, Id.CODE_ACCEPT_ABOVE, opened.to_dict(), {}, 0.5, "Ann")
    assert notice.lines[0].startswith(f"Confirmed {len(sure)} services")


def test_the_draft_is_checked_by_the_upload_validator_and_downloads_as_the_template(atlas, opened):
    report, notice = act.check(atlas, opened)
    assert report["rows_total"] == 3 and "Checked with the upload validator" in notice.lines[0]
    assert any(e["column"] == "locality_code" and e["row"] == 4 for e in report["errors"])  # not placed
    text, name = act.download(atlas, opened)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert name == "services-coded.csv" and len(frame) == 3
    assert {"coding_status", "coding_confidence", "coding_evidence", "placement"} <= set(frame.columns)


def test_saving_needs_an_editor_and_keeps_the_coding_status(atlas, opened):
    assert act.save_draft(atlas, opened, None, "x", "").notice.kind == "danger"
    state = CodeState(opened.token, "all", 0, 0)
    picks = {"types": ["food_security"], "determinants": ["food_insecurity"], "populations": ["all_adults"]}
    act.save_codes(atlas, state, picks, "Ann")
    saved = act.save_draft(atlas, opened, "Ann", "bolton-coded", "first pass")
    assert saved.notice.kind == "success" and "still need codes or a place" in saved.notice.lines[0]
    stored = atlas.library.store.load("bolton-coded")
    assert set(stored.rows["coding_status"]) <= {"edited", "confirmed", "suggested"}
    assert "edited" in set(stored.rows["coding_status"])


def test_reviewing_the_real_dataset_reads_every_row_of_its_file(atlas):
    state, notice = act.start_review(atlas, ViewState(dataset="example-greater-manchester"), "Ann")
    page = code_page(atlas, state)
    assert notice.kind == "success" and page.total == 726
    assert page.counts.get("needs_review", 0) > 0 and page.title.startswith("Greater Manchester")
    food = next(c for c in page.rows[0].chips if c.code == "food_security")  # BRASS Bolton, a food bank
    assert food.confidence == 1.0 and "Food bank" in food.evidence and food.band == "high"


def test_a_file_that_is_not_a_directory_gets_one_clear_sentence(atlas):
    state, notice = act.start_import(atlas, upload("a,b\n1,2\n"), "odd.csv", "csv", "", None)
    assert state.token is None and notice.kind == "danger" and "Nothing was imported" in notice.lines[0]
    state, notice = act.start_import(atlas, upload("x"), "odd.pdf", "auto", "", None)
    assert "not one of the file types read here" in notice.lines[0]


def _row_click(app, row_type: str = CODE_ROW_TYPE) -> dict:
    """The request the browser sends when a row of the workbench's list is clicked."""
    key, spec = next((k, s) for k, s in app.callback_map.items() if CODE_ROW_TYPE in str(s["inputs"]))
    clicked = {"index": 1, "type": row_type}
    inputs = []
    for dep in spec["inputs"]:
        if CODE_ROW_TYPE in str(dep["id"]):
            inputs.append([{"id": {"index": i, "type": row_type}, "property": "n_clicks",
                            "value": 1 if i == 1 else None} for i in range(3)])
        elif CODE_FILTER_TYPE in str(dep["id"]):
            inputs.append([{"id": {"index": name, "type": CODE_FILTER_TYPE}, "property": "n_clicks",
                            "value": None} for name in ("all", "needs_review")])
        else:
            inputs.append({"id": str(dep["id"]), "property": dep["property"], "value": None})
    outputs = [{"id": str(o.component_id), "property": o.component_property} for o in spec["output"]]
    return {"output": key, "outputs": outputs, "inputs": inputs,
            "state": [{"id": str(d["id"]), "property": d["property"], "value": None} for d in spec["state"]],
            "changedPropIds": [json.dumps(clicked, separators=(",", ":"), sort_keys=True) + ".n_clicks"]}


def test_pattern_matching_requests_pass_the_request_check_and_odd_ones_do_not(settings):
    app = create_app(settings)
    client = app.server.test_client()
    assert post(client, _row_click(app)).status_code == 200
    odd = post(client, _row_click(app, row_type="something-else"))
    assert odd.status_code == 400 and "Expected" in odd.get_data(as_text=True)


def test_uploads_to_the_workbench_keep_the_upload_limits_and_say_so(settings):
    small = load_context(replace(settings, upload_max_mb=0.01), with_store=True)  # 10 KB: 1,310 cells
    many = "Name,Description,Postcode\n" + "".join(f"Group {n},Meets,BL1\n" for n in range(500))
    state, notice = act.start_import(small, upload(many), "groups.csv", "csv", "", None)
    assert state.token is None and notice.kind == "danger"
    assert "filled cells" in notice.lines[0] and "Nothing was imported" in notice.lines[0]
    state, notice = act.start_import(small, upload("not a workbook"), "coded.xlsx", "template", "", None)
    assert state.token is None and "not a valid .xlsx file" in notice.lines[0]


def test_a_coded_file_opens_with_its_statuses_and_recorded_evidence(atlas, settings):
    path = settings.data_dir / "examples" / "greater_manchester_food_and_trafford_grants.csv"
    state, notice = act.start_import(atlas, upload(path.read_text(encoding="utf-8")), "gm.csv", "template",
                                     "", "Ann")
    page = code_page(atlas, state)
    assert notice.lines[0] == "Read 726 coded rows from gm.csv." and page.total == 726
    recorded = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))["coding_status"]
    assert {k: page.counts[k] for k in recorded} == recorded  # every row keeps its status
    assert [(c.code, c.confidence) for c in page.rows[0].chips][:2] == [("food_security", 1.0),
                                                                        ("food_insecurity", 1.0)]
