"""Partial credit for catalogued mistakes, applied in nbgrader's autograde pipeline.

A failing check ends its test cell with an error whose first line is
`✗ <exercise>: <status> [<tag>]`. Where the catalogue grants that mistake a
share of the points, this preprocessor (after Execute, before SaveAutoGrades)
replaces the error by the same text on stdout plus the score as the cell's
result, which is how nbgrader reads partial credit. The share comes from the
catalogue on the grader's side; nothing the kernel prints can raise it, and a
line naming another exercise than the cell's own is ignored.
"""

from __future__ import annotations

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from grader import catalogue
from grader.judging.verdict import FAILURE_LINE


def partial_share(cell) -> float:
    """The share of the cell's points its recognised mistake keeps (0 if none applies)."""
    meta = cell.metadata.get("nbgrader", {})
    if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
        return 0.0
    errors = [o for o in cell.outputs if o.output_type == "error"]
    stderr = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
    if len(errors) != 1 or stderr or not errors[0].get("traceback"):
        return 0.0
    match = FAILURE_LINE.match(errors[0].traceback[0])
    if not match or not match.group("tag") or f"test_{match.group('name')}" != meta.get("grade_id"):
        return 0.0
    return catalogue.credit_for(match.group("name"), match.group("tag"))


class PartialCredit(NbGraderPreprocessor):
    """Gives a recognised mistake the share of its exercise's points the catalogue states."""

    def preprocess_cell(self, cell, resources, index):
        share = partial_share(cell)
        if share > 0:
            points = float(cell.metadata["nbgrader"]["points"])
            error = next(o for o in cell.outputs if o.output_type == "error")
            cell.outputs = [o for o in cell.outputs if o is not error] + [
                new_output("stream", name="stdout", text="\n".join(error.traceback) + "\n"),
                new_output("execute_result", data={"text/plain": repr(round(points * share, 6))},
                           execution_count=cell.get("execution_count")),
            ]
        return cell, resources
