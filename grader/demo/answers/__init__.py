"""Catalogued answers per assignment (see grader.demo.catalogue)."""
