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

# A second difference (f(x+h) - 2f(x) + f(x-h)) / h² with the course's h = 1e-4 loses
# about 4 eps |f| / h² ~ 5e-8 |f| to rounding, and its truncation error is
# h² |f''''| / 12 ~ 1e-9 |f''''|. Where |f| and |f''''| stay below ~100 (as at the
# course's probe points) both are below 1e-5, so that is how close it must come to
# the exact f''. A one-sided second difference is off by ~h |f'''| and the other
# look-alikes (no square, an extra factor) by O(1); one with step 2h is parted from
# the formula by the checks with large steps instead.
SECOND_DIFFERENCE_RTOL = 1e-5
SECOND_DIFFERENCE_ATOL = 1e-5

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

# A diverging run (an unstable learning rate) ends in inf. Near float64's largest number a
# correct computation may overflow on the way although its exact value is finite (a mean
# squared error sums N squares before dividing by N: up to N = 10,000 that overflows from
# 1.8e304 on), and one whose exact value has just passed the largest number may stay finite.
# Beyond this magnitude inf and a finite number of the same sign are therefore alike.
OVERFLOW_EDGE = 1.7976931348623157e308 / 1e4
