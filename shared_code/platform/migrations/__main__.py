"""`python -m shared_code.platform.migrations`: migrate the platform and every tenant schema."""

from __future__ import annotations

import sys

from shared_code.platform.db import Database
from shared_code.platform.migrations import migrate_all
from shared_code.platform.settings import SettingsError, get_settings


def main() -> int:
    """Run every pending migration; exit 1 if any schema failed."""
    try:
        settings = get_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    db = Database(settings.database_url, min_size=1, max_size=2)
    db.open()
    try:
        report = migrate_all(db)
    finally:
        db.close()
    for result in report.results:
        if result.error:
            print(f"FAILED  {result.schema}: {result.error}", file=sys.stderr)
        elif result.applied:
            print(f"applied {result.schema}: {', '.join(result.applied)}")
    failed = len(report.failed)
    print(f"{len(report.results)} schemas, {report.applied_count} migrations applied, {failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
