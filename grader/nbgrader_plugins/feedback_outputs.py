"""Feedback returns the grader's verdicts, not what the student's own cells printed while graded.

While a notebook is graded, its functions are called at hidden probe points,
and a later cell of the student's can print what it recorded. Feedback goes
back to the student, so outputs of the student's own code cells are left out
of it (the student has them in their own notebook; the instructor sees them in
`autograded/`). Test cells keep their outputs: the grader wrote those.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from grader.nbgrader_plugins import is_test_cell


class ClearStudentOutputs(NbGraderPreprocessor):
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and not is_test_cell(cell):
            cell.outputs = []
            cell.execution_count = None
        return cell, resources
