"""The course's extensions of nbgrader, chosen in nbgrader_config.py."""
