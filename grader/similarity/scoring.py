"""Which pairs of students' answers to one exercise are alike. Pure: sources in, scored pairs out.

Each answer is reduced to its normalised tokens (`normalise.tokens`); answers with too few
tokens of their own are left out, and every remaining pair is scored by how much of the two
token sequences match in order (difflib's ratio, 2 * matched / (len(a) + len(b))).
"""

from __future__ import annotations

import difflib
import enum
import itertools
from dataclasses import dataclass

from grader.similarity.normalise import tokens

# A pair is reported from this score up. `python benchmarks/similarity_calibration.py` prints
# the scores of independent answers (the instructor's solution and the correct alternatives of
# each exercise, paired with one another) and of disguised copies (names changed, independent
# lines swapped, comments and spacing changed, a line added). Of 101 independent pairs long
# enough to compare, none scored above 0.84 (`gradient_descent`'s solution and an alternative
# that writes the same loop with `theta -= step`: the common idiom), the median 0.47; every one
# of 202 disguised copies scored 0.90 or more. 0.88 sits in that gap, nearer the copies: a copy
# left unflagged costs less than an honest student questioned.
THRESHOLD = 0.88

# An answer of fewer tokens of its own is left out. A one-formula answer is written the same
# way by everyone who gets it right, so two equal short answers say nothing about copying: the
# central difference `return (f(x + h) - f(x - h)) / (2 * h)` is 21 tokens, the longest formula
# of the course's solutions (`d_product = 2 * x * sp.exp(x) + x**2 * sp.exp(x)`) 26.
MIN_TOKENS = 30


class LeftOut(enum.Enum):
    BLANK = "nothing but the release's stub"
    SHORT = f"too short to tell copying from agreement (under {MIN_TOKENS} tokens of its own)"


@dataclass(frozen=True)
class Answer:
    student: str
    exercise: str
    source: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    exercise: str
    first: Answer
    second: Answer
    score: float


@dataclass(frozen=True)
class Comparison:
    """One exercise: every pair of answers compared, and the students whose answers were left out."""

    exercise: str
    pairs: tuple[Pair, ...]
    left_out: tuple[tuple[str, LeftOut], ...]

    def flagged(self, threshold: float = THRESHOLD) -> list[Pair]:
        return sorted((p for p in self.pairs if p.score >= threshold), key=lambda p: -p.score)


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a and not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def prepare(student: str, exercise: str, source: str, stub: str) -> Answer | LeftOut:
    """The answer as compared, or why it is left out."""
    found = tokens(source, stub, keep=frozenset({exercise}))
    if not found:
        return LeftOut.BLANK
    if len(found) < MIN_TOKENS:
        return LeftOut.SHORT
    return Answer(student, exercise, source, found)


def compare_exercise(exercise: str, sources: dict[str, str], stub: str) -> Comparison:
    """Every pair of students' answers to `exercise` (sources by student), the stub left out."""
    answers, left_out = [], []
    for student in sorted(sources):
        prepared = prepare(student, exercise, sources[student], stub)
        if isinstance(prepared, LeftOut):
            left_out.append((student, prepared))
        else:
            answers.append(prepared)
    pairs = tuple(Pair(exercise, a, b, similarity(a.tokens, b.tokens)) for a, b in itertools.combinations(answers, 2))
    return Comparison(exercise, pairs, tuple(left_out))


def compare(answers: dict[str, dict[str, str]], stubs: dict[str, str]) -> list[Comparison]:
    """Per exercise (answers[exercise][student] = source), in the order of `stubs`."""
    return [compare_exercise(exercise, answers.get(exercise, {}), stub) for exercise, stub in stubs.items()]
