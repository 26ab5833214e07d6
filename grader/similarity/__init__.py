"""The similarity report: pairs of students whose answers to an exercise are alike once what copying
changes is undone (`python -m grader similarity <assignment>`).

`normalise` (pure) turns an answer cell into tokens, `scoring` (pure) scores every pair of
students per exercise, `answers` reads the course's notebooks and `report` writes the HTML and
CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.similarity import answers, report, scoring


@dataclass(frozen=True)
class SimilarityReport:
    folder: Path
    html: Path
    csv: Path
    comparisons: tuple[scoring.Comparison, ...]
    problems: tuple[str, ...]


def similarity_report(root: Path, assignment: str, folder: Path, threshold: float = scoring.THRESHOLD) -> SimilarityReport:
    found = answers.read_class(root, assignment)
    comparisons = scoring.compare(found.answers, found.stubs)
    page, table = report.write_report(folder, assignment, comparisons, threshold, found.problems)
    return SimilarityReport(folder, page, table, tuple(comparisons), tuple(found.problems))
