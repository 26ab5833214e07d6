"""Throughput of autograding a class: stock nbgrader, the course on one and on all cores, a loopback Dask
cluster, and the floor (the notebook executed alone).

For N identical honest submissions (the instructor's solution) of each assignment it prints, side by side:

- stock:      `nbgrader autograde` with a stock configuration (no course plugins, unconfined kernel);
- workers=1:  `python -m grader autograde --workers 1` (screened, planned, confined, judged);
- workers=K:  the same on all K cores of this machine;
- cluster=k:  the same through a `dask scheduler` and k `dask worker` processes on 127.0.0.1;
- floor:      the submission's notebook executed alone with nbclient, N times, one kernel each.

Each figure is a whole command's wall time (start-up included) divided by N; the ratio is to stock's
throughput. Targets (printed, not asserted): at least 3x stock's throughput on 2 cores with the sandbox
on; a per-submission overhead within 0.3 s of the floor per worker.

    .venv/bin/python benchmarks/autograde_throughput.py [--n 20] [--assignments ps1_derivatives ps4_linear_regression]
                                                        [--cluster 1 2 4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import nbformat  # noqa: E402
from course_builder import Gradebooks, make_course, place_submission, source_notebook  # noqa: E402

from grader.demo import classroom  # noqa: E402

BIN = Path(sys.executable).parent

STOCK_CONFIG = """c = get_config()
c.CourseDirectory.course_id = "calc4ml"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
c.Exchange.root = "{root}/exchange"
c.Execute.timeout = 20
"""


def _class(folder: Path, assignment: str, n: int, stock: bool) -> Path:
    course = make_course(folder, [assignment], Gradebooks())
    if stock:
        (course.root / "nbgrader_config.py").write_text(STOCK_CONFIG.format(root=str(course.root)))
        (course.root / "gradebook.db").unlink()
        _timed([str(BIN / "nbgrader"), "generate_assignment", assignment, "--force"], course.root)
    answers = classroom.instructor_answers(source_notebook(course, assignment))
    for i in range(n):
        place_submission(course, assignment, f"student{i:03}", answers)
    return course.root


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return seconds


def _floor(root: Path, assignment: str, n: int) -> float:
    """The solution notebook run by nbclient alone (unconfined, no nbgrader): n times, one kernel each."""
    from nbclient import NotebookClient

    path = root / "submitted" / "student000" / assignment / f"{assignment}.ipynb"
    started = time.perf_counter()
    for _ in range(n):
        nb = nbformat.read(str(path), as_version=4)
        NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                       extra_arguments=["--IPKernelApp.log_level=ERROR"],  # as the course's kernels run
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - started


class _LoopbackCluster:
    def __init__(self, folder: Path, workers: int):
        self.processes = []
        scheduler_file = folder / "scheduler.json"
        self._start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(scheduler_file)], folder)
        while not scheduler_file.exists():
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            home = folder / f"worker{i}"
            home.mkdir()
            self._start(["worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                         "--local-directory", str(home)], home)
        from distributed import Client

        with Client(self.address) as client:
            client.wait_for_workers(workers, timeout=120)

    def _start(self, args, cwd):
        self.processes.append(subprocess.Popen([str(BIN / "dask"), *args], cwd=cwd, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL, start_new_session=True))

    def close(self):
        for process in self.processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def measure(assignment: str, n: int, cluster_sizes: list[int], tmp: Path) -> list[tuple[str, float]]:
    cores = os.cpu_count() or 1
    rows = []
    root = _class(tmp / "stock", assignment, n, stock=True)
    rows.append(("stock nbgrader (no plugins, unconfined)", _timed([str(BIN / "nbgrader"), "autograde", assignment],
                                                                    root)))
    for workers in dict.fromkeys([1, cores]):
        root = _class(tmp / f"workers{workers}", assignment, n, stock=False)
        rows.append((f"course, --workers {workers}",
                     _timed([sys.executable, "-m", "grader", "autograde", assignment, "--course", str(root),
                             "--workers", str(workers)], tmp)))
    for size in cluster_sizes:
        root = _class(tmp / f"cluster{size}", assignment, n, stock=False)
        (tmp / f"cluster{size}-dask").mkdir()
        cluster = _LoopbackCluster(tmp / f"cluster{size}-dask", size)
        try:
            rows.append((f"course, loopback cluster of {size}",
                         _timed([sys.executable, "-m", "grader", "autograde", assignment, "--course", str(root),
                                 "--scheduler", cluster.address], tmp)))
        finally:
            cluster.close()
    rows.append(("floor (nbclient alone, unconfined)", _floor(root, assignment, n)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="submissions per assignment (default 20)")
    parser.add_argument("--assignments", nargs="*", default=["ps1_derivatives", "ps4_linear_regression"])
    parser.add_argument("--cluster", type=int, nargs="*", default=[1, 2, 4], help="loopback cluster sizes")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    print(f"{args.n} identical honest submissions per assignment; {os.cpu_count()} cores; "
          f"sandbox {'on' if shutil.which('bwrap') else 'OFF (bwrap missing)'}")
    for assignment in args.assignments:
        with tempfile.TemporaryDirectory() as tmp:
            rows = measure(assignment, args.n, args.cluster, Path(tmp))
        stock = rows[0][1] / args.n
        floor = rows[-1][1] / args.n
        print(f"\n{assignment}\n{'':42} {'s/submission':>12} {'per minute':>10} {'x stock':>8} {'- floor':>8}")
        for label, seconds in rows:
            per = seconds / args.n
            print(f"{label:42} {per:12.2f} {60 / per:10.1f} {stock / per:8.2f} {per - floor:8.2f}", flush=True)
    print("\ntargets: >= 3x stock on 2 cores with the sandbox on; overhead within 0.3 s of the floor per worker "
          "(printed, not asserted)")


if __name__ == "__main__":
    main()
