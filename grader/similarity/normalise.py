"""An answer cell as the tokens that copying does not change. Pure: source in, tokens out.

What someone who copies usually changes, and what is undone here:
- comments, blank lines, spacing, docstrings, parentheses: gone once the code is parsed;
- names of local variables, parameters and helper functions: all become `_` (the exercise's
  own name, methods, attributes and names the cell only reads, such as `np`, `sp` or the
  notebook's `x`, are kept: they are the same for everyone). One placeholder rather than
  `v0`, `v1`, ... in order of use, because one added variable would shift every later number
  and make a copy look unlike its original;
- the order of independent statements: each block is put in a canonical order that keeps
  every dependency (a statement that reads or changes a name another one writes stays after
  it; returns, raises, loops' exits and calls made for their effect keep their places).

What everyone is given is left out: statements of the release's stub (`d_product = None`,
`raise NotImplementedError()`) and the signature of the stub's function, so that a blank
answer has no tokens and two answers are compared by what their authors wrote.
"""

from __future__ import annotations

import ast
import functools
import heapq
import io
import re
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass

BARRIERS = (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Global, ast.Nonlocal)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SKIPPED_NODES = (ast.expr_context,)  # Load/Store say nothing a copy would change


def tokens(source: str, stub: str = "", keep: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The normalised tokens of `source`, without what `stub` already holds; `keep` are names never renamed.

    Code that does not parse is compared as its lexical tokens (comments and spacing dropped).
    """
    tree = _parse(source)
    if tree is None:
        return _lexical_tokens(source)
    stub_tree = _parse(stub) or ast.Module(body=[], type_ignores=[])
    functions = _stub_functions(stub_tree)
    body = _without_stub(tree.body, _stub_statements(stub_tree))
    fixed = keep | functions
    module = _Scope(frozenset(_bound_names(body, top_level=True) - fixed), fixed)
    body = _canonical_block(body, module)
    found: list[str] = []
    for node in body:
        if isinstance(node, _FUNCTIONS) and node.name in functions:
            # The stub's function is everyone's: its name and signature are given, only its body is the student's.
            found += _emit(node.body, module.entering(node))
        else:
            found += _emit([node], module)
    return tuple(found)


def _parse(source: str) -> ast.Module | None:
    # IPython's magics and shell escapes do not parse; read as blank lines.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def _lexical_tokens(source: str) -> tuple[str, ...]:
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
               tokenize.ENDMARKER}
    try:
        return tuple(t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skipped)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return tuple(re.findall(r"\w+|[^\w\s]", re.sub(r"#[^\n]*", "", source)))


# --- what the stub gives everyone -------------------------------------------------------------

def _stub_statements(stub: ast.Module) -> set[str]:
    """Every statement of the stub, at any depth, as a dump (the stub's functions excepted)."""
    return {ast.dump(node) for node in ast.walk(stub) if isinstance(node, ast.stmt) and not isinstance(node, _FUNCTIONS)}


def _stub_functions(stub: ast.Module) -> set[str]:
    return {node.name for node in stub.body if isinstance(node, _FUNCTIONS)}



def _map_blocks(node: ast.AST, change: Callable[[list], list]) -> None:
    """Replaces each statement block `node` holds (body, else, finally, its handlers' bodies) by `change(block)`."""
    for field in ("body", "orelse", "finalbody"):
        if isinstance(getattr(node, field, None), list):
            setattr(node, field, change(getattr(node, field)))
    if isinstance(node, ast.Try):
        for handler in node.handlers:
            handler.body = change(handler.body)

def _without_stub(body: list[ast.stmt], stub: set[str]) -> list[ast.stmt]:
    kept = []
    for node in body:
        if _is_docstring(node) or isinstance(node, ast.Pass) or ast.dump(node) in stub:
            continue
        _map_blocks(node, lambda block: _without_stub(block, stub))
        kept.append(node)
    return kept


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


# --- names ------------------------------------------------------------------------------------

def _bound_names(node_or_body, top_level: bool = False) -> set[str]:
    """Names bound by the answer's own code: variables, parameters, helper functions (not methods).

    With `top_level`, those of the module's scope only (a function's insides are its own scope);
    otherwise those of a function, its parameters and everything nested in it.
    """
    roots = list(node_or_body) if isinstance(node_or_body, list) else [node_or_body]
    methods = {id(m) for root in roots for c in ast.walk(root) if isinstance(c, ast.ClassDef)
               for m in c.body if isinstance(m, _FUNCTIONS)}
    bound: set[str] = set()
    stack = roots
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.arg) and node.arg != "self":
            bound.add(node.arg)
        elif isinstance(node, _FUNCTIONS) and id(node) not in methods:  # methods are named by the contract
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        if top_level and isinstance(node, (*_FUNCTIONS, ast.Lambda)):
            stack += node.decorator_list if hasattr(node, "decorator_list") else []
            continue
        stack += list(ast.iter_child_nodes(node))
    return bound


@dataclass(frozen=True)
class _Scope:
    """Which names become `_` where: those bound in this scope or an enclosing one of the answer, never `fixed`."""

    renamed: frozenset[str]
    fixed: frozenset[str]

    def entering(self, function: ast.AST) -> _Scope:
        inner = _bound_names(function) - {getattr(function, "name", None)}
        return _Scope(self.renamed | frozenset(inner - self.fixed), self.fixed)

    def __call__(self, name: str) -> str:
        return "_" if name in self.renamed else name


# --- order of independent statements ----------------------------------------------------------

def _reads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _writes(node: ast.AST) -> set[str]:
    """Names a statement binds or changes: assigned, deleted, defined, or changed through a method or an item."""
    written = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            written.add(n.id)
        elif isinstance(n, (_FUNCTIONS, ast.ClassDef)) and n is node:
            written.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            written |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, (ast.Attribute, ast.Subscript)) and isinstance(n.ctx, (ast.Store, ast.Del)):
            written |= _base_name(n)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            written |= _base_name(n.func)  # `losses.append(...)` changes `losses`
    return written


