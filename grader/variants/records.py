"""The variants made, recorded in the course's database beside nbgrader's gradebook.

One row per (assignment, student): the parameters (JSON), the draw they came from
(0, then one more per `variants reset`), the generator version that made them and
when. Grading reads the row; a row, once written, changes only by an instructor's
reset, so a new generator never moves a student's numbers under them. The table
lives in the gradebook's database (SQLite or PostgreSQL, `CourseDirectory.db_url`)
so that it is backed up, shared and moved with the grades it explains; nbgrader
ignores tables it does not know. Only the coordinating process writes it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, select

from grader.variants import variant_0
from grader.variants.variant import Variant

# The version of grader.variants.making's generator: raised whenever what a (course, student,
# assignment, draw) gives could change. Kept here, where every variant is stamped with it, since
# this module is also imported where the instructor's side is not installed (a grading worker);
# a recorded variant keeps the version it was made with.
GENERATOR_VERSION = 1

_metadata = MetaData()
_table = Table(
    "calc4ml_variants", _metadata,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("draw", Integer, nullable=False),
    Column("generator", Integer, nullable=False),
    Column("label", String(16), nullable=False),
    Column("parameters", Text, nullable=False),
    Column("made", DateTime, nullable=False),
)


@dataclass(frozen=True)
class RecordedVariant:
    assignment: str
    student: str
    parameters: Mapping[str, Any]
    label: str
    draw: int = 0
    generator: int = GENERATOR_VERSION

    def variant(self) -> Variant:
        """The variant, its public checks' expected values worked out (the instructor's side)."""
        from grader.variants.making import family_of

        return family_of(self.assignment).variant(self.parameters, self.label)


def made_now(course: str, assignment: str, student: str, draw: int = 0) -> RecordedVariant:
    """The variant the current generator makes; what `record` writes for a student without one."""
    from grader.variants.making import family_of

    parameters, label = family_of(assignment).derive(course, student, draw)
    return RecordedVariant(assignment, student, parameters, label, draw)


def given_variant_0(assignment: str, student: str) -> RecordedVariant:
    """What a student first graded without a published variant is recorded with: variant 0, what they saw."""
    return RecordedVariant(assignment, student, dict(variant_0(assignment).parameters), "0")


def _engine(db_url: str):
    engine = create_engine(db_url)
    _metadata.create_all(engine)
    return engine


def _from_row(row) -> RecordedVariant:
    return RecordedVariant(row.assignment, row.student, json.loads(row.parameters), row.label, row.draw, row.generator)


def recorded(db_url: str, assignment: str) -> dict[str, RecordedVariant]:
    """Every variant recorded for `assignment`, by student."""
    engine = _engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(_table).where(_table.c.assignment == assignment))
            return {row.student: _from_row(row) for row in rows}
    finally:
        engine.dispose()


def record(db_url: str, course: str, assignment: str, students: Iterable[str]) -> dict[str, RecordedVariant]:
    """The recorded variant of each student, made (and written) for those who have none yet."""
    return _recorded_or(db_url, assignment, students, lambda student: made_now(course, assignment, student))


def for_grading(db_url: str, assignment: str, students: Iterable[str]) -> dict[str, RecordedVariant]:
    """The recorded variant of each student to grade; variant 0 recorded for one who has none.

    A student has no record when no variant was published for them before they worked
    (they joined the roster after the release and nobody ran `variants publish`): their
    notebook showed variant 0, and that is what they are graded on.
    """
    return _recorded_or(db_url, assignment, students, lambda student: given_variant_0(assignment, student))


def _recorded_or(db_url: str, assignment: str, students: Iterable[str], make) -> dict[str, RecordedVariant]:
    students = list(dict.fromkeys(students))
    existing = recorded(db_url, assignment)
    missing = [make(s) for s in students if s not in existing]
    if missing:
        _write(db_url, missing, replace=False)
    existing.update((made.student, made) for made in missing)
    return {s: existing[s] for s in students}


def redraw(db_url: str, course: str, assignment: str, student: str) -> RecordedVariant:
    """A new variant for one student (the next draw), replacing the recorded one."""
    old = recorded(db_url, assignment).get(student)
    new = made_now(course, assignment, student, old.draw + 1 if old else 0)
    _write(db_url, [new], replace=True)
    return new


def _write(db_url: str, variants: list[RecordedVariant], replace: bool) -> None:
    engine = _engine(db_url)
    made = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    try:
        with engine.begin() as connection:
            for v in variants:
                if replace:
                    connection.execute(_table.delete().where(
                        (_table.c.assignment == v.assignment) & (_table.c.student == v.student)))
                connection.execute(_table.insert().values(
                    assignment=v.assignment, student=v.student, draw=v.draw, generator=v.generator, label=v.label,
                    parameters=json.dumps(dict(v.parameters), sort_keys=True), made=made))
    finally:
        engine.dispose()
