"""Before the kernel runs: the grader plans every test cell and asks the kernel only for evidence.

First of the course's two steps around nbgrader's `Execute` in the autograde
pipeline. It reads the instructor's cells from the gradebook (never from the
submission), runs the test code in this process (`grader.grading_plan`), and
gives the kernel, in place of each test cell, a call that answers the planned
requests. The plan and the original sources wait in `resources` for
`JudgeEvidence`, which runs after `Execute`.
"""

from __future__ import annotations

import contextlib
import secrets

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from grader.grading_plan import cells_to_plan, kernel_source, plan_notebook
from grader.judging.not_allowed import statements
from grader.nbgrader_plugins import grade_id
from grader.variants.grading import submission_variant
from grader.variants.in_notebook import pin_line, planning

RESOURCE_KEY = "calc4ml"


class PoseRequests(NbGraderPreprocessor):
    """Replaces each test cell's code by the grader's requests for evidence."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            sources = {cell.name: cell for cell in notebook.source_cells}
            answers = sorted(cell.name for cell in notebook.solution_cells)
            graded = {cell.name for cell in notebook.grade_cells}
            # Detach what is needed before the session closes.
            sources = {name: (cell.cell_type, cell.locked, cell.source) for name, cell in sources.items()}

        order, positions = cells_to_plan([(cell.cell_type, grade_id(cell)) for cell in nb.cells],
                                         sources, graded, answers)

        nonce = secrets.token_hex(16)
        variant = submission_variant(self.config, info["db_url"], info["assignment"], info["student"])
        with planning(info["assignment"], variant) if variant is not None else contextlib.nullcontext():
            plans = plan_notebook(order, answers)
        originals = {}
        for index, gid in positions.items():
            cell = nb.cells[index]
            originals[index] = sources[gid][2]  # the cell itself holds a placeholder (`WithholdTests`)
            cell.source = kernel_source(gid, nonce, plans[gid])
        if variant is not None:
            originals.update(pin_variant(nb, sources, info["assignment"], variant))
        resources[RESOURCE_KEY] = {"nonce": nonce, "plans": {i: plans[g] for i, g in positions.items()},
                                   "originals": originals, "programs": student_programs(nb, sources, positions)}
        return nb, resources


def pin_variant(nb, sources: dict[str, tuple[str, bool, str]], assignment: str, variant) -> dict[int, str]:
    """The kernel's setup cell made to pin `variant` first; {index: the cell's own source}, to restore after.

    The cell calling `course_variant` is one of the instructor's locked cells, restored
    from the gradebook: pinned, the student's code that reads `variant` computes with the
    numbers the grader checks it against.
    """
    for index, cell in enumerate(nb.cells):
        gid = grade_id(cell)
        if cell.cell_type == "code" and gid in sources and sources[gid][1] and "course_variant(" in cell.source:
            original = cell.source
            cell.source = pin_line(assignment, variant) + original
            return {index: original}
    return {}


def student_programs(nb, sources: dict[str, tuple[str, bool, str]], positions: dict[int, str]) -> dict[int, list]:
    """For each test cell, the student's code before it, as statements (what `forbid` rules are checked on).

    The student's code is every code cell but the instructor's locked ones (the
    setup, the tests), whose source nbgrader restored from the gradebook.
    """
    instructor = {gid for gid, (_, locked, _) in sources.items() if locked}
    written = [(index, f"cell {index + 1}", cell.source) for index, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and grade_id(cell) not in instructor]
    return {position: statements([(label, source) for index, label, source in written if index < position])
            for position in positions}
