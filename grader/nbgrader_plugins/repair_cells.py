"""First step of autograde's sanitizing pass: the submission's nbgrader cells made the assignment's again.

nbgrader fails a notebook, or a whole class, on cell metadata a student can
change: a pasted or invented graded cell (`KeyError: 'grade_id'`), a grade id
used twice, flags or points changed, a schema version it does not know. This
step applies `grader.submission_screening.repair_cells` with the gradebook's
record of the notebook, so plain `nbgrader autograde`, the Formgrader and
`python -m grader autograde` all grade such a notebook, and says what it
changed; a notebook that cannot be graded at all is refused by name.
"""

from __future__ import annotations

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from grader.assignment_bundle import notebook_record
from grader.submission_screening import repair_cells


class SubmissionRefused(Exception):
    """nbgrader reports it as this student's error and goes on with the next student."""


class RepairCellMetadata(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            record = notebook_record(gradebook.find_notebook(info["notebook"], info["assignment"]))
        who = f"{info['student']}'s {info['assignment']}/{info['notebook']}.ipynb"
        repair = repair_cells(who, info["assignment"], nb, record.expected_cells())
        if repair.problems:
            raise SubmissionRefused(" ".join(repair.problems))
        for warning in repair.warnings:
            self.log.warning(warning)
        return nb, resources
