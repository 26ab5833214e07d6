"""What went wrong in an nbgrader step, in one line an instructor can act on."""

from __future__ import annotations

import re


def last_error(result: dict) -> str:
    """The most specific line of nbgrader's captured log: its last `SomethingError: ...`."""
    text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    specific = [line for line in lines if re.match(r"^[\w.]*(Error|Exception|Exit)\b.*:", line)
                and "NbGraderException" not in line]
    return (specific or lines or ["failed without a message"])[-1]
