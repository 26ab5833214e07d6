"""release/ is committed, and must be exactly what `generate_assignment` makes from source/.

After editing a source notebook: `python -m grader generate`, then commit release/.
"""

import json

import pytest
from course_builder import make_course
from paths import ASSIGNMENTS, REPO

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("test_release_in_sync")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, gradebooks):
    return make_course(tmp_path_factory.mktemp("release"), ASSIGNMENTS, gradebooks).root / "release"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_matches_source(generated, assignment):
    committed = sorted(p.relative_to(REPO / "release") for p in (REPO / "release" / assignment).rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(generated) for p in (generated / assignment).rglob("*") if p.is_file())
    assert committed == fresh
    for path in fresh:
        if path.suffix == ".ipynb":
            ours = json.loads((REPO / "release" / path).read_text())
            theirs = json.loads((generated / path).read_text())
            assert ours == theirs, f"release/{path} is stale: run `python -m grader generate` and commit release/"
        else:
            assert (REPO / "release" / path).read_bytes() == (generated / path).read_bytes()
