"""How variants are made: the documented hash, and each assignment's draw, rules, solutions and public answers.

The instructor's side only. Solutions and the code behind the public checks'
expected values answer exercises, so none of this package is in the wheel students
install (pyproject.toml); a student's notebook reads the variant published for them
(`grader.variants.publishing`), already made.

How numbers are drawn, so that anyone can reproduce them without this code:
the seed is SHA-256 of the UTF-8 text
``calc4ml-variant\\0<course>\\0<assignment>\\0<student>\\0<draw>`` (draw is 0,
then 1, 2, ... after each `variants reset`), and the k-th number of the stream
is the first 8 bytes, big-endian, of SHA-256(seed || k as 4 big-endian bytes).
`Chooser.integer(low, high)` is low + that number modulo (high - low + 1); the
bias of the modulo is below 2**-50 for every range used. No random-number
library is involved, so a NumPy or Python upgrade cannot change a variant, and
the generator's own changes are versioned (`records.GENERATOR_VERSION`): grading always
reads the parameters recorded when the variant was made (`grader.variants.records`),
never a fresh draw.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from grader.variants.variant import Parameters, Variant

# How many draws a family may reject as degenerate before the course is wrong: each
# family's rules reject a small share of draws, so reaching this is a course bug.
MAX_DRAWS = 200

T = TypeVar("T")


def seed_of(course: str, assignment: str, student: str, draw: int = 0) -> bytes:
    return hashlib.sha256("\0".join(("calc4ml-variant", course, assignment, student, str(draw))).encode()).digest()


class Chooser:
    """The numbers of one seed's stream, as the choices a family's `draw` makes."""

    def __init__(self, seed: bytes):
        self._seed = seed
        self._count = 0

    def _next(self) -> int:
        block = hashlib.sha256(self._seed + self._count.to_bytes(4, "big")).digest()
        self._count += 1
        return int.from_bytes(block[:8], "big")

    def integer(self, low: int, high: int) -> int:
        """An integer in low..high, both included."""
        if high < low:
            raise ValueError(f"empty range {low}..{high}")
        return low + self._next() % (high - low + 1)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.integer(0, len(options) - 1)]

    def nonzero(self, low: int, high: int) -> int:
        """An integer in low..high other than 0."""
        return self.choice([v for v in range(low, high + 1) if v != 0])


def _nothing_public(parameters: Parameters) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Family:
    """An assignment's variants: variant 0, how others are drawn, the rules against degenerate ones."""

    assignment: str
    variant_class: type[Variant]
    variant_0: Parameters  # the contract's numbers
    draw: Callable[[Chooser], dict]  # the parameters of a new variant, from the seed's stream
    degenerate: Callable[[Parameters], list[str]]  # why these parameters must not be used ([] when fine)
    rules: tuple[str, ...]  # the rules `degenerate` applies, as the instructor reads them
    # The instructor's answer for each exercise whose answer depends on the numbers, as a
    # template (`Variant.render`); variant 0's rendering is the source notebook's solution.
    solutions: Mapping[str, str] = field(default_factory=dict)
    # The public checks' expected values that take an answer's code to work out (`Variant.public`).
    public: Callable[[Parameters], dict[str, Any]] = _nothing_public

    def variant(self, parameters: Parameters, label: str = "0") -> Variant:
        return self.variant_class(dict(parameters), label, self.public(parameters))

    def derive(self, course: str, student: str, draw: int = 0) -> tuple[dict, str]:
        """(the parameters, the label) of the variant of `student` at `draw`: the first non-degenerate draw."""
        seed = seed_of(course, self.assignment, student, draw)
        chooser = Chooser(seed)
        for _ in range(MAX_DRAWS):
            parameters = self.draw(chooser)
            if not self.degenerate(parameters):
                return parameters, seed.hex()[:8]
        raise RuntimeError(f"course bug: {self.assignment}'s variants are degenerate {MAX_DRAWS} times in a row "
                           f"for {student}; its rules reject too much")


def family_of(assignment: str) -> Family:
    return importlib.import_module(f"grader.variants.making.{assignment}").FAMILY
