"""Last step of autograde's sanitizing pass: no test code in the notebook the student's kernel can read.

nbgrader writes the sanitized notebook, every test cell restored from the
gradebook with its hidden tests, into the folder the kernel then runs in; a
kernel can open it (`open("ps1_derivatives.ipynb")`) and take the hidden
tests' trusted implementations and references from it. Here each test cell's
code becomes a placeholder before the file is written. The grader plans the
tests from the gradebook's copy (`PoseRequests`), puts its requests in their
place, and `JudgeEvidence` writes the gradebook's source back once the kernel
is gone, so instructors and feedback see the test as it is.

The placeholder fails: a test cell the grader did not plan scores 0, never the
points of a test that did not run.
"""

from __future__ import annotations

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from grader.nbgrader_plugins import grade_id


def placeholder(gid: str) -> str:
    return (f"# {gid}: withheld from the kernel; the grader runs this test itself\n"
            f"raise RuntimeError('the test {gid} was not run by the grader')\n")


class WithholdTests(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            tests = {cell.name for cell in notebook.grade_cells} - {cell.name for cell in notebook.solution_cells}
        for cell in nb.cells:
            if cell.cell_type == "code" and grade_id(cell) in tests:
                cell.source = placeholder(grade_id(cell))
        return nb, resources
