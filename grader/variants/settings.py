"""Whether a course gives each student variants: `c.CourseVariants.enabled` in nbgrader_config.py."""

from __future__ import annotations

from traitlets import Bool
from traitlets.config import Config, LoggingConfigurable


class CourseVariants(LoggingConfigurable):
    enabled = Bool(False, help=(
        "Give each student their own numbers for the formula and data exercises (grader/variants/). Off: "
        "every student has variant 0, the course contract's numbers. Turn it on before releasing: a "
        "student's variant is recorded when it is first made and graded as recorded.")).tag(config=True)


def variants_enabled(config: Config) -> bool:
    return CourseVariants(config=config).enabled
