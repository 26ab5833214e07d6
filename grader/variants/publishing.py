"""The variants the student's JupyterLab shows: published by the instructor, found by the student's identity."""

from __future__ import annotations

from grader.variants import variant_0
from grader.variants.family import Variant


def published_for_me(assignment: str) -> Variant:
    return variant_0(assignment)
