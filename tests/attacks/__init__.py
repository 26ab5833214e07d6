"""The attack corpus: submissions that try to gain points they did not earn, or to harm the grader, by family.

`tests/test_attacks.py` grades the families of `GRADED_IN_PROCESS` with `python -m
grader`'s own loop; `tests/test_integrity.py` grades the families of
`GRADED_EVERY_WAY` with plain `nbgrader autograde` and with `python -m grader
autograde --workers 2`. What an attack is, and what it prints when something
forbidden worked, is in `attacks.support`.
"""

from __future__ import annotations

from pathlib import Path

from attacks import (
    by_hand,
    files_and_network,
    foreign_cells,
    ipython_hooks,
    kernel_faults,
    links,
    lying_answers,
    monkeypatching,
    notebook_edits,
    references,
    stand_ins,
    tampering,
)
from attacks.support import Attack

GRADED_IN_PROCESS = (monkeypatching, lying_answers, ipython_hooks, kernel_faults, files_and_network, notebook_edits,
                     references)
GRADED_EVERY_WAY = (stand_ins, links, foreign_cells, tampering, by_hand)


def corpus(families, course_root: Path, bystander: str, assignment: str | None = None) -> list[Attack]:
    """The attacks of these families (of one assignment, if given); ids are unique across the corpus."""
    attacks = [attack for family in families for attack in family.attacks(str(course_root), bystander)]
    ids = [a.id for a in attacks]
    assert len(ids) == len(set(ids)), "attack ids must be unique"
    return [a for a in attacks if assignment is None or a.assignment == assignment]
