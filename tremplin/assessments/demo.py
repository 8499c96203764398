"""Demo diagnostics: the ready questionnaire (published version 1)."""

from .questionnaire_data import create_default_questionnaire


def seed(demo):
    create_default_questionnaire()
