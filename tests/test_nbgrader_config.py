"""nbgrader_config.py names only steps that exist."""

from paths import REPO


def test_every_preprocessor_named_in_the_nbgrader_config_imports():
    from traitlets.utils.importstring import import_item

    from grader.course_directory import load_config

    config = load_config(REPO)
    for name in [*config.Autograde.autograde_preprocessors, *config.GenerateFeedback.preprocessors]:
        assert import_item(name)
