"""Where the tests find the course they test: the repository, its assignments, the contract beside it."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTRACT = REPO.parent / "shared" / "course-contract.md"
ASSIGNMENTS = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
