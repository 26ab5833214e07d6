"""A hard time limit for pure-Python work such as `sympy.simplify`, in whatever thread it runs.

The grader judges in the main thread when it grades in its own process, and in a
worker thread on Dask (a worker runs its tasks in a thread pool). A signal only
reaches the main thread, so a limit built on SIGALRM had to skip the work
elsewhere, and the same answer got another verdict on a cluster. Here a watchdog
thread raises an exception in the working thread instead
(`PyThreadState_SetAsyncExc`), which works from any thread to any thread: the
work is attempted, and stopped, the same way everywhere.

What is limited is the working thread's CPU time, not the wall clock: a worker
shares its cores with kernels and other workers, and a verdict must not depend
on how busy the machine was. A wall-clock ceiling (`WALL_CLOCK_FACTOR` times the
budget) still stops work that waits instead of computing.

The exception derives from BaseException, so SymPy's broad `except Exception`
clauses cannot swallow it, and each call raises a class of its own, so a limit
nested in another never catches the outer one's. Like a signal handler, it is
delivered between bytecodes: a single long C call finishes first.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Stop work that has had budget * this in wall-clock time, however little CPU it got:
# generous, because on a loaded machine a thread may get a fraction of a core.
WALL_CLOCK_FACTOR = 10.0
_POLL_SECONDS = 0.01
_ARRIVAL_SECONDS = 0.5


class TimeLimitExceeded(BaseException):
    pass


def _cpu_clock(ident: int) -> Callable[[], float] | None:
    """The CPU-time clock of thread `ident`, readable from another thread (None where the OS has none)."""
    try:
        clock = time.pthread_getcpuclockid(ident)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        return None
    return lambda: time.clock_gettime(clock)


def _raise_in(ident: int, exception: type[BaseException]) -> None:
    """Make thread `ident` raise `exception` at its next bytecode.

    Never called with None to take an exception back: CPython then leaves its
    eval breaker set, and every later bytecode of the process pays for it.
    """
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exception))


class _Watchdog:
    """Raises `expired` in thread `ident` once it has used `seconds` of CPU time (or far more wall time)."""

    def __init__(self, ident: int, seconds: float, expired: type[TimeLimitExceeded]):
        self.ident, self.seconds, self.expired = ident, seconds, expired
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.fired = False
        self.thread = threading.Thread(target=self._watch, name="time-limit watchdog", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _watch(self) -> None:
        cpu = _cpu_clock(self.ident)
        cpu_start, wall_start = (cpu() if cpu else 0.0), time.monotonic()
        while not self.done.wait(_POLL_SECONDS):
            wall = time.monotonic() - wall_start
            try:
                used = cpu() - cpu_start if cpu else wall
            except OSError:  # the thread ended since: its work is over
                return
            if used >= self.seconds or wall >= self.seconds * WALL_CLOCK_FACTOR:
                with self.lock:
                    if not self.done.is_set():
                        self.fired = True
                        _raise_in(self.ident, self.expired)
                return

    def stop(self) -> bool:
        """Stop watching; True if the exception was sent (it may not have arrived yet)."""
        with self.lock:
            self.done.set()
            return self.fired


def run_with_time_limit(work: Callable[[], T], seconds: float) -> tuple[bool, T | None]:
    """(True, result) if `work` finished within `seconds` of CPU time, else (False, None). Any thread."""
    expired: type[TimeLimitExceeded] = type("TimeLimitExpired", (TimeLimitExceeded,), {})  # this call's own, see the module's docstring
    watchdog = _Watchdog(threading.get_ident(), seconds, expired)
    try:
        watchdog.start()
        try:
            result = work()
        finally:
            sent = watchdog.stop()
        if sent:
            # The work returned between the watchdog's decision and the exception's arrival:
            # let it arrive here, where it is caught, rather than anywhere in the caller's code.
            # It arrives at once, unless something (a finaliser, a bare `except:`) has already
            # swallowed it: then the work did finish, and its result stands.
            deadline = time.monotonic() + _ARRIVAL_SECONDS
            while time.monotonic() < deadline:
                pass
    except expired:
        return False, None
    return True, result
