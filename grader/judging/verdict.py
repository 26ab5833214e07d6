"""What a check concludes about one answer: a status and the message the student reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# How a failed check announces itself: the first line of its output, which item
# analysis and partial credit read back from autograded notebooks.
FAILURE_LINE = re.compile(r"^✗ (?P<name>\w+): (?P<status>\w+(?: \w+)?)(?: \[(?P<tag>[\w.-]+)\])?")


class Status(str, Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    # Not an answer of the kind asked for: wrong type or shape, not a SymPy
    # expression, raised an exception, returned NaN.
    INVALID = "invalid"
    # The checks could not tell; the message says why. Never full credit.
    UNDECIDED = "undecided"
    # The answer uses what the exercise forbids (e.g. sp.diff where it asks for a derivative by hand).
    NOT_ALLOWED = "not allowed"


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str = ""
    tag: str | None = None  # the catalogued mistake recognised in the answer, if any

    @property
    def passed(self) -> bool:
        return self.status is Status.CORRECT


def correct(message: str = "") -> Verdict:
    return Verdict(Status.CORRECT, message)


def incorrect(message: str) -> Verdict:
    return Verdict(Status.INCORRECT, message)


def invalid(message: str) -> Verdict:
    return Verdict(Status.INVALID, message)


def undecided(message: str) -> Verdict:
    return Verdict(Status.UNDECIDED, message)


def not_allowed(message: str, tag: str) -> Verdict:
    return Verdict(Status.NOT_ALLOWED, message, tag)


def failure_line(name: str, verdict: Verdict) -> str:
    tag = f" [{verdict.tag}]" if verdict.tag else ""
    return f"✗ {name}: {verdict.status.value}{tag}"
