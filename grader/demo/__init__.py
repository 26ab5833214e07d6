"""The demo: a simulated class played through the whole nbgrader cycle."""
