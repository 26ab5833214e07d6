"""What of the grading code in the kernel the student's code has altered, reported with the evidence.

A submission may patch builtins, NumPy, SymPy or this package (`np.isclose =
...`, `gathering.gather = ...`, `sp.Basic.__eq__ = ...`). That gains nothing:
the evidence is taken apart into plain data and judged outside the kernel, and
a forged answer scores what the value it claims would. But it can break the
kernel's side of grading, and the instructor must be able to tell sabotage from
a crash: so the kernel reports, with every piece of evidence, which of the
names it relies on no longer hold what they held when the notebook's setup cell
imported the checks (`take_snapshot`, called by `grader.in_kernel.gathering` at
import), and the grader flags the cell.

A report is only a report: code that altered the grading code can alter this
module too. Evidence that comes without one did not come through the course's
code path, and is flagged as such.
"""

from __future__ import annotations

import importlib
import sys
import types

MODULES = ("builtins", "math", "pickle", "base64", "json", "numpy", "numpy.linalg", "numpy.testing", "sympy",
           "IPython.display", "grader.evidence", "grader.evidence_codec", "grader.in_kernel.gathering",
           "grader.in_kernel.answering", "grader.in_kernel.integrity")
# Classes whose methods decide how answers compare and print, besides the modules' own names.
CLASSES = (("sympy", "Basic"), ("sympy", "Expr"))
# Names that change in honest use (IPython's last results; ipykernel rebinds `input` for each
# request it runs) or say only what a module is.
CHANGING = {"_", "__", "___", "input", "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__", "__cached__",
            "__builtins__", "__path__", "__all__", "__version__"}

_snapshot: dict[str, tuple[object, object, object]] = {}


def _namespaces():
    for name in MODULES:
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
        yield name, vars(module)
    for module_name, class_name in CLASSES:
        owner = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(owner, type):
            yield f"{module_name}.{class_name}", vars(owner)


def _identity(value) -> tuple[object, object, object]:
    """What must stay the same: the object, and for a function its code and default arguments."""
    if isinstance(value, types.FunctionType):
        return value, value.__code__, value.__defaults__
    return value, None, None


def take_snapshot() -> None:
    """Remember the grading code as it is now, before any of the student's code has run."""
    if _snapshot:
        return
    for prefix, namespace in _namespaces():
        for name, value in list(namespace.items()):
            if name not in CHANGING:
                _snapshot[f"{prefix}.{name}"] = _identity(value)


def altered(limit: int = 20) -> tuple[str, ...]:
    """The names (`numpy.isclose`, `grader.in_kernel.gathering.gather`) that no longer hold what they held."""
    current = {f"{prefix}.{name}": value for prefix, namespace in _namespaces() for name, value in namespace.items()}
    changed, deleted = [], object()
    for qualified, (value, code, defaults) in _snapshot.items():
        now = current.get(qualified, deleted)
        if now is deleted or now is not value or (code is not None and (getattr(now, "__code__", None) is not code
                                                                          or getattr(now, "__defaults__", None)
                                                                          is not defaults)):
            changed.append(qualified)
    return tuple(sorted(changed)[:limit])
