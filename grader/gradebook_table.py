"""The gradebook as plain-text tables for a terminal."""

from __future__ import annotations


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _points(value) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


def render_score_table(scores: dict[str, dict[str, tuple[float, float]]], assignments: list[str]) -> str:
    """One row per student, one column per assignment, and the total."""
    header = ["student", *assignments, "total"]
    rows = []
    for student in sorted(scores):
        cells, got, best = [], 0.0, 0.0
        for assignment in assignments:
            score, maximum = scores[student].get(assignment, (0.0, 0.0))
            cells.append(f"{score:g}/{maximum:g}" if maximum else "-")
            got, best = got + score, best + maximum
        rows.append([student, *cells, f"{got:g}/{best:g}"])
    return "Gradebook (automatic points; written answers await manual grading)\n" + _table(header, rows)


def render_question_table(assignment: str, scores: dict[str, dict[str, float | None]]) -> str:
    """One row per student, one column per graded cell ("?" = awaits manual grading)."""
    cells = list(next(iter(scores.values()), {}))
    header = ["student", *[c.removeprefix("test_") for c in cells]]
    rows = [[student, *[_points(scores[student].get(c)) for c in cells]] for student in sorted(scores)]
    return f"{assignment}, points per question\n" + _table(header, rows)
