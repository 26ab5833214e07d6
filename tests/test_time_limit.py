"""The time limit of `simplify` works in any thread: slow work is stopped, fast work returns its value."""

import threading
import time

import pytest
import sympy as sp

from grader.time_limit import run_with_time_limit


def _endless() -> int:
    total = 0
    while True:  # pure Python: the exception arrives between bytecodes
        total += 1


def _in_a_worker_thread(work):
    """What `work` returns when run the way a Dask worker runs a task: in a thread that is not the main one."""
    returned = []
    thread = threading.Thread(target=lambda: returned.append((threading.current_thread() is threading.main_thread(),
                                                              work())))
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the work was never stopped"
    (on_main, result), = returned
    assert not on_main
    return result


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_slow_work_is_stopped_and_fast_work_returns_its_value(where):
    run = (lambda work: work()) if where == "main thread" else _in_a_worker_thread
    assert run(lambda: run_with_time_limit(_endless, 0.2)) == (False, None)
    x = sp.Symbol("x", real=True)
    proved = run(lambda: run_with_time_limit(lambda: sp.simplify(sp.cos(2 * x) - sp.cos(x)**2 + sp.sin(x)**2), 30))
    assert proved == (True, 0)


def test_errors_of_the_work_are_its_own():
    def broken():
        raise ZeroDivisionError("the work's own")

    with pytest.raises(ZeroDivisionError, match="the work's own"):
        run_with_time_limit(broken, 5)


def test_an_exception_swallowed_by_broad_handlers_still_stops_the_work():
    def stubborn():
        while True:
            try:
                _endless()
            except Exception:  # as SymPy's code has in places
                pass

    assert run_with_time_limit(stubborn, 0.2) == (False, None)


def test_nested_limits_stop_at_their_own_budget():
    """The inner limit's expiry stops the inner work only; the outer one's stops everything."""
    inner_results = []

    def outer():
        inner_results.append(run_with_time_limit(_endless, 0.1))
        inner_results.append(run_with_time_limit(lambda: 7, 5))
        _endless()

    assert run_with_time_limit(outer, 0.6) == (False, None)
    assert inner_results == [(False, None), (True, 7)]


def test_nothing_is_raised_after_the_work_returned():
    """Work that ends around its budget, again and again: whichever way each call went, none surfaces late."""
    def busy(seconds):
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass
        return seconds

    outcomes = set()
    for step in range(60):
        finished, value = run_with_time_limit(lambda step=step: busy(step * 0.0005), 0.015)
        assert value == (step * 0.0005 if finished else None)
        outcomes.add(finished)
    total = 0
    for i in range(200_000):  # had an exception been left pending, it would be raised here
        total += i
    assert total == sum(range(200_000))
    assert outcomes == {True, False}  # the budget fell inside the range tried
