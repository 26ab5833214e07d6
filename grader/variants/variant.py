"""What a variant is: one student's numbers for one assignment, as the notebook and its tests use them.

This module and each assignment's (`grader/variants/<id>.py`) run in the student's
kernel: they hold the *givens* of the exercises (the functions, the data, how the
notebook states them) and nothing that answers an exercise. How variants are drawn,
the rules against degenerate ones, the solutions and the public checks' expected
values are the instructor's (`grader.variants.making`, left out of the wheel students
install).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from string import Template
from typing import Any

Parameters = Mapping[str, Any]  # JSON values: ints, strings (exact rationals as "p/q"), lists of those


def fraction(text: str | int) -> Fraction:
    """A recorded exact number ("3/4", "-2", 5) as a Fraction."""
    return Fraction(text)


@dataclass(frozen=True)
class Variant:
    """One student's numbers for one assignment, as the notebook, its tests and the catalogue use them.

    A family subclasses it with the attributes its notebook names (`variant.poly`,
    `variant.seed`, ...), computed from `parameters` alone.
    """

    parameters: Parameters
    label: str = "0"  # how the notebook names this variant: "0", or the first hex digits of its seed
    # What the public checks expect of this variant's exercises whose expected values need the
    # answer's own code to compute (ps5's step counts, ...): worked out on the instructor's side
    # (grader.variants.making) and published with the parameters, never computed in the kernel.
    public: Mapping[str, Any] = field(default_factory=dict)

    def statement(self, part: str) -> str:
        """Markdown stating this variant's numbers for one part of the notebook (a family's own text)."""
        raise NotImplementedError

    def substitutions(self) -> dict[str, str]:
        """The `$name` placeholders of the family's templates (catalogue mistakes, solutions), as code text."""
        return {}

    def render(self, template: str) -> str:
        """A template of Python code (`$name` placeholders) written out with this variant's numbers."""
        return Template(template).substitute(self.substitutions()) if "$" in template else template

    def show(self, part: str) -> None:
        """Display the statement of `part` in the notebook (a locked cell calls it; nothing outside a kernel)."""
        from IPython import get_ipython
        from IPython.display import Markdown, display

        if get_ipython() is None:  # the grader planning, a variant check: nobody reads it there
            return

        heading = "" if self.label == "0" else f"*Your variant ({self.label}):*\n\n"  # a statement may open with a list
        display(Markdown(heading + self.statement(part)))
