"""The similarity report finds copies that were disguised, and leaves independent answers, the stub and short
answers alone; its page shows code as text. The CLI test runs `python -m grader similarity` on a small course."""

import csv
import subprocess
import sys

import pytest
from course_builder import make_course, place_submission, released_notebook, source_notebook

from grader.demo import classroom
from grader.similarity.normalise import tokens
from grader.similarity.report import render_html
from grader.similarity.scoring import MIN_TOKENS, THRESHOLD, LeftOut, compare_exercise, prepare

GD_STUB = """def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    # YOUR CODE HERE
    raise NotImplementedError()
"""

ORIGINAL = '''def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    """Plain gradient descent, keeping every iterate."""
    theta = np.array(theta0, dtype=float)
    history = [theta.copy()]
    scale = float(lr)
    for _ in range(steps):
        g = np.asarray(grad_fn(theta), dtype=float)
        theta = theta - scale * g  # one step downhill
        history.append(theta.copy())
    return theta, history
'''

# Another student's copy: names changed, the two independent opening lines swapped, comments,
# docstring and spacing changed, the stub's `raise` left in place.
DISGUISED_COPY = '''def gradient_descent(gradient, start, lr=0.1, steps=50):
    # my version
    rate = float(lr)
    current = np.array(start, dtype=float)
    path = [current.copy()]

    for k in range(steps):
        direction = np.asarray(gradient(current), dtype=float)
        current = current - rate * direction
        path.append(current.copy())
    return current, path
    raise NotImplementedError()
'''

# Four people's correct answers, each written their own way.
INDEPENDENT = {
    "loop-list": ORIGINAL,
    "preallocated": '''def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    iterates = np.empty((steps + 1, np.size(theta0)))
    iterates[0] = np.ravel(theta0)
    for t in range(1, steps + 1):
        iterates[t] = iterates[t - 1] - lr * np.ravel(grad_fn(iterates[t - 1].copy()))
    return iterates[-1].copy(), list(iterates)
''',
    "while-counter": '''def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    point = np.asarray(theta0, dtype=float).copy()
    visited = []
    count = 0
    while True:
        visited.append(point.copy())
        if count == steps:
            break
        point -= lr * np.asarray(grad_fn(point))
        count += 1
    return point, visited
''',
    "accumulate": '''from itertools import accumulate

def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):
    start = np.array(theta0, dtype=float)
    walk = list(accumulate(range(steps), lambda p, _: p - lr * np.asarray(grad_fn(p), dtype=float),
                           initial=start))
    return walk[-1], walk
''',
}


def _scores(comparison):
    return {frozenset((p.first.student, p.second.student)): p.score for p in comparison.pairs}


def test_a_copy_with_renamed_variables_and_reordered_lines_is_found():
    comparison = compare_exercise("gradient_descent", {**INDEPENDENT, "copier": DISGUISED_COPY}, GD_STUB)
    flagged = [(p.first.student, p.second.student) for p in comparison.flagged()]
    assert flagged == [("copier", "loop-list")], _scores(comparison)


def test_a_changed_order_that_changes_the_meaning_is_not_undone():
    swapped_dependent = ORIGINAL.replace("        g = np.asarray(grad_fn(theta), dtype=float)\n"
                                         "        theta = theta - scale * g  # one step downhill\n",
                                         "        theta = theta - scale * g\n"
                                         "        g = np.asarray(grad_fn(theta), dtype=float)\n")
    independent_swap = ORIGINAL.replace("    history = [theta.copy()]\n    scale = float(lr)\n",
                                        "    scale = float(lr)\n    history = [theta.copy()]\n")
    assert swapped_dependent != ORIGINAL and independent_swap != ORIGINAL
    assert tokens(independent_swap, GD_STUB) == tokens(ORIGINAL, GD_STUB)
    assert tokens(swapped_dependent, GD_STUB) != tokens(ORIGINAL, GD_STUB)


def test_comments_spacing_and_docstrings_do_not_count_but_kept_names_do():
    plain = "def f(a):\n    b = np.sin(a)\n    return b * 2\n"
    dressed = 'def f(q):\n    """Doc."""\n    # a comment\n    r   =   np.sin( q )\n\n    return (r * 2)\n'
    assert tokens(dressed) == tokens(plain)
    assert tokens(plain.replace("np.sin", "np.cos")) != tokens(plain)  # what everyone reads is kept
    # A parameter named like the notebook's `x` is renamed inside its function only.
    lambdified = "_d = sp.lambdify((x, y), x * y)\ndef f(x, y):\n    return _d(x, y)\n"
    assert tokens(lambdified) == tokens(lambdified.replace("f(x, y)", "f(p, q)").replace("_d(x, y)", "_d(p, q)"))
    assert tokens(lambdified) != tokens(lambdified.replace("(x, y), x * y", "(p, q), p * q"))


