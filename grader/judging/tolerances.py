"""How close is close enough, and why.

Every reference is computed in float64 from an exact SymPy expression, so a
correct answer differs from it only by rounding.
"""

# A correct closed-form answer agrees with the reference to ~1e-15 relative.
# Finite-difference answers asked for by the course (central differences with
# h ~ 1e-5) carry a truncation + rounding error of ~1e-10 relative. Every
# conceptual mistake (a missing factor, a sign, a wrong rule) is off by O(1)
# relative. 1e-6 sits far from both, so no correct answer is rejected and no
# mistake is accepted.
RTOL = 1e-6
# A float32 input carries ~6e-8 relative rounding, and a function computing in
# float32 keeps it: a few operations leave ~1e-6. 1e-4 accepts that and still
# rejects every conceptual mistake.
FLOAT32_RTOL = 1e-4
FLOAT32_ATOL = 1e-6

# Values that should be 0 (a zero derivative, the kink of ReLU) are compared
# absolutely: rounding leaves ~1e-16 times the size of the terms involved.
ATOL = 1e-9

# Two exact expressions evaluated at the same float64 point differ by rounding
# only, even after some cancellation; 1e-8 leaves room for long expressions.
EXPRESSION_RTOL = 1e-8
EXPRESSION_ATOL = 1e-10

# The exact derivative and the high-precision central difference of the stated
# function must agree to this before anyone's answer is judged (see
# grader.references): both are accurate to ~1e-15, so 1e-9 flags only a real
# disagreement, i.e. a bug in the course.
REFERENCE_CROSS_CHECK_RTOL = 1e-9
REFERENCE_CROSS_CHECK_ATOL = 1e-9

# Sampling needs enough points where both sides are defined to be evidence.
MIN_SAMPLE_POINTS = 8
