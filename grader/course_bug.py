"""The one error that blames the course, not the student."""


class CourseBug(Exception):
    """The course itself is wrong (its references disagree, or a test cell cannot be planned):
    nobody's answer can be judged until the course is fixed, so it is raised loudly and the test
    cell is flagged for the instructor rather than scored against the student."""