def test_independent_correct_answers_are_not_flagged():
    comparison = compare_exercise("gradient_descent", INDEPENDENT, GD_STUB)
    assert not comparison.left_out  # every one was long enough to be compared
    assert len(comparison.pairs) == 6
    assert not comparison.flagged(), _scores(comparison)


def test_the_stub_and_short_answers_are_left_out():
    short = "def gradient_descent(grad_fn, theta0, lr=0.1, steps=50):\n    return theta0, [theta0]\n"
    comparison = compare_exercise("gradient_descent", {"blank": GD_STUB, "blank-too": GD_STUB, "short": short,
                                                        "short-too": short, "ada": ORIGINAL}, GD_STUB)
    assert dict(comparison.left_out) == {"blank": LeftOut.BLANK, "blank-too": LeftOut.BLANK,
                                         "short": LeftOut.SHORT, "short-too": LeftOut.SHORT}
    assert not comparison.pairs  # identical blanks and identical short answers are not pairs
    # The stub's lines are not counted as the student's: a stub left above an answer changes nothing.
    assert tokens(GD_STUB + "\n" + ORIGINAL, GD_STUB) == tokens(ORIGINAL, GD_STUB)
    assert len(prepare("ada", "gradient_descent", ORIGINAL, GD_STUB).tokens) >= MIN_TOKENS
    expression_stub = "d_product = None  # replace None with your expression\n# YOUR CODE HERE\nraise NotImplementedError()"
    assert prepare("bo", "d_product", "d_product = 2 * x * sp.exp(x) + x**2 * sp.exp(x)", expression_stub) \
        is LeftOut.SHORT


def test_the_page_shows_code_as_text():
    hostile = ORIGINAL.replace('"""Plain gradient descent, keeping every iterate."""',
                               '"""</pre><script>alert(1)</script>"""\n    assert lr < 1 and steps > 0 & 1')
    comparison = compare_exercise("gradient_descent", {"<b>ada</b>": hostile, "eli": hostile}, GD_STUB)
    page = render_html("ps4", [comparison], THRESHOLD, [])
    assert "<script>" not in page and "<b>ada</b>" not in page
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page and "lr &lt; 1 and steps &gt; 0 &amp; 1" in page
    assert "&lt;b&gt;ada&lt;/b&gt; and eli (score 1.00)" in page


A = "ps2_partials"


@pytest.mark.pipeline
def test_the_command_reports_a_planted_copy_and_nothing_else(tmp_path, gradebooks):
    course = make_course(tmp_path, [A], gradebooks)  # nbgrader generates the release: the stubs compared against
    solution = classroom.instructor_answers(source_notebook(course, A))
    alternative = {"numerical_gradient": '''def numerical_gradient(f, theta, eps=1e-5):
    x0 = np.array(theta, dtype=float)
    out = []
    for index in np.ndindex(x0.shape):
        bump = np.zeros_like(x0)
        bump[index] = eps
        out.append((f(x0 + bump) - f(x0 - bump)) / (2 * eps))
    return np.array(out).reshape(x0.shape)
'''}
    copied = {"numerical_gradient": '''def numerical_gradient(func, t, eps=1e-5):
    # computes the gradient one coordinate at a time
    t = np.asarray(t, dtype=float)
    result = np.zeros(t.shape)

    for j in range(t.size):
        e = np.zeros(t.shape)
        e[j] = eps
        result[j] = (func(t + e) - func(t - e)) / (2*eps)
    return result
'''}
    place_submission(course, A, "ada", solution)
    place_submission(course, A, "bo", {**solution, **alternative})
    place_submission(course, A, "eli", {**alternative, **copied})  # eli copied ada's numerical_gradient
    place_submission(course, A, "blank", {})
    assert not set(copied) - set(classroom.answer_cells(released_notebook(course, A)))

    done = subprocess.run([sys.executable, "-m", "grader", "similarity", A, "--course", str(course.root)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = course.root / "similarity" / A
    assert f"report in {folder}" in done.stdout
    with (folder / "similarity.csv").open() as table:
        rows = list(csv.DictReader(table))
    flagged = {(r["exercise"], r["student_a"], r["student_b"]) for r in rows if r["flagged"] == "yes"}
    # ada and bo share the solution of every exercise but numerical_gradient; those long enough are flagged too.
    assert ("numerical_gradient", "ada", "eli") in flagged
    assert not {f for f in flagged if f[0] == "numerical_gradient"} - {("numerical_gradient", "ada", "eli")}
    assert not [f for f in flagged if "blank" in f]
    assert "numerical_gradient: ada and eli" in (folder / "similarity.html").read_text()
