"""A grading kernel started while the previous notebook runs, so that kernel start-up leaves the critical path.

A worker grades one submission after another. While one notebook runs, the next
kernel is started in the sandbox and imports NumPy and SymPy; the next notebook
takes it instead of waiting a second and a half for its own. Every notebook
still gets a fresh kernel: a warm kernel is taken once, by a notebook of the
folder it was started in, and only where that folder holds one submission at a
time (the grading task's scratch course, `ConfinedExecute.prestart`).

One warm kernel per process at most; what is left at exit is shut down.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jupyter_core.utils import run_sync

from grader import grading_process

# Run as soon as the kernel is up, before any notebook is given to it.
WARM_UP = "import numpy, sympy"


@dataclass
class _Warm:
    key: tuple
    km: Any  # a ConfinedKernelManager with a started kernel
    kc: Any  # the client that sent WARM_UP


def _shutdown(warm: _Warm) -> None:
    warm.kc.stop_channels()
    try:
        run_sync(warm.km.shutdown_kernel)(now=True)
    except Exception:  # already gone: nothing to stop
        pass


def take(key: tuple):
    """The warm kernel's manager if one was started for `key` and is alive, else None (and it is stopped)."""
    process = grading_process.current()
    warm, process.warm_kernel = process.warm_kernel, None
    if warm is None:
        return None
    if warm.key != key or not run_sync(warm.km.is_alive)():
        _shutdown(warm)
        return None
    warm.kc.stop_channels()
    return warm.km


def start(key: tuple, make_manager: Callable[[], Any], cwd: str, extra_arguments: list[str]) -> None:
    """Start the next kernel now; it waits, warming up, until `take(key)`."""
    discard()
    km = make_manager()
    run_sync(km.start_kernel)(extra_arguments=extra_arguments, cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.execute(WARM_UP, silent=True, store_history=False)
    grading_process.current().warm_kernel = _Warm(key, km, kc)


def discard() -> None:
    process = grading_process.current()
    warm, process.warm_kernel = process.warm_kernel, None
    if warm is not None:
        _shutdown(warm)


atexit.register(discard)
