"""A time limit on one document, in whatever thread runs it.

In the main thread of a process it is SIGALRM (it also interrupts a blocking system call); in another thread (a
Dask worker runs tasks in threads, where no signal reaches) a timer thread raises the exception in the running
thread. Either way the exception arrives between two Python instructions, so the rules' loops, regular
expressions from the `regex` module (which release the interpreter between steps) and a reader's loops are
bounded; a single long call inside C code is not interrupted until it returns.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MESSAGE = "per-document time limit reached (--time-limit)"


class DocumentTimeout(BaseException):
    """A document took longer than the per-document time limit. A BaseException, so that no `except Exception`
    of a reader or a rule takes it for a failure of its own."""

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


def _raise(signum: int, frame: Any) -> None:
    raise DocumentTimeout()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in this thread when the block runs longer than `seconds` (0 or less: no limit)."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        previous = signal.signal(signal.SIGALRM, _raise)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    target = ctypes.c_ulong(threading.get_ident())
    lock, armed = threading.Lock(), [True]

    def fire() -> None:
        with lock:
            if armed[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed[0] = False
            timer.cancel()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # clears one set but not yet raised


class Budget:
    """The seconds left of one document's limit, spent stage by stage (reading, then the model and the rules)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0

    @contextmanager
    def spend(self) -> Iterator[None]:
        if self.seconds <= 0:
            yield
            return
        started = time.monotonic()
        try:
            with time_limit(max(self.seconds - self.spent, 1e-3)):
                yield
        finally:
            self.spent += time.monotonic() - started
