"""Answers copied and disguised, as a student who copies would: for the demo's planted copy and for the
similarity report's calibration (benchmarks/similarity_calibration.py)."""

from __future__ import annotations

import ast

from grader.similarity.normalise import _reads, _writes, tokens

# In the demo, eli copies one of ada's answers.
COPIER, AUTHOR = "eli", "ada"
# With variants on, gus joins the class: he submits the model solution, but worked with
# ada's numbers (ada's notebook on gus's screen): a classmate's variant earns nothing.
NUMBERS_COPIER = "gus"


class _Rename(ast.NodeTransformer):
    def __init__(self, names: dict[str, str]):
        self.names = names

    def visit_Name(self, node):
        node.id = self.names.get(node.id, node.id)
        return node

    def visit_arg(self, node):
        node.arg = self.names.get(node.arg, node.arg)
        return node

    def visit_FunctionDef(self, node):
        node.name = self.names.get(node.name, node.name)
        self.generic_visit(node)
        return node


def _rename_locals(tree: ast.Module, parameters: bool) -> None:
    """Rename what each function (or method) of the cell binds, within that function only, so a module-level
    name the cell reads elsewhere keeps its meaning."""
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    functions += [m for c in tree.body if isinstance(c, ast.ClassDef) for m in c.body if isinstance(m, ast.FunctionDef)]
    for function in functions:
        bound = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        if parameters:
            bound |= {a.arg for a in ast.walk(function) if isinstance(a, ast.arg) and a.arg != "self"}
        renamer = _Rename({name: f"my_{name}" for name in bound})
        function.body = [renamer.visit(statement) for statement in function.body]
        if parameters:
            renamer.visit(function.args)


def _swap_first_independent(body: list[ast.stmt]) -> bool:
    for i in range(len(body) - 1):
        a, b = body[i], body[i + 1]
        if not (_writes(a) & (_reads(b) | _writes(b)) or _writes(b) & _reads(a)) \
                and not isinstance(a, (ast.Return, ast.Expr)) and not isinstance(b, (ast.Return, ast.Expr)):
            body[i], body[i + 1] = b, a
            return True
    return any(_swap_first_independent(block) for node in body
               if isinstance(block := getattr(node, "body", None), list))


def disguised(source: str, *, parameters: bool = True, reorder: bool = True, add_line: bool = False) -> str:
    """`source` with its local names (and parameters) changed, two independent lines swapped, one line
    added if asked, comments and spacing rewritten. Behaves as `source` does, parameters' names aside."""
    tree = ast.parse(source)
    _rename_locals(tree, parameters)
    if reorder:
        _swap_first_independent(tree.body)
    if add_line:
        target = next((n for n in tree.body if isinstance(n, ast.FunctionDef)), tree)
        target.body.insert(0, ast.parse("checked = False").body[0])
    text = ast.unparse(ast.fix_missing_locations(tree))
    return "# my own work\n" + text.replace("\n", "\n\n", 1) + "\n"


def exercise_to_copy(answers: dict[str, str]) -> str | None:
    """The author's longest function answer: the one a copy of is surely compared (not left out as short)."""
    functions = [(len(tokens(code)), exercise) for exercise, code in sorted(answers.items())
                 if "def " in code and _parses(code)]
    return max(functions)[1] if functions else None


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True
