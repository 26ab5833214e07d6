"""What the kernel reports of the grading code a submission altered, and how the grader flags it."""

import json

import numpy as np
import pytest
import sympy as sp
from nbformat.v4 import new_output

from grader.evidence import Evidence
from grader.evidence_codec import MIME_TYPE, MalformedEvidence, decode_altered, payload
from grader.flags import Flag
from grader.in_kernel import gathering, integrity
from grader.nbgrader_plugins.judge_evidence import tampering


def test_nothing_is_reported_for_honest_work():
    x = sp.Symbol("x", real=True)
    sp.lambdify(x, sp.simplify(sp.diff(sp.exp(x) * sp.sin(x), x)))(np.linspace(0, 1, 3))
    np.testing.assert_allclose(1.0, 1.0)
    assert integrity.altered() == ()


@pytest.mark.parametrize("owner, name", [
    (np, "isclose"), (np, "allclose"), (np.testing, "assert_allclose"), (sp, "simplify"),
    (gathering, "gather"), (gathering, "normalise"), (sp.Basic, "__eq__"),
])
def test_a_replaced_name_is_reported_by_its_full_name(monkeypatch, owner, name):
    monkeypatch.setattr(owner, name, lambda *args, **kwargs: True)
    prefix = owner.__name__ if not isinstance(owner, type) else f"sympy.{owner.__name__}"
    assert integrity.altered() == (f"{prefix}.{name}",)


def test_a_builtin_replaced_or_a_function_rewritten_in_place_is_reported(monkeypatch):
    import builtins

    monkeypatch.setattr(builtins, "divmod", lambda *args: (0, 0))  # one pytest itself does not need meanwhile
    monkeypatch.setattr(gathering.observe, "__code__", (lambda fn, probes: []).__code__)
    assert integrity.altered() == ("builtins.divmod", "grader.in_kernel.gathering.observe")


def test_a_deleted_name_is_reported(monkeypatch):
    monkeypatch.delattr(np, "array_equal")
    assert integrity.altered() == ("numpy.array_equal",)


def _published(altered):
    data = payload("n" * 32, 0, "square", Evidence(defined=False), altered)
    return json.loads(json.dumps(data))


def test_the_grader_flags_what_was_altered_and_evidence_without_a_report():
    clean, patched = _published(()), _published(("numpy.isclose", "builtins.isinstance"))
    unreported = {k: v for k, v in clean.items() if k != "altered"}
    assert tampering("test_square", [clean]) == []
    assert tampering("test_square", [patched, patched]) == [
        Flag("test_square", "the grading code in the kernel was altered by the submission: numpy.isclose, "
                            "builtins.isinstance")]
    assert tampering("test_square", [unreported]) == [
        Flag("test_square", "evidence that did not come through the course's code path "
                            "(the kernel sent it without the grading code's report)")]


@pytest.mark.parametrize("report", ["numpy.isclose", [1, 2], ["x" * 500], ["a"] * 50])
def test_a_malformed_report_is_refused(report):
    with pytest.raises(MalformedEvidence):
        decode_altered(report)


def test_the_report_travels_with_each_piece_of_evidence():
    outputs = [new_output("display_data", data={MIME_TYPE: _published(("numpy.isclose",))})]
    assert outputs[0]["data"][MIME_TYPE]["altered"] == ["numpy.isclose"]
