"""Does a student's autodiff class get every expression right? Pure: observations in, verdict out.

Each observation is what `grader.in_kernel.gathering.run_graph` reported for one expression
at one point: `(L.data, L.grad, (leaf.grad, ...))` as plain data. The expected
value has the same form (from `grader.graphs.Graph.reference`).
"""

from __future__ import annotations

import numpy as np

from grader.evidence import Observation, Returned
from grader.judging import messages, tolerances
from grader.judging.numeric import compare
from grader.judging.verdict import Verdict, correct, incorrect, invalid


def _parts(returned: Returned, leaves: tuple[str, ...]) -> list[Returned] | None:
    """L.data, L.grad and the leaves' grads, or None when the report is not of that form (only if forged)."""
    if returned.kind != "sequence" or len(returned.value) != 3:
        return None
    data, grad, grads = returned.value
    if grads.kind != "sequence" or len(grads.value) != len(leaves):
        return None
    return [data, grad, *grads.value]


def judge_graphs(observations: list[Observation], expected: list, graphs: list, *, name: str,
                 rtol: float = tolerances.RTOL, atol: float = tolerances.ATOL) -> Verdict:
    """Each expression's value, L.grad and leaf grads against the references; the first failure explains itself."""
    got_grads, expected_grads = [], []
    failure = None
    for observation, value, graph in zip(observations, expected, graphs, strict=True):
        leaf_values = observation.probe.args[1]
        where = (f"With {messages.describe_point(graph.leaves, leaf_values, observation.probe.reveal)} and "
                 f"{graph.text} built from your `{name}`")
        if observation.error is not None:
            failure = failure or invalid(f"{where}, building L and calling `L.backward()` "
                                         f"{messages.describe_error(observation.error)}.")
            continue
        assert observation.returned is not None  # the codec gives every observation without an error its value
        parts = _parts(observation.returned, graph.leaves)
        if parts is None:
            failure = failure or invalid(f"{where}: the report of the backward pass is not the grader's.")
            continue
        labels = [("L.data", "the value of L"), ("L.grad", "dL/dL"),
                  *((f"{leaf}.grad", f"dL/d{leaf}") for leaf in graph.leaves)]
        wanted = [value[0], value[1], *value[2]]
        for index, ((label, noun), part, want) in enumerate(zip(labels, parts, wanted)):
            problem = compare(part, want, rtol, atol)
            if index >= 2 and part.kind == "number":
                got_grads.append(part.value)
                expected_grads.append(float(want))
            if problem is None or failure is not None:
                continue
            text = f"{where}: after `L.backward()`, `{label}` {problem.text}"
            if problem.got is not None and problem.expected is not None and np.isfinite(problem.expected):
                text += f"; {messages.describe_discrepancy(problem.got, problem.expected, noun)}"
            failure = (invalid if problem.invalid else incorrect)(text + ".")
    if failure is None:
        return correct(f"`{name}` is correct ({len(observations)} graph{'' if len(observations) == 1 else 's'} "
                       "built and differentiated, every leaf's gradient checked).")
    hint = messages.describe_pattern(np.array(got_grads), np.array(expected_grads))
    return failure if hint is None else type(failure)(failure.status, f"{failure.message} {hint}")
