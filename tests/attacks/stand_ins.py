"""Stand-ins for exercises not yet graded, captured by student code while an earlier exercise is checked.

The grader lends trusted versions of other exercises to the check of one that
calls them. Each attack here answers its first exercise correctly, and while that
answer is being checked it searches one place a stand-in could be reachable from
(the notebook's namespace, every object `gc` knows, the call stack, the closures,
defaults and globals of every function, the files of the kernel's folder); it
keeps what it finds under the exercise's name, and its later answers are nothing
but calls of what it kept. Since a stand-in exists in the kernel only for an
exercise already graded, every later exercise must score 0.
"""

from __future__ import annotations

from attacks.support import Attack, code

PS2_LATER = ("df_dy", "numerical_gradient", "grad_sin_cos", "steepest_descent_direction", "gradient_check", "hessian_fd")
PS3_LATER = ("d_sin_square", "d_linear_power", "d_exp_sin", "graph_backward", "relu_neuron_grads", "sigmoid_bce_grads",
             "two_layer_grads")

# Searches one channel for callables standing for the exercises `_WANTED`, into `_kept`.
HARVEST = '''
import gc, glob, json, os, sys, types

_kept, _searched = {}, set()

def _take(mapping, where):
    try:
        items = list(mapping.items())
    except Exception:
        return
    for key, value in items:
        if isinstance(key, str) and key in _WANTED and callable(value) and getattr(value, "__module__", "") != "__main__":
            _kept.setdefault(key, (value, where))

def _substitutes_of(obj):
    # Not hasattr: some objects load what is asked of them (ctypes' cdll raises OSError).
    try:
        found = getattr(obj, "substitutes", None)
    except Exception:
        return None
    return found if isinstance(found, dict) else None

_seen = {}  # containers searched already (kept alive, so ids stay theirs): a module's globals serve many functions

def _look_into(obj, where, depth=0):
    if depth > 3 or id(obj) in _seen:
        return
    if isinstance(obj, (dict, list, tuple)):
        _seen[id(obj)] = obj
    if isinstance(obj, dict):
        _take(obj, where)
        for value in list(obj.values())[:200]:
            if isinstance(value, (dict, list, tuple)) or _substitutes_of(value) is not None:
                _look_into(value, where, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for item in obj[:200]:
            _look_into(item, where, depth + 1)
    elif _substitutes_of(obj) is not None:
        _take(_substitutes_of(obj), where)

def _harvest(channel):
    if channel in _searched:
        return
    _searched.add(channel)
    if channel == "namespace":
        _take(globals(), channel)
    elif channel == "gc":
        for obj in gc.get_objects():
            if isinstance(obj, dict) or _substitutes_of(obj) is not None:
                _look_into(obj, channel)
    elif channel == "frames":
        frame = sys._getframe()
        while frame is not None:
            _look_into(dict(frame.f_locals), channel)
            frame = frame.f_back
    elif channel == "closures":
        for fn in [o for o in gc.get_objects() if isinstance(o, types.FunctionType)]:
            for cell in fn.__closure__ or ():
                try:
                    _look_into(cell.cell_contents, channel)
                except ValueError:
                    pass
            _look_into(list(fn.__defaults__ or ()), channel)
            _look_into(fn.__kwdefaults__ or {}, channel)
            _look_into(fn.__dict__, channel)
            if fn.__module__ != "__main__":
                _look_into(fn.__globals__, channel)
    elif channel == "files":
        _harvest_files()

def _borrowed(name):
    def answer(*args, **kwargs):
        if name not in _kept:
            raise NotImplementedError(f"nothing kept for {name}")
        return _kept[name][0](*args, **kwargs)
    return answer
'''


# Only where no rule forbids `exec` in the answer (ps3): run the test code found in the kernel's files.
HARVEST_FILES = '''
def _harvest_files():
    for path in glob.glob("*") + glob.glob("../*/*") + glob.glob("../../*/*/*"):
        try:
            notebook = json.load(open(path))
        except Exception:
            continue
        for cell in notebook.get("cells", []):
            source = "".join(cell.get("source", ""))
            if "trust(" in source or "_trusted" in source:
                scratch = dict(globals())
                scratch["trust"] = lambda **found: _take(found, "files")
                scratch["check_function"] = scratch["check_derivative"] = lambda *a, **k: None
                try:
                    exec(source, scratch)
                except Exception:
                    pass
                _take(scratch.get("_trusted", {}), "files")
'''


def _harvesting(first: str, signature: str, channel: str, later: tuple[str, ...]) -> dict[str, str]:
    """The first exercise's own (correct) answer wrapped to search `channel` while it is checked; the later
    exercises answered by what was kept; a report in the first later answer cell."""
    wrapper = code(f'''
        _WANTED = {later!r}
        _honest_{first} = {first}
        def {first}({signature}):
            _harvest({channel!r})
            return _honest_{first}({signature})
        ''')
    answers = {first: code(HARVEST) + (code(HARVEST_FILES) if channel == "files" else "") + wrapper}
    for index, name in enumerate(later):
        report = ('if _kept:\n    print("BREACH kept stand-ins for", sorted(_kept), "from",'
                  ' sorted({w for _, w in _kept.values()}))\n') if index == 0 else ""
        answers[name] = report + f'{name} = _borrowed("{name}")\n'
    return answers


def attacks(course: str, bystander: str) -> list[Attack]:
    found_in = {
        "namespace": "the notebook's namespace (globals())",
        "gc": "every object the garbage collector knows (gc.get_objects())",
        "frames": "the locals of every frame of the call stack (requests and their substitutes)",
        "closures": "the closure cells, defaults, attributes and module globals of every function",
        "files": "the notebooks in the kernel's folder and above it (hidden tests' trust(...) and _trusted)",
    }
    ps3 = [Attack(f"stand_ins_{channel}_ps3", f"while d_exp_square is checked, stand-ins for the seven later "
                  f"exercises are looked for in {where}", _harvesting("d_exp_square", "x", channel, PS3_LATER),
                  honest=frozenset({"d_exp_square"}), assignment="ps3_chain_rule")
           for channel, where in found_in.items()]
    ps2 = [Attack(f"stand_ins_{channel}_ps2", f"while df_dx is checked, stand-ins for df_dy, numerical_gradient "
                  f"and the later exercises are looked for in {where}",
                  _harvesting("df_dx", "x, y", channel, PS2_LATER), honest=frozenset({"df_dx"}),
                  assignment="ps2_partials")
           for channel, where in found_in.items() if channel in ("namespace", "gc", "closures")]
    # Kept across cells: searched again at every check of an exercise that builds on another, all kept for the end.
    ps2.append(Attack("stand_ins_kept_across_cells_ps2", "every check of grad_sin_cos and hessian_fd searches gc; "
                      "numerical_gradient, checked in between, and gradient_check at the end use what was kept", {
        "grad_sin_cos": code(HARVEST) + code('''
            _WANTED = ("numerical_gradient", "gradient_check", "steepest_descent_direction")
            _honest_grad_sin_cos = grad_sin_cos
            def grad_sin_cos(theta):
                _harvest("gc")
                return _honest_grad_sin_cos(theta)
            '''),
        "numerical_gradient": ('if _kept:\n    print("BREACH kept stand-ins for", sorted(_kept))\n'
                               'numerical_gradient = _borrowed("numerical_gradient")\n'),
        "gradient_check": 'gradient_check = _borrowed("gradient_check")\n',
    }, honest=frozenset({"df_dx", "df_dy", "grad_xyz", "grad_sin_cos"}), assignment="ps2_partials"))
    return ps3 + ps2
