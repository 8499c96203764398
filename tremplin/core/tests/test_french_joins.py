"""Joining data into French sentences: elision, article contraction, nested quotes (core/text.py, tremplin_ui)."""

import pytest
from django.template import Context, Template

from tremplin.core.text import fill, inside_quotes, join_word


@pytest.mark.parametrize(
    "word,value,expected",
    [
        ("de", "Outremer", "d'Outremer"),  # elision before a vowel
        ("de", "Émilie Roux", "d'Émilie Roux"),
        ("que", "Anne Martin", "qu'Anne Martin"),
        ("de", "Yves Le Gall", "d'Yves Le Gall"),  # y before a consonant sounds as a vowel
        ("de", "Yann Le Gall", "de Yann Le Gall"),  # y before a vowel is a consonant
        ("de", "Hélène Petit", "d'Hélène Petit"),  # h muet before é
        ("de", "Haguenau", "de Haguenau"),  # h aspiré: no elision
        ("de", "Le Port", "du Port"),  # de + le → du
        ("de", "Les Abymes", "des Abymes"),  # de + les → des
        ("à", "Le Havre", "au Havre"),  # à + le → au
        ("à", "Les Abymes", "aux Abymes"),  # à + les → aux
        ("à", "La Rochelle", "à La Rochelle"),  # la does not contract
        ("de", "L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
        ("De", "Outremer", "D'Outremer"),
        ("À", "Le Port", "Au Port"),
        ("de", "LE GALL Yann", "de LE GALL Yann"),  # a surname written first, in capitals: left alone
        ("de", "97400", "de 97400"),
        ("à", "Outremer", "à Outremer"),  # "à" never elides
    ],
)
def test_join_word(word, value, expected):
    assert join_word(word, value) == expected


def test_inside_quotes_uses_second_level_quotes_and_never_doubles_them():
    assert inside_quotes("Parcours « Débuter avec l'ordinateur »") == "Parcours “Débuter avec l'ordinateur”"
    assert inside_quotes("« Débuter »") == "Débuter"
    assert inside_quotes("Premiers pas") == "Premiers pas"


def test_fill_joins_quotes_and_leaves_the_rest_as_percent_formatting():
    message = "L'espace %(site)s atteste que %(name)s a suivi le parcours « %(title)s » (100 %%)."
    assert (
        fill(message, site="Outremer", name="Anne Martin", title="Parcours « Débuter »")
        == "L'espace Outremer atteste qu'Anne Martin a suivi le parcours « Parcours “Débuter” » (100 %)."
    )
    # A value holding "%" is not read as a placeholder; an English message is a plain "%".
    assert fill("Orientation de %(name)s", name="Ana 100%") == "Orientation d'Ana 100%"
    assert fill("Referral of %(name)s", name="Outremer") == "Referral of Outremer"


def test_the_template_filters():
    template = Template(
        "{% load i18n %}{% blocktranslate with name=site asvar t %}Une personne de {{ name }} vous appelle."
        "{% endblocktranslate %}{{ t|french_join:site }}|"
        "{% blocktranslate with title=title|inside_quotes %}Atelier « {{ title }} »{% endblocktranslate %}"
    )
    out = template.render(Context({"site": "O'Brien & Fils", "title": "Parcours « Débuter »"}))
    assert out == "Une personne d'O&#x27;Brien &amp; Fils vous appelle.|Atelier « Parcours “Débuter” »"
