"""The course's extensions of nbgrader, chosen in nbgrader_config.py."""


def is_test_cell(cell) -> bool:
    """An autograder test cell: it carries points and the student does not write it."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def grade_id(cell) -> str | None:
    meta = cell.metadata.get("nbgrader", {})
    return meta.get("grade_id") if isinstance(meta, dict) else None
