"""observe / normalise: what the student's code did, as plain data."""

import sys

import numpy as np
import sympy as sp

from grader.evidence import Probe
from grader.in_kernel.gathering import normalise, observe


def test_observe_records_value_error_and_in_place_changes():
    def doubles_in_place(a):
        a *= 2
        return a

    (ok,), (bad,), (mutating,) = (observe(lambda v: v + 1, [Probe((1.0,))]), observe(lambda v: 1 / 0, [Probe((1.0,))]),
                                  observe(doubles_in_place, [Probe((np.array([1.0, 2.0]),))]))
    assert ok.returned.value == 2.0 and ok.error is None
    assert bad.returned is None and bad.error.startswith("ZeroDivisionError")
    assert mutating.modified == (0,)


def test_the_probe_arguments_themselves_are_never_changed():
    original = np.array([1.0, 2.0])
    probe = Probe((original,))
    observe(lambda a: a.fill(0), [probe])
    assert np.array_equal(original, [1.0, 2.0])


def test_observe_keeps_stderr_and_warnings_away(capfd):
    def noisy(v):
        print("oops", file=sys.stderr)
        return np.exp(np.array([1000.0]))

    (observation,) = observe(noisy, [Probe((0.0,))])
    assert np.isinf(observation.returned.value[0])
    assert capfd.readouterr().err == ""


def test_a_lying_object_is_not_a_number():
    class Liar:
        def __eq__(self, other):
            return True

        def __float__(self):
            return 1.0

        __sub__ = __abs__ = lambda self, *a: 0.0

    assert normalise(Liar()).kind == "other"


def test_normalise_plain_forms():
    assert normalise(sp.Rational(1, 2)).value == 0.5
    assert normalise(sp.true).value is True
    assert normalise(np.array([1, 2])).value.dtype == np.float64
    assert normalise(np.array(["a"])).kind == "other"
    assert [r.value for r in normalise((1, 2.5)).value] == [1.0, 2.5]
    assert normalise({0.1: "slow"}).value[0.1].value == "slow"
