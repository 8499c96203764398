import pytest

from tremplin.core.text import normalise, siret_as_printed


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


@pytest.mark.parametrize(
    "raw,expected",
    [
        # Letters without a Unicode decomposition used to become spaces ("Søren" -> "s ren").
        ("Søren Larsen", "soren larsen"),
        ("Ø", "o"),
        ("Æsa", "aesa"),
        ("Œdipe", "oedipe"),
        ("Großmann", "grossmann"),
        ("Yıldız", "yildiz"),
        ("Đorđević", "dordevic"),
        ("Łukasz Wałęsa", "lukasz walesa"),
        ("Þór", "thor"),
        # A decomposed accent (e + combining acute) folds like the composed one.
        ("Rene\u0301e", "renee"),
        # The typographic apostrophe and a non-breaking space separate words like the plain ones.
        ("N’Diaye\u00a0Fatou", "n diaye fatou"),
    ],
)
def test_normalise_transliterates_letters_that_have_no_decomposition(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Иван Петров", "ivan petrov"),
        ("Γιώργος Παπαδόπουλος", "giorgos papadopoylos"),
        ("محمد", "mhmd"),
        ("Nguyễn Văn Đức", "nguyen van duc"),
    ],
)
def test_names_in_other_alphabets_give_a_searchable_key(raw, expected):
    assert normalise(raw) == expected


def test_a_siret_is_printed_as_insee_prints_it():
    # La Poste's SIRET as the INSEE directory prints it: « 356 000 000 09075 ».
    assert siret_as_printed("35600000009075") == "356\u00a0000\u00a0000\u00a009075"
    assert siret_as_printed("") == "" and siret_as_printed(None) == ""
    assert siret_as_printed("3560000") == "3560000"  # not a SIRET: as stored
