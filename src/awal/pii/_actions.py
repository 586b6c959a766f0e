"""What to do with what :func:`awal.pii.find` found: replace, mask or pseudonymise.

Pseudonymisation is consistent: the surrogate of a value is derived from
``HMAC-SHA256(key, type + canonical value)``, so the same person, phone or account gets
the same surrogate everywhere the key is used (across a corpus, when the caller passes a
key; within one call otherwise, with a fresh random key). Surrogates keep the original's
layout (separators, case, digit script, country and operator prefixes) and carry a valid
checksum (RIB key, IBAN check digits, ICE key, Luhn), so downstream parsers keep working.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from awal.errors import InputError, InputTypeError, UnknownNameError, ensure_text
from awal.pii._find import DEFAULT_MIN_SCORE, Entity, find
from awal.pii._recognizers import FOLD
from awal.pii.checksums import iban_check_digits, ice_key, luhn_check_digit, rib_key

__all__ = ["ACTIONS", "Pseudonymizer", "Redaction", "redact", "redact_entities"]

#: accepted values of ``action`` (``pseudonymise`` and ``redact`` are accepted aliases)
ACTIONS: tuple[str, ...] = ("replace", "mask", "pseudonymize")
_ALIASES = {"pseudonymise": "pseudonymize", "redact": "replace"}

#: how many trailing letters/digits partial masking leaves visible, per type
MASK_KEEP: dict[str, int] = {
    "CARD": 4,
    "RIB": 4,
    "IBAN": 4,
    "PHONE": 2,
    "CIN": 2,
    "ICE": 3,
    "CNSS": 2,
    "MASSAR": 2,
    "PASSPORT": 2,
    "PLATE": 0,
    "IP": 0,
    "DOB": 0,
    "PERSON": 0,
    "EMAIL": 0,
}

_ARABIC_INDIC = {chr(0x0660 + i): i for i in range(10)}
_PERSIAN = {chr(0x06F0 + i): i for i in range(10)}

# surrogate names (written for awal; not drawn from any corpus)
_FIRST_LAT = (  # noqa: SIM905 - word lists read best as text
    "Nadia Karim Yassine Houda Rachid Samira Mehdi Leila Omar Imane Youssef Sanaa Hamza Ghita Anass Meryem "
    "Ilyas Zineb Tarik Asmae Reda Kenza Soufiane Hajar Adil Loubna Badr Siham Nabil Wiam"
).split()
_LAST_LAT = (  # noqa: SIM905 - word lists read best as text
    "Amrani Berrada Chraibi Dahbi Essaidi Fassi Ghazali Haddad Idrissi Jamai Kettani Lahlou Mansouri Naciri "
    "Ouazzani Qadiri Rahmouni Sebti Tahiri Wahbi Yacoubi Zerhouni Benjelloun Slaoui Bennis Alami Tazi Sqalli"
).split()
_FIRST_AR = "نادية كريم ياسين هدى رشيد سميرة مهدي ليلى عمر إيمان يوسف سناء حمزة غيثة أنس مريم إلياس زينب طارق أسماء رضا كنزة".split()  # noqa: SIM905
_LAST_AR = "العمراني برادة الشرايبي الذهبي السعيدي الفاسي الغزالي الحداد الإدريسي الجامعي الكتاني لحلو المنصوري الناصري الوزاني الطاهري".split()  # noqa: SIM905
_PLATE_AR = "أبدهوط"
_PLATE_LAT = "ABDHWT"


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted text, what was found, and what each entity was replaced with."""

    text: str
    entities: list[Entity]
    replacements: list[str]


def _canonical(typ: str, value: str) -> str:
    v = value.translate(FOLD)
    if typ == "PHONE":
        return re.sub(r"[^0-9]", "", v)[-9:]
    if typ in ("RIB", "ICE", "CARD", "CNSS"):
        return re.sub(r"[^0-9]", "", v)
    if typ in ("IBAN", "CIN", "MASSAR", "PASSPORT", "PLATE"):
        return "".join(c for c in v if c.isalnum()).upper()
    if typ == "IP":
        try:
            return str(ipaddress.ip_address(v))
        except ValueError:
            return v
    return " ".join(v.casefold().split())


