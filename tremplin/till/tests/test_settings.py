from tremplin.core.tests.production import run_python


def test_production_refuses_to_run_without_journal_keys():
    result = run_python("-c", "import tremplin.settings", without=["TREMPLIN_JOURNAL_KEYS"])
    assert result.returncode != 0
    assert "TREMPLIN_JOURNAL_KEYS must be set in production" in result.stderr
