from hypothesis import given
from hypothesis import strategies as st

from tremplin.referrals import voucher


def test_new_codes_use_only_the_unambiguous_alphabet_and_contain_a_digit():
    for _ in range(200):
        code = voucher.new_code()
        assert len(code) == 8
        assert set(code) <= set(voucher.ALPHABET)
        assert set(code) & voucher.DIGITS


def test_the_alphabet_leaves_out_characters_people_confuse():
    assert not set("0O1IL2Z5S8B") & set(voucher.ALPHABET)


@given(st.text(alphabet=voucher.ALPHABET, min_size=8, max_size=8))
def test_a_code_typed_in_lower_case_with_a_dash_or_spaces_is_recognised(code):
    typed = f" {code[:4].lower()}-{code[4:6]} {code[6:].lower()} "
    assert voucher.normalise(typed) == code
    assert voucher.is_well_formed(typed)


def test_a_code_is_shown_in_two_groups_of_four():
    assert voucher.display("ACDE3467") == "ACDE-3467"


def test_codes_with_ambiguous_or_missing_characters_are_not_well_formed():
    assert not voucher.is_well_formed("ACDE-346")
    assert not voucher.is_well_formed("ACDE-34O7")