class Pseudonymizer:
    """Consistent, format-preserving, checksum-valid surrogates.

    With ``key`` (str or bytes, keep it secret) the mapping is the same in every run, so a
    corpus pseudonymised in pieces stays linkable; without one, a random key is drawn and
    the mapping only holds for this object's lifetime (e.g. one document).
    """

    def __init__(self, key: str | bytes | None = None) -> None:
        if key is None:
            self._key = secrets.token_bytes(32)
        elif isinstance(key, str):
            self._key = key.encode("utf-8")
        elif isinstance(key, (bytes, bytearray)):
            self._key = bytes(key)
        else:
            raise InputTypeError(f"key must be str or bytes, not {type(key).__name__}")
        if not self._key:
            raise InputError("the pseudonymisation key is empty; pass a secret string, or no key for a random one")
        self.keyed = key is not None
        self._cache: dict[tuple[str, str], str] = {}

    def _rng(self, typ: str, canon: str, attempt: int) -> random.Random:
        msg = f"{typ}\x1f{canon}\x1f{attempt}".encode()
        return random.Random(int.from_bytes(hmac.new(self._key, msg, hashlib.sha256).digest(), "big"))

    def surrogate(self, typ: str, value: str) -> str:
        """The surrogate of ``value`` (an entity of type ``typ``), in ``value``'s layout."""
        typ = typ.upper()
        if typ not in _MAKERS:
            raise UnknownNameError("entity type", typ, _MAKERS)
        memo = (typ, value)
        if memo in self._cache:
            return self._cache[memo]
        canon = _canonical(typ, value)
        out = value
        for attempt in range(8):
            out = _MAKERS[typ](value, self._rng(typ, canon, attempt))
            if _canonical(typ, out) != canon:
                break
        self._cache[memo] = out
        return out


# --------------------------------------------------------------------------- surrogate makers
def _put_digits(template: str, digits: str) -> str:
    """Write ``digits`` into the digit positions of ``template``, keeping each digit's script."""
    out, it = [], iter(digits)
    for c in template:
        if "0" <= c <= "9":
            out.append(next(it))
        elif c in _ARABIC_INDIC:
            out.append(chr(0x0660 + int(next(it))))
        elif c in _PERSIAN:
            out.append(chr(0x06F0 + int(next(it))))
        else:
            out.append(c)
    return "".join(out)


def _digits_of(value: str) -> str:
    return re.sub(r"[^0-9]", "", value.translate(FOLD))


def _rand_digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _reshape(value: str, rng: random.Random, keep_digits: int = 0) -> str:
    """Random digits for digits (after the first ``keep_digits``), random letters for Latin letters."""
    out, seen = [], 0
    for c in value:
        f = c.translate(FOLD)
        if "0" <= f <= "9":
            seen += 1
            out.append(c if seen <= keep_digits else _put_digits(c, str(rng.randrange(10))))
        elif c.isascii() and c.isalpha():
            letter = chr(65 + rng.randrange(26))
            out.append(letter if c.isupper() else letter.lower())
        else:
            out.append(c)
    return "".join(out)


def _phone(value: str, rng: random.Random) -> str:
    d = _digits_of(value)
    nsn_start = len(d) - 9
    new = d[: nsn_start + 1] + _rand_digits(rng, 8)
    return _put_digits(value, new)


def _rib(value: str, rng: random.Random) -> str:
    d = _digits_of(value)
    first22 = d[:3] + _rand_digits(rng, 19)
    return _put_digits(value, first22 + rib_key(first22))


def _ice(value: str, rng: random.Random) -> str:
    first13 = _rand_digits(rng, 13)
    return _put_digits(value, first13 + ice_key(first13))


def _card(value: str, rng: random.Random) -> str:
    d = _digits_of(value)
    payload = d[:4] + _rand_digits(rng, len(d) - 5)
    return _put_digits(value, payload + luhn_check_digit(payload))


