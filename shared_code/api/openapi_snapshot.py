"""The API's OpenAPI document as the web app's typed client is generated from it.

`python -m shared_code.api.openapi_snapshot` rewrites `static_site/src/api/openapi.json`
(then `npm run gen:api --prefix static_site` regenerates the TypeScript types); a test fails
when the committed snapshot differs from the live app, so the two cannot drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parents[2] / "static_site" / "src" / "api" / "openapi.json"


def spec_json() -> str:
    """The OpenAPI document, 2-space indented with sorted keys and a final newline."""
    from shared_code.api.app import create_app
    from shared_code.bootstrap import Services
    from shared_code.platform.settings import Settings

    app = create_app(Services(Settings(database_url="postgresql://openapi@127.0.0.1/none")))
    return json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n"


def main() -> int:
    """Write the snapshot; exit 0."""
    SNAPSHOT.write_text(spec_json())
    sys.stderr.write(f"wrote {SNAPSHOT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
