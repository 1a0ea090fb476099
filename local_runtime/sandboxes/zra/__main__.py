"""`python -m local_runtime.sandboxes.zra --port 7072 --data-dir .data/zra-sandbox`: run the sandbox VSDC.

Serves the VSDC under `--context` (default `/sandboxvsdc1.0.8.0`) on 127.0.0.1 until
interrupted; its state survives restarts in `<data-dir>/vsdc.sqlite3`.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from local_runtime.sandboxes.zra.server import DEFAULT_CONTEXT, serve


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until SIGINT or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m local_runtime.sandboxes.zra", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7072)
    parser.add_argument("--data-dir", type=Path, default=Path(".data/zra-sandbox"))
    parser.add_argument("--context", default=DEFAULT_CONTEXT)
    args = parser.parse_args(argv)
    server = serve(args.host, args.port, args.data_dir, args.context)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"ZRA sandbox VSDC on http://{args.host}:{args.port}{server.context}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
