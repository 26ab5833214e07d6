"""Grading in parallel gives the sequential run's gradebook: on two local worker processes, on a real Dask
cluster on 127.0.0.1 (a `dask scheduler` and two `dask worker` processes, each in a scratch folder of its
own), when one of those workers is killed with SIGKILL in the middle of a submission, and with the
gradebook on a real PostgreSQL server."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from course_builder import Gradebooks, copy_course, make_course, one_mistake_each, place_submission, source_notebook
from postgres_server import PostgresServer, server_binaries
from traitlets.config import Config

from grader.assignment_bundle import read_bundle, with_plans
from grader.demo import classroom
from grader.grading_pool import DaskPool
from grader.pipeline import Course

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("parallel")]

A = "ps1_derivatives"
DASK = str(Path(sys.executable).parent / "dask")


def _class(course: Course) -> None:
    solution = classroom.instructor_answers(source_notebook(course, A))
    place_submission(course, A, "solution", solution)
    place_submission(course, A, "blank", {})
    for exercise, mistake in list(one_mistake_each(A).items())[:2]:
        place_submission(course, A, f"wrong-{exercise}", {**solution, exercise: mistake.source})


@pytest.fixture(scope="module")
def original(tmp_path_factory, gradebooks):
    """A class of ps1 (the solution, a blank notebook, two single mistakes) and its sequential grading."""
    course = make_course(tmp_path_factory.mktemp("sequential"), [A], gradebooks)
    _class(course)
    pristine = copy_course(course.root, tmp_path_factory.mktemp("pristine") / "course", gradebooks)
    results = course.autograde(A, workers=1)
    assert all(r.ok for r in results), [r.detail for r in results if not r.ok]
    return pristine, course.question_scores(A)


def _copy(original, tmp_path, gradebooks) -> Course:
    pristine, _ = original
    return Course(copy_course(pristine, tmp_path / "course", gradebooks))


def _tasks(course: Course) -> list[tuple[str, dict[str, bytes]]]:
    submitted = course.root / "submitted"
    return [(folder.parent.name, {p.name: p.read_bytes() for p in folder.iterdir()})
            for folder in sorted(submitted.glob(f"*/{A}"))]


def test_the_workers_plan_nothing_when_the_coordinator_sent_its_plans(original, tmp_path, gradebooks):
    course = _copy(original, tmp_path, gradebooks)
    bundle = read_bundle(course.db_url, A, course.config, course.root / "source" / A)
    tasks = _tasks(course)[:2]
    with DaskPool(workers=2) as pool:
        shipped = [graded.timings["planning"] for graded in pool.grade(with_plans(bundle), tasks)]
    with DaskPool(workers=2) as pool:
        unplanned = [graded.timings["planning"] for graded in pool.grade(bundle, tasks)]
    assert len(shipped) == len(unplanned) == len(tasks)
    assert shipped == [0.0] * len(tasks)
    assert sum(seconds > 0.1 for seconds in unplanned) in (1, 2)  # each worker's first submission


def test_two_local_worker_processes_give_the_sequential_scores(original, tmp_path, gradebooks):
    course = _copy(original, tmp_path, gradebooks)
    lines = []
    results = course.autograde(A, workers=2, progress=lines.append)
    assert all(r.ok for r in results)
    assert course.question_scores(A) == original[1]
    assert any("on 2 worker process(es) of this machine" in line for line in lines), lines


class Cluster:
    """A real Dask scheduler and workers on 127.0.0.1, each worker in a scratch folder of its own."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.scheduler = self._start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(self.file)], folder)
        deadline = time.monotonic() + 60
        while not self.file.exists():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = {}

    def _start(self, args, cwd: Path, env=None):
        log = open(cwd / "log.txt", "w")
        return subprocess.Popen([DASK, *args], cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                env=env or dict(os.environ), start_new_session=True)

    def add_worker(self, name: str) -> Path:
        """A worker whose cwd and temporary files are in a folder that holds nothing of the course."""
        home = self.folder / name
        (home / "tmp").mkdir(parents=True)
        home.chmod(0o755)
        (home / "tmp").chmod(0o755)
        env = {**os.environ, "TMPDIR": str(home / "tmp")}
        self.workers[name] = self._start(["worker", self.address, "--name", name, "--nworkers", "1",
                                          "--nthreads", "1", "--no-dashboard", "--local-directory", str(home)],
                                         home, env)
        return home

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(count, timeout=120)

    def kill(self, name: str) -> None:
        os.killpg(self.workers[name].pid, signal.SIGKILL)
        self.workers[name].wait()

    def close(self):
        for process in [*self.workers.values(), self.scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def cluster(tmp_path):
    folder = tmp_path / "cluster"
    folder.mkdir()
    cluster = Cluster(folder)
    homes = [cluster.add_worker("w1"), cluster.add_worker("w2")]
    cluster.wait_for_workers(2)
    yield cluster, homes
    cluster.close()


def _graded_here(home: Path) -> bool:
    return any(home.glob("tmp/calc4ml-grading-*/gradebook.db"))


def test_a_dask_cluster_on_loopback_gives_the_sequential_scores(original, tmp_path, cluster, gradebooks):
    cluster, homes = cluster
    course = _copy(original, tmp_path, gradebooks)
    results = course.autograde(A, scheduler=cluster.address)
    assert all(r.ok for r in results), [r.detail for r in results if not r.ok]
    assert course.question_scores(A) == original[1]
    # Both workers graded, in their own folders: the course directory was never theirs to see.
    assert all(_graded_here(home) for home in homes)
    assert not any(course.root in Path(p).parents for home in homes for p in home.glob("tmp/calc4ml-grading-*"))


def test_a_worker_killed_in_the_middle_of_a_submission_costs_nothing(original, tmp_path, cluster, gradebooks):
    cluster, homes = cluster
    course = _copy(original, tmp_path, gradebooks)
    killed = []

    def kill_w1_once_it_grades():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            if any(homes[0].glob("tmp/calc4ml-grading-*/submitted/*")):
                cluster.kill("w1")
                killed.append(time.monotonic())
            time.sleep(0.05)

    killer = threading.Thread(target=kill_w1_once_it_grades)
    killer.start()
    results = course.autograde(A, scheduler=cluster.address)
    killer.join()
    assert killed, "w1 never started grading"
    assert all(r.ok for r in results), [r.detail for r in results if not r.ok]
    assert sorted(r.student for r in results) == sorted(original[1])  # each once
    assert course.question_scores(A) == original[1]


@pytest.mark.skipif(server_binaries() is None, reason="PostgreSQL is not installed (bash scripts/setup-env.sh)")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_postgresql_gradebook_gets_the_sqlite_scores(original, tmp_path, monkeypatch, workers):
    server = PostgresServer()
    try:
        url = server.create_database("calc4ml")
        monkeypatch.setenv("CALC4ML_DB_URL", url)
        course = make_course(tmp_path / "course", [A], Gradebooks())  # the database CALC4ML_DB_URL names
        assert course.db_url == url
        _class(course)
        results = course.autograde(A, workers=workers)
        assert all(r.ok for r in results), [r.detail for r in results if not r.ok]
        assert course.question_scores(A) == original[1]
        assert not (course.root / "gradebook.db").exists()
    finally:
        server.stop()


def test_a_submission_over_its_time_budget_is_stopped_and_the_class_goes_on(original, tmp_path, gradebooks):
    """Each cell within Execute.timeout, the notebook over its budget: cut there, the rest of the class unharmed."""
    pristine, expected = original
    overrides = Config()
    overrides.ConfinedExecute.time_budget = 25
    course = Course(copy_course(pristine, tmp_path / "course", gradebooks), overrides)
    solution = classroom.instructor_answers(source_notebook(course, A))
    slow = {**solution, "poly_derivative": "import time\ntime.sleep(15)\n" + solution["poly_derivative"],
            "d_product": "time.sleep(15)\n" + solution["d_product"]}
    place_submission(course, A, "slow", slow)
    results = {r.student: r for r in course.autograde(A, workers=2)}
    assert all(r.ok for r in results.values())
    scores = course.question_scores(A)
    assert {s: scores[s] for s in expected} == expected
    assert scores["slow"]["test_poly_derivative"] == 1.0  # before the budget ran out
    later = [cell for cell, score in scores["slow"].items() if score is not None and cell != "test_poly_derivative"]
    assert later and all(scores["slow"][cell] == 0 for cell in later)
    notebook = (course.root / "autograded" / "slow" / A / f"{A}.ipynb").read_text()
    assert "used up its time for grading (25 s in all)" in notebook
