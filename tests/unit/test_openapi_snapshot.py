"""The web app's typed client is generated from a snapshot of the API: it must be current."""

from __future__ import annotations

import json

from shared_code.api.openapi_snapshot import SNAPSHOT, spec_json


def test_the_committed_openapi_snapshot_matches_the_api() -> None:
    live = spec_json()
    committed = SNAPSHOT.read_text()
    if committed != live:
        added = sorted(set(json.loads(live)["paths"]) - set(json.loads(committed)["paths"]))
        raise AssertionError(
            "static_site/src/api/openapi.json is out of date (run `make openapi`); "
            f"paths missing from it: {added or 'none (schemas differ)'}"
        )
