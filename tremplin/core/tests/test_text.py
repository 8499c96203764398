import pytest

from tremplin.core.text import normalise


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Hélène Lefèvre", "helene lefevre"),
        ("  Saint-Étienne ", "saint etienne"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Lœtitia Cœur", "loetitia coeur"),
        ("Cæcilia", "caecilia"),
        ("FRANÇOIS", "francois"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_folds_case_accents_ligatures_and_punctuation(raw, expected):
    assert normalise(raw) == expected
