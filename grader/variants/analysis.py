"""Item analysis per variant: is one student's numbers harder than another's?

Every student has a variant of their own, so a variant's mean is one student's
score: what can be compared is the students who share a number. For each exercise
and each parameter value held by enough students, the mean score of those students
is compared with the mean of the others, and flagged when the gap is both large and
unlikely to be chance. Pure: rows in, flagged groups out.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass

# Fewer students on either side and one student's bad day decides the mean.
MIN_GROUP = 3
# A gap below a quarter of the exercise's points is not worth an instructor's look,
# however significant: it changes nobody's grade much.
MIN_GAP_SHARE = 0.25
# The gap must also exceed about two standard errors of a difference of means
# (Welch), the usual 95% line, so that a handful of students cannot raise it by chance.
STANDARD_ERRORS = 2.0


@dataclass(frozen=True)
class StudentRow:
    student: str
    label: str
    parameters: dict
    scores: dict  # exercise (grade cell) -> score, None while awaiting manual grading


@dataclass(frozen=True)
class GroupGap:
    exercise: str
    parameter: str
    value: str  # the parameter's value, as JSON
    students: int
    mean: float  # the group's mean score on the exercise
    others: float  # the other students' mean
    max_points: float
    flagged: bool


def _mean_and_variance(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    return mean, sum((v - mean) ** 2 for v in values) / max(len(values) - 1, 1)


def gaps(rows: list[StudentRow], max_points: dict[str, float]) -> list[GroupGap]:
    """Each (exercise, parameter value) group of at least MIN_GROUP students, beside the rest of the class."""
    found = []
    for exercise, points in sorted(max_points.items()):
        graded = [(r, r.scores[exercise]) for r in rows if r.scores.get(exercise) is not None]
        groups: dict[tuple[str, str], list[float]] = defaultdict(list)
        for row, score in graded:
            for name, value in row.parameters.items():
                groups[(name, json.dumps(value))].append(score)
        for (name, value), scores in sorted(groups.items()):
            others = [s for r, s in graded if json.dumps(r.parameters.get(name)) != value]
            if len(scores) < MIN_GROUP or len(others) < MIN_GROUP:
                continue
            mean, variance = _mean_and_variance(scores)
            rest, rest_variance = _mean_and_variance(others)
            error = math.sqrt(variance / len(scores) + rest_variance / len(others))
            gap = abs(mean - rest)
            flagged = gap >= MIN_GAP_SHARE * points and gap >= STANDARD_ERRORS * error
            found.append(GroupGap(exercise, name, value, len(scores), mean, rest, points, flagged))
    return found
