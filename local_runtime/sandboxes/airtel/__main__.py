"""`python -m local_runtime.sandboxes.airtel --port 7073 --data-dir .data/airtel-sandbox`: run the sandbox.

Serves the Airtel Open API on 127.0.0.1 until interrupted; the merchants registered through
`/admin/merchants` survive restarts in `<data-dir>/merchants.json` (their histories are
generated again from their seeds, identically).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from local_runtime.sandboxes.airtel.server import serve


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m local_runtime.sandboxes.airtel", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7073)
    parser.add_argument("--data-dir", type=Path, default=Path(".data/airtel-sandbox"))
    parser.add_argument("--context", default="", help="a path prefix the API is served under (none by default)")
    args = parser.parse_args(argv)
    server = serve(args.host, args.port, args.data_dir, args.context)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Airtel Money sandbox on http://{args.host}:{args.port}{server.context}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