def _iban(value: str, rng: random.Random) -> str:
    chars = [c for c in value.translate(FOLD) if c.isalnum()]
    cc = "".join(chars[:2]).upper()
    bban_old = chars[4:]
    if cc == "MA" and len(bban_old) == 24 and all(c.isdigit() for c in bban_old):
        first22 = "".join(bban_old[:3]) + _rand_digits(rng, 19)
        bban = first22 + rib_key(first22)
    else:
        bban = "".join(
            str(rng.randrange(10)) if c.isdigit() else chr(65 + rng.randrange(26)) if i >= 4 or not c.isalpha() else c
            for i, c in enumerate(bban_old)
        )
        if not bban.isupper() and any(c.isalpha() for c in bban):
            bban = bban.upper()
    check = iban_check_digits(cc, bban)
    new = list(cc + check + bban)
    out, it = [], iter(new)
    for c in value:
        if c.translate(FOLD).isalnum() and (c.isascii() or c.translate(FOLD) != c):
            n = next(it)
            out.append(_put_digits(c, n) if n.isdigit() else (n if c.isupper() or not c.isalpha() else n.lower()))
        else:
            out.append(c)
    return "".join(out)


def _plate(value: str, rng: random.Random) -> str:
    out = []
    groups = re.split(r"([0-9\u0660-\u0669\u06f0-\u06f9]+)", value)
    digit_groups = [i for i, g in enumerate(groups) if g and g.translate(FOLD).isdigit()]
    for i, g in enumerate(groups):
        if i in digit_groups:
            n = len(g)
            if n <= 2:  # prefecture code: 1..89
                v = str(rng.randrange(1, 10)) if n == 1 else str(rng.randrange(10, 90))
            else:
                v = str(rng.randrange(1, 10)) + _rand_digits(rng, n - 1)
            out.append(_put_digits(g, v))
        else:
            g2 = []
            for c in g:
                if "\u0621" <= c <= "\u064a":
                    g2.append(_PLATE_AR[rng.randrange(len(_PLATE_AR))])
                elif c.isascii() and c.isalpha() and g.strip(" -|/").upper() != "WW":
                    g2.append(_PLATE_LAT[rng.randrange(len(_PLATE_LAT))])
                else:
                    g2.append(c)
            out.append("".join(g2))
    return "".join(out)


def _email(value: str, rng: random.Random) -> str:
    local, _, domain = value.rpartition("@")
    labels = domain.split(".")
    alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
    new_local = "".join(alnum[rng.randrange(26 if i == 0 else 36)] if c.isalnum() else c for i, c in enumerate(local))
    new_labels = ["".join(alnum[rng.randrange(26)] if c.isalnum() else c for c in lab) for lab in labels[:-1]]
    return f"{new_local}@{'.'.join([*new_labels, labels[-1]])}"


def _ip(value: str, rng: random.Random) -> str:
    if ":" in value:
        return str(ipaddress.IPv6Address(rng.getrandbits(128)))
    return ".".join(str(rng.randrange(1, 255)) for _ in range(4))


def _dob(value: str, rng: random.Random) -> str:
    f = value.translate(FOLD)
    parts = re.findall(r"[0-9]+", f)
    year = rng.randrange(1950, 2010)
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    repl = []
    for p in parts:
        if len(p) == 4:
            repl.append(str(year))
        elif len(parts) == 2 or (len(parts) == 3 and p is parts[0] and len(parts[-1]) == 4) or p is parts[-1]:
            repl.append(f"{day:0{len(p)}d}")
        else:
            repl.append(f"{month:0{len(p)}d}")
    if len(parts) == 2 and len(parts[1]) == 2:  # "12 mars 90"
        repl[1] = f"{year % 100:02d}"
    it = iter(repl)
    out = re.sub(r"[0-9]+", lambda _m: next(it), f)
    return _put_digits(value, _digits_of(out)) if len(_digits_of(out)) == len(_digits_of(value)) else out


def _person(value: str, rng: random.Random) -> str:
    tokens = value.split()
    arabic = any("\u0600" <= c <= "\u06ff" for c in value)
    firsts, lasts = (_FIRST_AR, _LAST_AR) if arabic else (_FIRST_LAT, _LAST_LAT)
    new = [firsts[rng.randrange(len(firsts))]]
    new += [lasts[rng.randrange(len(lasts))] for _ in tokens[1:]]
    if not arabic:
        if value.islower():
            new = [w.lower() for w in new]
        elif value.isupper():
            new = [w.upper() for w in new]
    return " ".join(new)