def _base_name(node: ast.AST) -> set[str]:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return {node.id} if isinstance(node, ast.Name) else set()


def _is_barrier(node: ast.stmt) -> bool:
    return isinstance(node, BARRIERS) or any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for n in ast.walk(node))


def _has_effect(node: ast.stmt) -> bool:
    """Holds a call made for its effect (`print(...)`, `plt.plot(...)`): the order of such statements is kept."""
    return any(isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) for n in ast.walk(node))


def _depends(later: ast.stmt, earlier: ast.stmt, facts) -> bool:
    (r1, w1, b1, e1), (r2, w2, b2, e2) = facts[id(earlier)], facts[id(later)]
    return b1 or b2 or (e1 and e2) or bool(w1 & (r2 | w2)) or bool(w2 & r1)


def _canonical_block(body: list[ast.stmt], scope: _Scope) -> list[ast.stmt]:
    """`body` (and every block in it) in canonical order: dependencies kept, ties broken by name-blind content."""
    for node in body:
        inner = scope.entering(node) if isinstance(node, _FUNCTIONS) else scope
        _map_blocks(node, functools.partial(_canonical_block, scope=inner))
    facts = {id(n): (_reads(n), _writes(n), _is_barrier(n), _has_effect(n)) for n in body}
    before = [{j for j in range(i) if _depends(body[i], body[j], facts)} for i in range(len(body))]
    keys = [(" ".join(_emit([node], scope)), i) for i, node in enumerate(body)]
    ready = [keys[i] for i in range(len(body)) if not before[i]]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, i = heapq.heappop(ready)
        order.append(i)
        for j in range(i + 1, len(body)):
            if i in before[j] and before[j] <= set(order):  # its last prerequisite was just placed
                heapq.heappush(ready, keys[j])
    return [body[i] for i in order]


# --- tokens -----------------------------------------------------------------------------------

def _emit(body: Sequence[ast.AST], scope: _Scope) -> list[str]:
    """Pre-order tokens of the trees: node kinds, names (`_` where the answer binds them), attributes, constants."""
    out: list[str] = []

    def visit(node, rename):
        if isinstance(node, _SKIPPED_NODES):
            return
        if isinstance(node, ast.Name):
            out.append(rename(node.id))
            return
        if isinstance(node, ast.Constant):
            out.append(repr(node.value))
            return
        out.append(type(node).__name__)
        if isinstance(node, ast.arg):
            out.append(rename(node.arg) if node.arg != "self" else "self")
        elif isinstance(node, _FUNCTIONS + (ast.ClassDef,)):
            out.append(rename(node.name))
        elif isinstance(node, ast.Attribute):
            out.append("." + node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            out.append(node.arg + "=")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.append(rename(node.name))
        inner = rename.entering(node) if isinstance(node, (*_FUNCTIONS, ast.Lambda)) else rename
        for child in ast.iter_child_nodes(node):
            visit(child, inner)
        if isinstance(node, (ast.stmt, ast.excepthandler)) and any(
                isinstance(getattr(node, f, None), list) and getattr(node, f) for f in ("body", "orelse")):
            out.append("end")  # where a block closes: nesting is part of the structure

    for node in body:
        visit(node, scope)
    return out
