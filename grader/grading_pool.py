"""Where grading tasks run: in this process, in worker processes of this machine, or on a Dask cluster.

Every pool runs the one task function, `grader.grading_task.grade_submission`,
and yields its results as they finish; none of them touches the course
directory. Each pool also runs the preflight on every place it grades, before
the first submission is handed out.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any

from grader import warm_kernels
from grader.assignment_bundle import AssignmentBundle
from grader.grading_task import GradedSubmission, grade_submission
from grader.preflight import environment_problem

Task = tuple[str, dict[str, bytes]]  # student, submission files


class TaskFailed(Exception):
    """A task that ended without a result (its workers kept dying); names the student."""

    def __init__(self, student: str, why: str):
        super().__init__(why)
        self.student = student


class SequentialPool:
    """Grades one submission after the other in this process."""

    description = "in this process"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        warm_kernels.discard()  # this process goes on after the run
        return None

    def preflight(self, bundle: AssignmentBundle) -> dict[str, str]:
        problem = environment_problem(bundle.config)
        return {"this process": problem} if problem else {}

    def grade(self, bundle: AssignmentBundle, tasks: Iterable[Task]) -> Iterator[GradedSubmission | TaskFailed]:
        for student, files in tasks:
            yield grade_submission(bundle, student, files)


class DaskPool:
    """Grades on Dask workers: a LocalCluster of `workers` processes, or the cluster at `scheduler`."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self.cluster: Any = None
        self.client: Any = None  # a distributed.Client while the pool is entered

    @property
    def description(self) -> str:
        if self.scheduler:
            return f"on the Dask cluster at {self.scheduler}"
        return f"on {self.workers} worker process(es) of this machine"

    def __enter__(self):
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler, timeout="30s")
        else:
            # One thread per worker: a worker grades one submission at a time, and
            # the cores are shared by the workers and their kernels.
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def preflight(self, bundle: AssignmentBundle) -> dict[str, str]:
        if not self.client.scheduler_info()["workers"]:
            return {self.scheduler or "the local cluster": "no Dask worker is connected to the scheduler"}
        verdicts = self.client.run(environment_problem, bundle.config)
        return {worker: problem for worker, problem in verdicts.items() if problem}

    def grade(self, bundle: AssignmentBundle, tasks: Iterable[Task]) -> Iterator[GradedSubmission | TaskFailed]:
        from distributed import as_completed

        shared = self.client.scatter(bundle, broadcast=True)
        futures = {}
        for student, files in tasks:
            # pure=False: a submission graded again (a killed worker) must run again, not be looked up.
            future = self.client.submit(grade_submission, shared, student, files, pure=False)
            futures[future] = student
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # KilledWorker after repeated deaths, or a bug in the task
                yield TaskFailed(futures[future], f"{type(exc).__name__}: {exc}")
            finally:
                future.release()


def configured_workers() -> int:
    """How many grading processes a run uses unless told otherwise: CALC4ML_WORKERS, else one per core."""
    return int(os.environ.get("CALC4ML_WORKERS") or os.cpu_count() or 1)


def make_pool(workers: int | None = 1, scheduler: str | None = None):
    if scheduler:
        return DaskPool(scheduler=scheduler)
    if workers == 1:
        return SequentialPool()
    return DaskPool(workers=workers)
