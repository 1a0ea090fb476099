"""The statements over HTTP: permissions, bad input as 4xx problems with stable codes,
drill-down from a line to its journal entry, layouts saved as immutable versions, and
sign-offs that turn stale when a later posting lands in their period."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared_code.api.app import create_app
from shared_code.bootstrap import Services
from tests.fixtures.identity import Identity
from tests.integration.test_ledger_api import Org, _entry, _organization, _problem


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(identity: Identity, client: TestClient, services: Services) -> Org:
    org = _organization(identity, client, services, "Chanda Trading Ltd")
    for lines, day in [
        ((("1100", "debit", "50000.00"), ("3010", "credit", "50000.00")), "2026-01-02"),
        ((("1150", "debit", "11600.00"), ("4010", "credit", "10000.00"), ("2100", "credit", "1600.00")), "2026-02-10"),
        ((("6100", "debit", "3000.00"), ("1100", "credit", "3000.00")), "2026-02-20"),
    ]:
        assert org.send("POST", "/journal-entries", _entry(org, *lines, day=day)).status_code == 201
    return org


def _rows(body: dict[str, Any]) -> dict[str, Any]:
    return {row["key"]: row for row in body["rows"]}


def test_the_four_statements_with_comparatives_and_the_ledger_head(org: Org) -> None:
    pl = org.get("/reports/profit-and-loss", **{"from": "2026-02-01", "to": "2026-02-28", "compare": "previous_period"})
    assert pl.status_code == 200, pl.text
    body = pl.json()
    assert body["ledger_head"]["entry_number"] == 3 and len(body["ledger_head"]["hash"]) == 64
    rows = _rows(body)
    assert rows["revenue"]["amounts"] == ["10000.00", "0.00"]
    assert rows["profit_for_the_period"]["amounts"] == ["7000.00", "0.00"]
    assert rows["profit_for_the_period"]["comparisons"] == [{"change": "7000.00", "percent": None}]
    assert body["layout"]["reference"] == "mse"  # no turnover yet: the micro and small entity tier
    assert body["period"] == {"date_from": "2026-02-01", "date_to": "2026-02-28"}
    quarter = org.get("/reports/profit-and-loss", period="quarter", date="2026-02-10").json()
    assert [(c["date_from"], c["date_to"]) for c in quarter["columns"]] == [("2026-01-01", "2026-03-31")]
    assert _rows(quarter)["revenue"]["amounts"] == ["10000.00"]
    position = org.get("/reports/financial-position", as_of="2026-02-28", layout_version="ifrs_for_smes").json()
    assert position["checks"]["difference"] == ["0.00"]
    assert _rows(position)["total_assets"]["amounts"] == ["58600.00"]
    at_month_end = org.get(
        "/reports/financial-position", period="month", date="2026-02-10", compare="2026-01-31"
    ).json()
    assert [c["date_to"] for c in at_month_end["columns"]] == ["2026-02-28", "2026-01-31"]
    assert at_month_end["period"] == {"date_from": "2026-02-01", "date_to": "2026-02-28"}
    assert _rows(at_month_end)["total_assets"]["amounts"] == ["58600.00", "50000.00"]
    flows = org.get("/reports/cash-flows", period="year_to_date", date="2026-02-28").json()
    assert flows["checks"]["net_change"] == flows["checks"]["closing_cash"] == ["58600.00"]
    equity = org.get("/reports/changes-in-equity", to="2026-02-28").json()  # from the fiscal year's start
    assert equity["date_from"] == "2026-01-01"
    assert equity["total"]["closing"] == "57000.00" and equity["total"]["profit"] == "7000.00"


def test_drill_down_from_a_line_to_its_accounts_their_ledger_and_the_journal_entry(org: Org) -> None:
    body = org.get("/reports/profit-and-loss", **{"from": "2026-01-01", "to": "2026-12-31"}).json()
    [account] = _rows(body)["revenue"]["accounts"]
    assert account["code"] == "4010" and account["amounts"] == ["10000.00"]
    ledger = org.client.get(account["ledger"], headers=org.owner.headers)
    assert ledger.status_code == 200, ledger.text
    [line] = ledger.json()["lines"]
    entry = org.get(f"/journal-entries/{line['entry_id']}").json()
    assert (entry["id"], entry["description"], entry["source_type"]) == (line["entry_id"], "Sale", "manual")


def test_bad_input_is_refused_with_stable_codes(org: Org) -> None:
    pl = "/reports/profit-and-loss"
    _problem(org.get(pl, **{"from": "2026-03-01", "to": "2026-02-01"}), 422, "date_range_invalid")
    _problem(org.get(pl, **{"from": "2010-01-01", "to": "2026-02-01"}), 422, "date_range_too_long")
    _problem(
        org.get(
            pl,
            **{
                "from": "2026-01-01",
                "to": "2026-01-31",
                "compare": "previous_period,same_period_last_year,previous_period,previous_period",
            },
        ),
        422,
        "too_many_comparatives",
    )
    _problem(org.get(pl, compare="last_tuesday"), 422, "compare_invalid")
    # A date the calendar cannot place a fiscal year around (year 1) is refused, not a 500.
    for statement in (pl, "/reports/cash-flows", "/reports/financial-position"):
        assert org.get(statement, date="0001-01-15").status_code == 422
    for statement in (pl, "/reports/cash-flows"):
        assert org.get(statement, **{"from": "0001-01-01", "to": "0001-01-31"}).status_code == 422
    _problem(org.get(pl, layout_version="00000000-0000-7000-8000-000000000000"), 404, "layout_version_not_found")
    _problem(org.get(pl, layout_version="not-a-layout"), 404, "layout_version_not_found")


def test_layouts_are_copied_versioned_validated_and_used(
    org: Org, identity: Identity, client: TestClient, services: Services
) -> None:
    defaults = org.get("/report-layouts").json()
    mse_pl = next(v for v in defaults if v["reference"] == "mse" and v["layout"]["kind"] == "profit_and_loss")
    layout = mse_pl["layout"]
    layout["name"] = "Our income statement"
    saved = org.send("POST", "/report-layouts", layout)
    assert saved.status_code == 201, saved.text
    first = saved.json()
    assert first["version"] == 1
    layout["sections"][0]["children"][0]["label"] = "Turnover"
    second = org.send("POST", f"/report-layouts/{first['layout_id']}/versions", layout).json()
    assert second["version"] == 2
    assert [v["version"] for v in org.get(f"/report-layouts/{first['layout_id']}").json()] == [2, 1]
    assert (
        org.get(f"/report-layouts/versions/{first['id']}").json()["layout"]["sections"][0]["children"][0]["label"]
        == "Sales and other income"
    )
    used = org.get("/reports/profit-and-loss", layout_version=second["id"]).json()
    assert _rows(used)["revenue"]["label"] == "Turnover" and used["layout"]["version"] == 2

    broken = {**layout, "sections": [{**layout["sections"][0], "children": layout["sections"][0]["children"][1:]}]}
    verdict = org.send("POST", "/report-layouts/validate", broken).json()
    assert not verdict["valid"]
    assert {p["code"] for p in verdict["problems"]} == {"account_unmapped", "formula_unknown_line"}
    _problem(org.send("POST", "/report-layouts", broken), 422, "formula_unknown_line")
    a_line_at_the_top = {**layout, "sections": [layout["sections"][0]["children"][0]]}
    _problem(org.send("POST", "/report-layouts/validate", a_line_at_the_top), 422, "validation_failed")
    looped = {**layout}
    looped["sections"] = [
        {
            **layout["sections"][0],
            "children": [
                {**c, "formula": [*c["formula"], {"line": "profit_for_the_period", "sign": 1}]}
                if c["key"] == "gross_profit"
                else c
                for c in layout["sections"][0]["children"]
            ],
        }
    ]
    _problem(org.send("POST", f"/report-layouts/{first['layout_id']}/versions", looped), 422, "formula_cycle")
    assert len(org.get(f"/report-layouts/{first['layout_id']}").json()) == 2  # nothing saved

    retried = [org.send("POST", "/report-layouts", layout, **{"Idempotency-Key": "copy-pl-1"}).json() for _ in range(2)]
    assert retried[0]["id"] == retried[1]["id"] and retried[0]["version"] == 1
    key = {"Idempotency-Key": "pl-v2"}
    again = [
        org.send("POST", f"/report-layouts/{retried[0]['layout_id']}/versions", layout, **key).json() for _ in "ab"
    ]
    assert again[0]["id"] == again[1]["id"] and again[0]["version"] == 2
    renamed = {**layout, "name": "Another name"}
    _problem(
        org.send("POST", "/report-layouts", renamed, **{"Idempotency-Key": "copy-pl-1"}), 409, "idempotency_key_reused"
    )
    _problem(
        org.send("POST", f"/report-layouts/{first['layout_id']}/versions", layout, **key), 409, "idempotency_key_reused"
    )
    ours = [v for v in org.get("/report-layouts").json() if v["built_in"] is None]
    assert sorted((v["layout_id"], v["version"]) for v in ours) == sorted(
        [(first["layout_id"], 2), (retried[0]["layout_id"], 2)]
    )

    other = _organization(identity, client, services, "Other Ltd")
    _problem(other.get("/reports/profit-and-loss", layout_version=second["id"]), 404, "layout_version_not_found")
    _problem(org.get("/reports/financial-position", layout_version=second["id"]), 422, "layout_kind_mismatch")


def test_sign_off_records_the_head_and_turns_stale_after_a_later_posting(org: Org) -> None:
    viewer = org.identity.add_member(org.id, "viewer")
    accountant = org.identity.add_member(org.id, "accountant")
    request = {"date_from": "2026-01-01", "date_to": "2026-02-28", "status": "reviewed", "note": "Checked the bank."}
    _problem(org.send("POST", "/reports/sign-offs", request, user=viewer), 403, "permission_denied")
    signed = org.send("POST", "/reports/sign-offs", request, user=accountant)
    assert signed.status_code == 201, signed.text
    assert signed.json()["ledger_head"]["entry_number"] == 3 and signed.json()["layout_versions"]["cash_flows"] == "mse"
    assert [s["stale"] for s in org.get("/reports/sign-offs", user=viewer).json()] == [False]
    later = _entry(org, ("6100", "debit", "100.00"), ("1100", "credit", "100.00"), day="2026-03-05")
    assert org.send("POST", "/journal-entries", later).status_code == 201
    assert [s["stale"] for s in org.get("/reports/sign-offs").json()] == [False]  # after the period: still good
    inside = _entry(org, ("6100", "debit", "100.00"), ("1100", "credit", "100.00"), day="2026-02-27")
    assert org.send("POST", "/journal-entries", inside).status_code == 201
    [view] = org.get("/reports/sign-offs").json()
    assert (view["stale"], view["later_postings"]) == (True, 1)
    _problem(org.send("POST", "/reports/sign-offs", {**request, "date_from": "2026-03-01"}), 422, "date_range_invalid")

    key = {"Idempotency-Key": "sign-feb-approved"}
    approval = {**request, "status": "approved", "note": "Approved."}
    first, second = (org.send("POST", "/reports/sign-offs", approval, user=accountant, **key) for _ in range(2))
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    _problem(
        org.send("POST", "/reports/sign-offs", {**approval, "note": "Other."}, user=accountant, **key),
        409,
        "idempotency_key_reused",
    )
    assert [s["status"] for s in org.get("/reports/sign-offs").json()] == ["approved", "reviewed"]


def test_the_notes_page_starts_from_the_tiers_defaults_and_keeps_each_save(org: Org) -> None:
    viewer = org.identity.add_member(org.id, "viewer")
    default = org.get("/reports/notes", user=viewer).json()
    assert default["id"] is None and default["framework"] == "mse" and "ngwee" in default["basis_of_preparation"]
    notes = {"basis_of_preparation": "Accrual basis.", "framework": "ifrs_for_smes", "policies": "Cost model."}
    _problem(org.send("PUT", "/reports/notes", notes, user=viewer), 403, "permission_denied")
    saved = org.send("PUT", "/reports/notes", notes)
    assert saved.status_code == 200, saved.text
    shown = org.get("/reports/notes", user=viewer).json()
    assert (shown["id"], shown["policies"], shown["framework"]) == (saved.json()["id"], "Cost model.", "ifrs_for_smes")
    _problem(org.send("PUT", "/reports/notes", {**notes, "policies": ""}), 422, "validation_failed")
