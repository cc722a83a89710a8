"""uvicorn with N workers and TCP_NODELAY on: what `uvicorn --workers N` does, minus one bug.

    .venv/bin/python -m benchmarks.serve_workers contactpoint.web.app:create_app --factory \
        --port 8790 --workers 2

uvicorn's multi-worker path binds the listening socket with proto 0; accepted connections
inherit it and asyncio only sets TCP_NODELAY when proto is IPPROTO_TCP, so every keep-alive
response waits ~40 ms on the client's delayed ACK (Kludex/uvicorn#3149, open). Binding the
same socket with proto IPPROTO_TCP restores TCP_NODELAY. Single-process uvicorn is unaffected.
"""

from __future__ import annotations

import argparse
import socket

import uvicorn
from uvicorn.supervisors import Multiprocess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--factory", action="store_true")
    args = parser.parse_args()
    config = uvicorn.Config(
        args.target,
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        factory=args.factory,
        access_log=False,
        log_level="warning",
    )
    bound = config.bind_socket()
    listener = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
    if args.workers > 1:
        Multiprocess(config, sockets=[listener]).run()
    else:
        uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    main()
