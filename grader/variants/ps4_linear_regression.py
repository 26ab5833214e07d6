"""ps4_linear_regression's variants: the data set of section 1, its seed and its true line.

Every student fits a line to `N` noisy points `y = w_true x + b_true + noise`;
a variant changes the seed of the points and the line. The noise (standard
deviation 0.1) stays, so the loss floor the written answer explains is about
0.01 in every variant. The many-features data of section 9 (`X3`, `y3`) stay
fixed: they are the same for everyone, like the worked examples.

No answer of this assignment depends on the numbers (each exercise is a function of
the data it is given), so there are no solution templates; what varies is the data
the hidden and public tests fit, and the rules keep that data a good teacher.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader.variants.variant import Variant

N = 100  # points in section 1's data (the contract's)
NOISE = 0.1  # the noise's standard deviation (the contract's): the loss floor is about NOISE**2

@dataclass(frozen=True)
class LinearData(Variant):
    """Section 1's data of one student: `data()` makes them as the locked data cell does."""

    @property
    def seed(self) -> int:
        return int(self.parameters["seed"])

    @property
    def w_true(self) -> int:
        return int(self.parameters["w_true"])

    @property
    def b_true(self) -> int:
        return int(self.parameters["b_true"])

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, y) as the locked data cell makes them, without touching NumPy's global generator."""
        generator = np.random.RandomState(self.seed)  # the same stream as np.random.seed(seed)
        X = generator.randn(N)
        return X, self.w_true * X + self.b_true + NOISE * generator.randn(N)

    # What the public checks expect on these data: worked out by the instructor's side
    # (grader.variants.making), since working them out is the exercises' own code.
    @property
    def public_loss(self) -> float:
        """mse_loss at the true line."""
        return float(self.public["mse_loss"])

    @property
    def public_gradient(self) -> tuple[float, float]:
        """mse_gradient at w = b = 0."""
        return tuple(self.public["mse_gradient"])

    @property
    def public_least_squares(self) -> tuple[float, float]:
        """closed_form_fit's (w, b)."""
        return tuple(self.public["closed_form_fit"])

    def statement(self, part: str) -> str:
        if part != "data":
            raise KeyError(f"ps4_linear_regression has no part {part!r} with numbers")
        return (f"Your data: $N = {N}$ points made after `np.random.seed({self.seed})`, standard normal $x_i$ and"
                f"\n\n$$y = {_line(self.w_true, self.b_true)} + \\text{{noise}}$$\n\n"
                f"(noise of standard deviation ${NOISE}$). The slope to recover is $w = {self.w_true}$, "
                f"the intercept $b = {self.b_true}$.")

    def substitutions(self) -> dict[str, str]:
        return {"seed": repr(self.seed), "w_true": repr(self.w_true), "b_true": repr(self.b_true)}


def _line(w: int, b: int) -> str:
    """w x + b in LaTeX as one writes it: "2x + 1", "-x - 3"."""
    slope = {1: "", -1: "-"}.get(w, str(w))
    return f"{slope}x {'+' if b >= 0 else '-'} {abs(b)}"


VARIANT_0 = {"seed": 42, "w_true": 2, "b_true": 1}

# Variant 0's public expected values, as the contract's notebook had them (the instructor's side works
# out every other variant's; a test keeps the two equal).
PUBLIC_0 = {"mse_loss": 0.009008871466936099, "mse_gradient": [-3.0776743597672738, -1.5890748478336094],
            "closed_form_fit": [1.9856742839728556, 1.0007427829863966]}

VARIANT_CLASS = LinearData
