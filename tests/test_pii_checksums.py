"""Check-digit algorithms against published valid/invalid values and their defining property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awal.pii import checksums
from awal.pii.checksums import (
    IBAN_LENGTHS,
    iban_check_digits,
    iban_valid,
    ice_key,
    ice_valid,
    luhn_check_digit,
    luhn_valid,
    rib_key,
    rib_valid,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def test_rib_swift_registry_example() -> None:
    # the Moroccan example of the SWIFT IBAN registry: MA64 0115 1900 0001 2050 0053 4921
    assert rib_valid("011519000001205000534921")
    assert rib_key("0115190000012050005349") == "21"
    assert not rib_valid("011519000001205000534922")
    assert not rib_valid("01151900000120500053492")  # 23 digits
    assert not rib_valid("01151900000120500053492a")


@given(st.text(alphabet="0123456789", min_size=22, max_size=22))
def test_rib_key_formula(first22: str) -> None:
    key = rib_key(first22)
    assert key == f"{97 - (int(first22) * 100) % 97:02d}"
    assert 1 <= int(key) <= 97
    assert rib_valid(first22 + key)
    assert int(first22 + key) % 97 == 0
    wrong = f"{(int(key) % 97) + 1:02d}"
    assert not rib_valid(first22 + wrong)


@pytest.mark.parametrize(
    "iban",
    [
        "MA64011519000001205000534921",
        "GB82WEST12345698765432",
        "FR1420041010050500013M02606",
        "DE89370400440532013000",
        "TN5910006035183598478831",
        "gb82west12345698765432",
    ],
)
def test_iban_valid(iban: str) -> None:
    assert iban_valid(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "MA64011519000001205000534922",  # one digit changed
        "MA6401151900000120500053492",  # too short for MA
        "ZZ64011519000001205000534921",  # unknown country
        "GB82WEST1234569876543",
        "",
        "MA64 0115 1900 0001 2050 0053 4921",  # separators are the caller's job
    ],
)
def test_iban_invalid(iban: str) -> None:
    assert not iban_valid(iban)


@given(st.sampled_from(sorted(IBAN_LENGTHS)), st.data())
def test_iban_check_digits_roundtrip(country: str, data: st.DataObject) -> None:
    n = IBAN_LENGTHS[country] - 4
    bban = data.draw(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=n, max_size=n))
    assert iban_valid(country + iban_check_digits(country, bban) + bban)


def test_ice_published_examples() -> None:
    assert ice_valid("001561191000066")
    assert ice_valid("002136093000040")
    assert not ice_valid("001561191000065")
    assert not ice_valid("00156119100006")
    assert ice_key("0015611910000") == "66"


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_ice_key_makes_valid(first13: str) -> None:
    assert ice_valid(first13 + ice_key(first13))


@pytest.mark.parametrize("card", ["4111111111111111", "5555555555554444", "378282246310005", "4012888888881881"])
def test_luhn_valid_test_cards(card: str) -> None:
    assert luhn_valid(card)
    assert not luhn_valid(card[:-1] + str((int(card[-1]) + 1) % 10))


def test_luhn_rejects_non_digits() -> None:
    assert not luhn_valid("4111 1111 1111 1111")
    assert not luhn_valid("")
    assert not luhn_valid("٤١١١١١١١١١١١١١١١")


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_luhn_check_digit(payload: str) -> None:
    assert luhn_valid(payload + luhn_check_digit(payload))


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=5, max_size=34))
def test_iban_number_is_the_iso_13616_reading(compact: str) -> None:
    # letters count as two digits (A=10 ... Z=35), after moving the first four characters to the end
    rearranged = compact[4:] + compact[:4]
    assert checksums._iban_number(compact) == int("".join(str(int(c, 36)) for c in rearranged))
