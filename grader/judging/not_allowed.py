"""What an answer may not use, found in its source: the rule `BY_HAND`, and the backward slice that finds uses.

Some exercises ask for a derivative worked out by hand. SymPy or finite
differences would give the same value, so no probe can tell; the source can.
STACK's forbidden words, PrairieLearn's `not_allowed` and WeBWorK's contexts do
the same for their authors, and, like them, the verdict is *not allowed*, not
*incorrect*: the rule is named, with the line that broke it.

Which lines are the answer's: the student's top-level statements that define
the answer's name, then, going back, those that define the names these use
(a backward slice over the notebook's top-level names, in execution order). So
`d_product = sp.diff(f, x)` and `g = sp.diff(f, x)` ... `d_product = g` are
found, while `sp.diff` used afterwards to check an answer written by hand is
not, and neither is an old attempt the answer no longer comes from.

Pure: statements in, uses out. The kernel reports what a function answer calls
while it runs (`grader.in_kernel.gathering`), which catches what a source can
hide; the two are joined in the evidence (`Evidence.used`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from grader.evidence import Forbidden, Use
from grader.judging.verdict import Verdict, not_allowed

# SymPy's calculus, by the names a student reaches it by (functions, classes, methods),
# NumPy's and SciPy's numerical differentiation, and the course's own references and code.
_SYMPY_CALCULUS = {"diff", "Derivative", "integrate", "Integral", "series", "nseries", "lseries", "limit", "Limit",
                   "idiff", "fps", "differentiate_finite", "jacobian", "hessian", "derive_by_array", "fdiff",
                   "taylor_term", "euler_equations"}
_NUMERICAL = {"gradient", "derivative", "approx_fprime", "check_grad"}
_COURSE_REFERENCES = {"derivative_of", "partial_of", "gradient_of", "hessian_of", "taylor_polynomial_of"}
# The course's own finite-difference exercises: calling them is numerical differentiation too.
_FINITE_DIFFERENCE_EXERCISES = {"forward_difference", "central_difference", "second_difference", "step_errors",
                                "numerical_gradient", "hessian_fd", "gradient_check"}
_AUTODIFF = {"jax", "torch", "autograd", "tensorflow", "numdifftools", "findiff", "casadi"}
# The course's code in the student's kernel that writes worked answers out: the catalogue's
# mistakes and a variant's code text for them (a correct answer written as a string is one).
_COURSE_ANSWER_TEXT = {"substitutions", "render", "source_for", "mistakes_for", "MISTAKES"}

BY_HAND = Forbidden(
    tag="by-hand",
    rule=("this exercise is worked out by hand: SymPy's calculus (diff, Derivative, integrate, series, limit, "
          "jacobian, ...), numerical differentiation and automatic differentiation are not allowed in its answer"),
    names=frozenset(_SYMPY_CALCULUS | _NUMERICAL | _COURSE_REFERENCES | _COURSE_ANSWER_TEXT),
    exercises=frozenset(_FINITE_DIFFERENCE_EXERCISES),
    modules=frozenset(_AUTODIFF),
)

# Calls that can reach any of the above by a name the source does not show.
_HIDING = {"eval", "exec", "compile"}


@dataclass(frozen=True)
class Statement:
    """One top-level statement of the student's code, with where it is (for messages)."""

    node: ast.stmt
    cell: str  # e.g. "cell 12"


def statements(cells: list[tuple[str, str]]) -> list[Statement]:
    """The top-level statements of code cells `(label, source)`, in order; a cell that does not parse has none.

    IPython's magics and shell escapes (`%time`, `!ls`) do not parse: such a line is
    read as a blank one, which keeps the line numbers.
    """
    found = []
    for label, source in cells:
        lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
        try:
            tree = ast.parse("\n".join(lines))
        except (SyntaxError, ValueError):
            continue
        found += [Statement(node, label) for node in tree.body]
    return found


