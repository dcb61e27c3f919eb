"""A runnable Home Assistant double with the Jarvis integration loaded, for tests and for poking by hand.

    /usr/bin/python3 services/test/ha-double/server.py --port 0 \
        --jarvis-url http://127.0.0.1:4000 --jarvis-token TOKEN [--frontend app.js]
        [--supervisor-url http://127.0.0.1:PORT --supervisor-token TOKEN]

When ready it prints one JSON line on stdout: {"ready": true, "url", "ws_url", "ha_version", "entry",
"users": {"admin": {"id", "name", "is_admin", "token"}, "user": {...}}}. HA's WebSocket API is at
/api/websocket, the frontend shell at / (it imports --frontend, served at /double/frontend.js, then every
extra module URL integrations registered). SIGTERM or SIGINT stops it as HA stops, unloads the entry and
exits 0. Logs go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from pathlib import Path
import signal
import sys

sys.path.insert(0, str(Path(__file__).resolve().parent))

from double.instance import async_start  # noqa: E402


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default 0: any free port)")
    parser.add_argument("--jarvis-url", help="the Jarvis add-on, e.g. http://127.0.0.1:4000 (no entry without it)")
    parser.add_argument("--jarvis-token", help="the add-on's integration token")
    parser.add_argument("--frontend", type=Path, help="a JS module standing in for HA's frontend app")
    parser.add_argument("--supervisor-url", help="a Supervisor (its emulator): add-on discovery is read at start")
    parser.add_argument("--supervisor-token", help="HA's token for the Supervisor")
    parser.add_argument("--log-level", default="INFO", help="Python log level (default INFO)")
    return parser.parse_args()


async def _main(args: argparse.Namespace) -> int:
    if args.frontend is not None and not args.frontend.is_file():
        print(f"server.py: --frontend {args.frontend} is not a file", file=sys.stderr)
        return 2
    supervisor = {"url": args.supervisor_url, "token": args.supervisor_token} if args.supervisor_url else None
    instance = await async_start(port=args.port, host=args.host, jarvis_url=args.jarvis_url,
                                 jarvis_token=args.jarvis_token, frontend=args.frontend, supervisor=supervisor)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    print(json.dumps(instance.ready_line()), flush=True)
    await stopping.wait()
    logging.getLogger("ha-double").info("Stopping")
    await instance.stop()
    return 0


def main() -> None:
    args = _arguments()
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s (%(name)s) %(message)s")
    sys.exit(asyncio.run(_main(args)))


if __name__ == "__main__":
    main()