_MAKERS = {
    "PHONE": _phone,
    "RIB": _rib,
    "ICE": _ice,
    "CARD": _card,
    "IBAN": _iban,
    "CIN": _reshape,
    "MASSAR": _reshape,
    "PASSPORT": _reshape,
    "CNSS": _reshape,
    "PLATE": _plate,
    "EMAIL": _email,
    "IP": _ip,
    "DOB": _dob,
    "PERSON": _person,
}


# --------------------------------------------------------------------------- masking
def mask_value(typ: str, value: str, mask_char: str = "*", keep: int | None = None) -> str:
    """Hide all letters and digits of ``value`` but the last ``keep`` (a per-type default)."""
    if typ == "EMAIL" and keep is None:
        local, _, domain = value.rpartition("@")
        return local[:1] + mask_char * (len(local) - 1) + "@" + domain
    k = MASK_KEEP.get(typ, 0) if keep is None else keep
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    visible = set(alnum[len(alnum) - k :]) if k > 0 else set()
    if typ == "IBAN":
        visible |= set(alnum[:2])  # the country code
    if typ == "PERSON":
        # initials stay: "Salma Bennani" -> "S**** B******"
        visible |= {i for i, c in enumerate(value) if c.isalnum() and (i == 0 or not value[i - 1].isalnum())}
    return "".join(c if (i in visible or not c.isalnum()) else mask_char for i, c in enumerate(value))


# --------------------------------------------------------------------------- public functions
def redact_entities(
    text: str,
    action: str = "replace",
    *,
    key: str | bytes | None = None,
    types: str | Iterable[str] | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    placeholder: str = "[{type}]",
    mask_char: str = "*",
    pseudonymizer: Pseudonymizer | None = None,
) -> Redaction:
    """Like :func:`redact`, but also returns the entities and their replacements."""
    text = ensure_text(text)
    if not isinstance(action, str):
        raise InputTypeError(f"action must be str, not {type(action).__name__}")
    act = _ALIASES.get(action.lower(), action.lower())
    if act not in ACTIONS:
        raise UnknownNameError("action", action, ACTIONS)
    if not isinstance(mask_char, str) or len(mask_char) != 1:
        raise InputError(f"mask_char must be a single character, not {mask_char!r}")
    if act == "pseudonymize" and pseudonymizer is None:
        pseudonymizer = Pseudonymizer(key)
    entities = find(text, types=types, min_score=min_score)
    pieces: list[str] = []
    replacements: list[str] = []
    cursor = 0
    for ent in entities:
        if act == "replace":
            new = placeholder.replace("{type}", ent.type)
        elif act == "mask":
            new = mask_value(ent.type, ent.text, mask_char)
        else:
            assert pseudonymizer is not None
            new = pseudonymizer.surrogate(ent.type, ent.text)
        pieces.append(text[cursor : ent.start])
        pieces.append(new)
        replacements.append(new)
        cursor = ent.end
    pieces.append(text[cursor:])
    return Redaction("".join(pieces), entities, replacements)


def redact(
    text: str,
    action: str = "replace",
    *,
    key: str | bytes | None = None,
    types: str | Iterable[str] | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    placeholder: str = "[{type}]",
    mask_char: str = "*",
    pseudonymizer: Pseudonymizer | None = None,
) -> str:
    """``text`` with its personal data replaced.

    ``action``: ``"replace"`` (typed placeholders, ``[CIN]``; ``placeholder`` sets the
    pattern), ``"mask"`` (``06 ** ** ** 67``: letters and digits hidden but the last few,
    layout kept) or ``"pseudonymize"`` (consistent, format-preserving, checksum-valid
    surrogates; ``key`` makes them reproducible across documents, ``pseudonymizer``
    shares one mapping between calls).

    >>> redact("RIB: 011519000001205000534921", "mask")
    'RIB: ********************4921'
    """
    return redact_entities(
        text,
        action,
        key=key,
        types=types,
        min_score=min_score,
        placeholder=placeholder,
        mask_char=mask_char,
        pseudonymizer=pseudonymizer,
    ).text
