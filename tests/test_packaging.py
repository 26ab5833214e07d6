"""What a student image installs carries the checks and the mistakes, never a complete solution."""

import tomllib

from paths import REPO
from setuptools import find_packages


def test_built_packages_leave_out_the_demo_and_its_correct_alternatives():
    find = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(str(REPO), include=find["include"], exclude=find.get("exclude", ()))
    assert {"grader", "grader.catalogue", "grader.judging"} <= set(packages)
    assert not [p for p in packages if p.startswith("grader.demo")]



def test_built_packages_leave_out_how_variants_are_made():
    find = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(str(REPO), include=find["include"], exclude=find.get("exclude", ()))
    assert "grader.variants" in packages
    assert not [p for p in packages if p.startswith("grader.variants.making")]
