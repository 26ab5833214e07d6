"""A hard time limit for pure-Python work such as `sympy.simplify`.

SIGALRM interrupts Python code wherever it is; the exception derives from
BaseException so that SymPy's broad `except Exception` clauses cannot swallow
it. Signals only reach the main thread: elsewhere the work is not attempted,
so a check never hangs.
"""

from __future__ import annotations

import signal
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


class TimeLimitExceeded(BaseException):
    pass


def can_limit_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def run_with_time_limit(work: Callable[[], T], seconds: float) -> tuple[bool, T | None]:
    """(True, result) if `work` finished within `seconds`, else (False, None)."""
    if not can_limit_time():
        return False, None

    def on_alarm(signum, frame):
        raise TimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return True, work()
    except TimeLimitExceeded:
        return False, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
