"""Judging answers: evidence in, verdict out. Nothing here runs student code."""
