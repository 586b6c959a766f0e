"""Check-digit algorithms of the identifiers awal.pii recognises.

Each ``*_valid`` function takes the *compact* value (separators removed, ASCII digits);
each ``*_key``/``*_check`` function computes the check part, so surrogates made by
pseudonymisation can be given a correct one. Sources are cited in ``docs/pii.md``.
"""

from __future__ import annotations

__all__ = [
    "IBAN_LENGTHS",
    "iban_check_digits",
    "iban_valid",
    "ice_key",
    "ice_valid",
    "luhn_check_digit",
    "luhn_valid",
    "rib_key",
    "rib_valid",
]

#: IBAN length per country (SWIFT IBAN registry, ISO 13616); the country code is the key.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "DZ": 26, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22,
    "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "LY": 25, "MA": 28, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30,
    "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24,
    "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SN": 28,
    "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    "YE": 30,
}  # fmt: skip


_LUHN_DOUBLE = bytes.maketrans(b"0123456789", b"0246813579")


def luhn_valid(digits: str) -> bool:
    """Luhn (ISO/IEC 7812-1 annex B) check over a string of ASCII digits."""
    if not digits.isdigit() or not digits.isascii():
        return False
    # same sum as _luhn_sum, without a Python loop: digits in odd positions from the right
    # are doubled (digit sum of 2d, by table), and the sum of ASCII codes minus 48 per digit
    # is the sum of the digits (bytes, not str: bytes.translate needs no per-call cache)
    b = digits.encode()
    return (sum(b[-1::-2]) + sum(b[-2::-2].translate(_LUHN_DOUBLE)) - 48 * len(digits)) % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit to append to ``payload`` so that the whole passes :func:`luhn_valid`."""
    return str((10 - _luhn_sum(payload + "0")) % 10)


def _luhn_sum(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def rib_key(first22: str) -> str:
    """Moroccan RIB key: ``97 - ((bank . city . account) * 100 mod 97)``, two digits, 01..97.

    Equivalent to "the 24-digit RIB is divisible by 97" (checked against the Moroccan
    example of the SWIFT IBAN registry, RIB 011519000001205000534921).
    """
    return f"{97 - (int(first22) * 100) % 97:02d}"


def rib_valid(digits: str) -> bool:
    """True for 24 ASCII digits whose last two are the :func:`rib_key` of the first 22."""
    return len(digits) == 24 and digits.isdigit() and digits.isascii() and rib_key(digits[:22]) == digits[22:]


def ice_key(first13: str) -> str:
    """ICE control key: the two digits that make the 15-digit number divisible by 97."""
    return f"{(97 - (int(first13) * 100) % 97) % 97:02d}"


def ice_valid(digits: str) -> bool:
    """True for 15 ASCII digits forming a number divisible by 97 (ISO 7064 MOD 97-10 style)."""
    return len(digits) == 15 and digits.isdigit() and digits.isascii() and int(digits) % 97 == 0


#: ISO 13616 letter values: A -> "10" ... Z -> "35" (digits stay themselves)
_IBAN_LETTERS = str.maketrans({chr(65 + i): str(10 + i) for i in range(26)})


def _iban_number(compact: str) -> int:
    """The upper-case IBAN, country and check digits moved to the end, letters as numbers."""
    return int((compact[4:] + compact[:4]).translate(_IBAN_LETTERS))


def iban_valid(compact: str) -> bool:
    """ISO 13616 check: known country, registry length, alphanumeric BBAN, mod 97 == 1."""
    compact = compact.upper()
    if len(compact) < 5 or not compact.isascii() or not compact.isalnum():
        return False
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    return _iban_number(compact) % 97 == 1


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits of the IBAN ``country + ?? + bban``."""
    return f"{98 - _iban_number(country.upper() + '00' + bban.upper()) % 97:02d}"
