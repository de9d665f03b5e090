"""SIGTERM and SIGHUP as an exception in the main thread, as Ctrl-C is KeyboardInterrupt: a run stopped by
`timeout`, `docker stop`, a closed terminal or a Jupyter kill then stops its workers and leaves its output
folder as it was, and the command exits 128 + the signal's number (130 for Ctrl-C)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Interrupted", "signals_raise"]


class Interrupted(BaseException):
    """SIGTERM or SIGHUP reached the main process."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise Interrupted (main thread only; elsewhere nothing changes)."""
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {n: signal.signal(getattr(signal, n), _interrupted) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)