def _binds(node: ast.stmt) -> tuple[set[str], bool]:
    """The top-level names a statement binds, and whether it surely does (not only on some paths)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}, True
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}, True
    names = set()
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child is not node:
            names.add(child.name)
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
    sure = isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
    return names, sure


def _loads(node: ast.stmt) -> set[str]:
    """The top-level names a statement reads: what it loads, less what its own functions, lambdas and
    comprehensions bind for themselves (a function's `x` is its parameter, not the notebook's `x`)."""
    loaded, local = set(), set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            loaded.add(child.id)
        elif isinstance(child, ast.arg):
            local.add(child.arg)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            body = child.body if isinstance(child.body, list) else [child.body]
            local |= {n.id for part in body for n in ast.walk(part) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, ast.Store)}
        elif isinstance(child, ast.comprehension):
            local |= {n.id for n in ast.walk(child.target) if isinstance(n, ast.Name)}
    return loaded - local


def answer_slice(program: list[Statement], name: str) -> list[Statement]:
    """The statements `name`'s value comes from, in program order (a backward slice over top-level names)."""
    wanted, sliced = {name}, []
    for statement in reversed(program):
        binds, sure = _binds(statement.node)
        if not binds & wanted:
            continue
        sliced.append(statement)
        if sure:
            wanted -= binds
        wanted |= _loads(statement.node)
    return sliced[::-1]


def _constant_text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _uses_in(statement: Statement, rule: Forbidden, own: set[str]) -> list[Use]:
    """Forbidden things one statement reaches; `own` are names the student's statements define themselves."""
    uses = []

    def found(what: str, node: ast.AST) -> None:
        uses.append(Use(what, f"{statement.cell}, line {getattr(node, 'lineno', statement.node.lineno)}"))

    for node in ast.walk(statement.node):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in rule.modules:
                    found(f"import {alias.name}", node)
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")[0]
            for alias in node.names:
                if module in rule.modules or alias.name in rule.names | rule.exercises:
                    found(f"from {node.module} import {alias.name}", node)
        elif isinstance(node, ast.Attribute) and node.attr in rule.names:
            found(f".{node.attr}", node)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id in rule.modules or node.id in rule.exercises or (node.id in rule.names and node.id not in own):
                found(node.id, node)
        if isinstance(node, ast.Call):
            _hidden_call(node, rule, found)
    return uses


def _hidden_call(node: ast.Call, rule: Forbidden, found) -> None:
    """`getattr(m, "diff")`, `__import__("jax")`, `import_module("torch")`, `eval(...)`: names a source hides."""
    callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    argument = _constant_text(node.args[1]) if callee == "getattr" and len(node.args) > 1 else (
        _constant_text(node.args[0]) if node.args else None)
    if callee == "getattr" and len(node.args) > 1:
        if argument is None:
            found("getattr with a computed name", node)
        elif argument in rule.names | rule.exercises:
            found(f"getattr(..., {argument!r})", node)
    elif callee in ("__import__", "import_module") and node.args:
        if argument is None or argument.split(".")[0] in rule.modules:
            found(f"{callee}({argument!r})" if argument else f"{callee} with a computed name", node)
    elif callee in _HIDING:
        found(f"{callee}(...)", node)


def forbidden_uses(program: list[Statement], name: str, rule: Forbidden) -> tuple[Use, ...]:
    """What the statements `name` comes from use against `rule`, in program order."""
    sliced = answer_slice(program, name)
    own = set()
    for statement in sliced:
        if isinstance(statement.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign)):
            own |= _binds(statement.node)[0]
    return tuple(use for statement in sliced for use in _uses_in(statement, rule, own))


def verdict(name: str, rule: Forbidden, uses: tuple[Use, ...]) -> Verdict:
    """The *not allowed* verdict: the rule, and the first few uses with where they are."""
    shown = "; ".join(f"{use.what} ({use.where})" for use in uses[:3])
    more = f", and {len(uses) - 3} more" if len(uses) > 3 else ""
    return not_allowed(f"`{name}` is not allowed: {rule.rule}. Your answer uses {shown}{more}. "
                       "This exercise scores 0 until the answer is written without them.", rule.tag)
