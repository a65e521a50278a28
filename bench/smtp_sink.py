"""An SMTP sink on loopback for the sending benchmark: aiosmtpd, in a process of its own
(so its CPU is not the sender's), writing each mail's X-Waymark-Key to a file as it is
delivered, so the benchmark counts what arrived and what arrived twice.

    python -m bench.smtp_sink PORT KEYS_FILE
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import IO

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

_KEY = b"\nX-Waymark-Key: "


class KeySink:
    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        content = envelope.original_content or b""
        start = content.find(_KEY)
        key = content[start + len(_KEY) : content.find(b"\r\n", start + 1)] if start >= 0 else b"?"
        self._out.write(key.strip() + b"\n")
        self._out.flush()
        return "250 Message accepted for delivery"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "ab") as out:
        controller = Controller(KeySink(out), hostname="127.0.0.1", port=port)
        controller.start()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        print("ready", flush=True)
        stop.wait()
        controller.stop()


if __name__ == "__main__":
    main()
