import os

import course_builder
import pytest
import sympy as sp
from postgres_server import PostgresServer

# Classes are graded in the test's own process unless the run asks for workers (CI's second
# pass sets CALC4ML_WORKERS=2); the course's own default is one worker per core.
os.environ.setdefault("CALC4ML_WORKERS", "1")


@pytest.fixture
def x():
    return sp.Symbol("x", real=True)


@pytest.fixture
def y():
    return sp.Symbol("y", real=True)


def pytest_addoption(parser):
    parser.addoption("--gradebook", choices=("sqlite", "postgresql"), default="sqlite",
                     help="where each throwaway course keeps its gradebook: gradebook.db beside it (the default), "
                          "or a database of its own on a PostgreSQL server started for the run")


@pytest.fixture(scope="session")
def gradebook_server(request):
    """With --gradebook=postgresql, one real server per test process, removed at the end."""
    if request.config.getoption("gradebook") != "postgresql":
        yield None
        return
    server = PostgresServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def gradebooks(gradebook_server) -> course_builder.Gradebooks:
    """Where throwaway courses keep their gradebooks: pass it to make_course and copy_course."""
    return course_builder.Gradebooks(gradebook_server)
