"""Cell metadata nbgrader would choke on: graded cells it does not know, without a grade id, changed points or schema.

Each must be repaired and graded as the assignment has it; none may fail the
submission (nbgrader: `KeyError: 'grade_id'`), let alone the class (a schema
version nbgrader does not know ends the whole run), and none may earn a point.
"""

from __future__ import annotations

import nbformat

from attacks.support import Attack


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _bonus_test(nb) -> None:
    nb.cells.append(nbformat.v4.new_code_cell("print('bonus exercise: done')", metadata={"nbgrader": {
        "grade": True, "locked": True, "points": 100, "grade_id": "test_bonus"}}))


def _nameless(nb) -> None:
    for meta in ({"grade": True, "locked": True, "points": 100}, {"grade": True, "solution": False, "grade_id": ""}):
        nb.cells.append(nbformat.v4.new_code_cell("print('ok')", metadata={"nbgrader": meta}))


def _schema_and_points(nb) -> None:
    _cell(nb, "test_poly_derivative").metadata.nbgrader.update(schema_version=99, points="lots")
    _cell(nb, "test_d_product").metadata.nbgrader.update(points=100.0, locked=False)


def _markdown_test(nb) -> None:
    test = _cell(nb, "test_sigmoid_prime")
    index = nb.cells.index(test)
    nb.cells[index] = nbformat.v4.new_markdown_cell("✓ all tests passed", metadata=test.metadata)
    nb.cells.append(nbformat.v4.new_markdown_cell("extra credit", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "points": 10, "grade_id": "test_extra"}}))


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("foreign_bonus_test", "a graded code cell test_bonus worth 100 points that only prints",
               {}, honest=frozenset({"poly_derivative"}), mutate=_bonus_test),
        Attack("foreign_nameless_cells", "graded cells without a grade id, and with an empty one", {},
               honest=frozenset({"poly_derivative"}), mutate=_nameless),
        Attack("foreign_schema_and_points", "a test marked schema version 99 with points 'lots'; another made "
               "worth 100 points and unlocked", {}, honest=frozenset({"poly_derivative", "d_product"}),
               mutate=_schema_and_points),
        Attack("foreign_markdown_tests", "a test cell turned into markdown saying it passed; a markdown cell "
               "claiming to be a test worth 10 points", {}, honest=frozenset({"poly_derivative"}),
               mutate=_markdown_test),
    ]
