import pytest


@pytest.fixture(autouse=True)
def _anchor_file(settings, tmp_path):
    """Each test writes closure anchors to its own file, never to the project's var/."""
    settings.TREMPLIN_JOURNAL_ANCHOR_FILE = str(tmp_path / "anchor.log")
    settings.TREMPLIN_JOURNAL_ARCHIVE_DIR = str(tmp_path / "archives")
