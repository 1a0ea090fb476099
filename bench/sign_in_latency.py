"""Latency of a refused sign-in for a known and for an unknown e-mail address.

    python bench/sign_in_latency.py [rounds]

`docs/security/measures.md` claims a wrong password and an unknown address get the same
answer in the same time (the unknown case verifies against a dummy argon2id hash). The
answer is proved equal in `tests/integration/test_auth_flow.py`; the time is measured here,
never in a test.

Starts its own PostgreSQL, registers one account through the API, then sends
`POST /api/v1/auth/login` with a wrong password for that account and for an unknown
address, alternating, through the whole FastAPI app in process (no socket). Between two
attempts (outside the timing) it clears the rate-limit counters and the account's failure
count, which would otherwise refuse the bench after a few attempts: the bench measures the
refusal's cost, not the throttle's.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local_runtime.postgres import LocalPostgres, free_port  # noqa: E402

KNOWN = "mwila.banda@example.co.zm"
UNKNOWN = "nobody.here@example.co.zm"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    from fastapi.testclient import TestClient

    from shared_code.api.app import create_app
    from shared_code.bootstrap import Services
    from shared_code.platform.db import Database
    from shared_code.platform.migrations import migrate_all
    from shared_code.platform.settings import Settings

    with tempfile.TemporaryDirectory(prefix="intellifin-signin-bench-") as work:
        server = LocalPostgres(data_dir=Path(work) / "pg", port=free_port()).start()
        try:
            db = Database(server.url, min_size=1, max_size=2)
            db.open()
            migrate_all(db)
            db.close()
            settings = Settings(
                intellifin_env="test",
                database_url=server.url,
                local_secrets_file=Path(work) / "secrets.json",
                dev_mailbox_dir=Path(work) / "mail",
            )
            services = Services(settings)
            try:
                with TestClient(create_app(services), base_url="https://testserver") as api:
                    registered = api.post(
                        "/api/v1/auth/register",
                        json={"email": KNOWN, "full_name": "Mwila Banda", "password": "correct horse battery 42"},
                    )
                    assert registered.status_code == 202, registered.text
                    timings: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
                    for attempt in range(rounds * 2 + 4):
                        with services.db.unit_of_work() as uow:
                            uow.execute("DELETE FROM platform.rate_limit_counters")
                            uow.execute("UPDATE platform.users SET failed_logins = 0, locked_until = NULL")
                            uow.commit()
                        email = KNOWN if attempt % 2 == 0 else UNKNOWN
                        started = time.perf_counter()
                        response = api.post("/api/v1/auth/login", json={"email": email, "password": "wrong password"})
                        elapsed = time.perf_counter() - started
                        assert response.status_code == 401, response.text
                        if attempt >= 4:  # the first two of each are warm-up
                            timings[email].append(elapsed)
            finally:
                services.close()
        finally:
            server.stop()

    print(f"refused sign-ins, {rounds} of each, alternating, in process")
    for label, email in (("known address, wrong password", KNOWN), ("unknown address", UNKNOWN)):
        samples = sorted(timings[email])
        print(
            f"{label:32s} median {statistics.median(samples) * 1000:6.1f} ms"
            f"  p10 {samples[len(samples) // 10] * 1000:6.1f} ms  p90 {samples[len(samples) * 9 // 10] * 1000:6.1f} ms"
        )
    difference = statistics.median(timings[KNOWN]) - statistics.median(timings[UNKNOWN])
    print(f"median difference (known - unknown) {difference * 1000:+.1f} ms")


if __name__ == "__main__":
    main()
