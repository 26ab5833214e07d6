"""What the attack families share: the `Attack` a determined student hands in, attack code, notebook edits.

Each `Attack` is a submission: code in answer cells (`answers`, answer cell grade
id -> cell source), optionally a change to the notebook itself (`mutate`: its
cells, their metadata, the kernelspec) or to the submission folder (`prepare`:
links, pipes), and the exercises it answers honestly with the instructor's
solution (`honest`), whose points it keeps. Every other exercise must score 0,
and nothing outside the attacker's own folders may change.

Attack code prints a line starting with `BREACH` whenever something that should
be impossible worked (a file outside its folder was read or written, the network
answered, a reference or a stand-in was found); the tests fail when such a line
is in the printed output of an attacker's autograded notebook, even if no point
was gained. Hidden points a function records while probed can be printed by a
later cell (`LEAK`): that must not reach the student's feedback. What a test cell
prints is dropped by the grader, so attacks that act while their functions are
probed report from a later answer cell.
"""

from __future__ import annotations

import copy
import textwrap
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ASSIGNMENT = "ps1_derivatives"
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Attack:
    id: str
    description: str
    answers: dict[str, str]
    honest: frozenset[str] = frozenset()
    mutate: Callable[[NotebookNode], None] | None = None
    needs_sandbox: bool = False  # must never run unconfined (it would harm the machine)
    assignment: str = ASSIGNMENT
    # Called with the submission folder once the notebook is in it: links, pipes, hard links.
    prepare: Callable[[Path], None] | None = None
    flagged: str = ""  # what the instructor's flags for this submission must say
    shows: str = ""  # what the test cell of every attacked exercise must show (e.g. "not allowed [by-hand]")
    refused: bool = False  # the submission cannot be graded at all (its notebook is not its own)

    @property
    def student(self) -> str:
        return f"atk_{self.id}"

    def submission(self, solution: dict[str, str]) -> dict[str, str]:
        """The answer cells: the honest exercises' instructor answers, then the attack's own cells.

        An exercise both honest and attacked gets the instructor's answer followed by the
        attack's code (which may wrap it, keeping its points).
        """
        cells = {name: solution[name] for name in self.honest}
        for name, source in self.answers.items():
            cells[name] = f"{cells[name]}\n{source}" if name in cells else source
        return cells


def code(source: str) -> str:
    return textwrap.dedent(source).strip("\n") + "\n"


def borrowing(finder: str) -> dict[str, str]:
    """Answers that are whatever `_find(exercise)`, defined by `finder`, digs up while being graded."""
    return {
        "forward_difference": code(finder) + "\n" + code('''
            def _borrowed(exercise):
                def answer(*args, **kwargs):
                    found = _find(exercise)
                    if found is None:
                        raise NotImplementedError(exercise)
                    _found.add(exercise)
                    return found(*args, **kwargs)
                return answer

            _found = set()
            forward_difference = _borrowed("forward_difference")
            '''),
        **{name: f'{name} = _borrowed("{name}")\n' for name in ("central_difference", "step_errors", "best_step")},
        "sigmoid_prime": 'if _found:\n    print("BREACH found references for", sorted(_found))\n',
    }


# -- notebook mutations ---------------------------------------------------------------

def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def _index(nb, grade_id: str) -> int:
    return next(i for i, cell in enumerate(nb.cells) if _grade_id(cell) == grade_id)


def edit_tests(nb) -> None:
    """A different change to each exercise's test cell, all of which nbgrader must undo."""
    for i, cell in enumerate(nb.cells):
        if not _is_test(cell):
            continue
        exercise = _grade_id(cell).removeprefix("test_")
        if exercise in ("poly_derivative", "d_product", "forward_difference"):
            cell.source = 'print("ok")'
        if exercise in ("d_quotient", "d_trig", "central_difference"):
            nb.cells[i] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
        if exercise in ("forward_difference", "sigmoid_prime", "tanh_prime"):
            cell.metadata.nbgrader.update(points=100.0, locked=False)
            cell.metadata.pop("editable", None)
            cell.metadata.pop("deletable", None)
    nb.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    nb.metadata["language_info"] = {"name": "bash"}


def delete_tests(nb) -> None:
    nb.cells = [cell for cell in nb.cells if not _is_test(cell)]


def duplicate_tests(nb) -> None:
    i = _index(nb, "test_poly_derivative")
    copies = [_copy(nb.cells[i]) for _ in range(4)]
    nb.cells[i + 1:i + 1] = copies[:3]
    nb.cells.append(copies[3])


def _copy(cell):
    copied = nbformat.from_dict(copy.deepcopy(cell))
    copied.id = uuid.uuid4().hex[:8]  # as Jupyter gives a pasted cell
    return copied


def tests_before_answers(nb) -> None:
    # poly_derivative's test above its answer cell; central_difference's test above forward_difference's.
    test = nb.cells.pop(_index(nb, "test_poly_derivative"))
    nb.cells.insert(_index(nb, "poly_derivative"), test)
    test = nb.cells.pop(_index(nb, "test_central_difference"))
    nb.cells.insert(_index(nb, "test_forward_difference"), test)


def all_tests_at_end_reversed(nb) -> None:
    tests = [cell for cell in nb.cells if _is_test(cell)]
    nb.cells = [cell for cell in nb.cells if not _is_test(cell)] + tests[::-1]


def grade_false(nb) -> None:
    for cell in nb.cells:
        if _is_test(cell):
            cell.metadata.nbgrader["grade"] = False


def fake_grade_cell(nb) -> None:
    fake = nbformat.v4.new_code_cell('print("bonus exercise: done")', metadata={
        "nbgrader": {"grade": True, "grade_id": "bonus_points", "locked": True, "points": 50.0,
                     "schema_version": 3, "solution": False}})
    nb.cells.insert(_index(nb, "test_poly_derivative") + 1, fake)


# -- attack code shared by several attacks ----------------------------------------------

# Define every answer from the instructor's notebook cells found in `notebook` (a dict).
EXEC_SOLUTIONS = '''
def _take_answers(notebook):
    taken = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            try:
                exec(source, globals())
                taken.append(meta["grade_id"])
            except Exception:
                pass
    return taken
'''

# Derivative exercises are easy once the test cell's own function is known.
DERIVATIVES_FROM_TESTS = '''
def _answers_from_test_code(sources):
    """Run the instructor's test cells with checks that keep what they are given instead of checking."""
    import sympy as sp
    found = {}
    def keep(name, fn, reference, *args, **kwargs):
        if callable(reference):
            found.setdefault(name, reference)
    def keep_derivative(name, fn, f, var, *args, **kwargs):
        found.setdefault(name, sp.lambdify(var, sp.diff(f, var), "numpy"))
    def keep_expression(name, answer, f, var, *args, **kwargs):
        found.setdefault(name, sp.diff(f, var))
    scratch = dict(globals())
    scratch.update(check_function=keep, check_derivative=keep_derivative,
                   check_derivative_expression=keep_expression, trust=lambda **kw: None)
    for source in sources:
        try:
            exec(source, scratch)
        except Exception:
            pass
    globals().update(found)
    return sorted(found)
'''


def read_and_use(paths_expr: str, what: str) -> str:
    return "import json, os\n" + code(EXEC_SOLUTIONS) + code(f'''
        for _path in {paths_expr}:
            try:
                with open(_path) as _file:
                    _taken = _take_answers(json.load(_file))
                print("BREACH read {what}", _path, "and took", _taken)
            except Exception as _error:
                print("could not read", _path, "-", type(_error).__name__)
        ''')


