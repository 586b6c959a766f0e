"""awal.pii.find: per-type positives and negatives (sentences written for these tests), fail-closed
checksums, offsets into the original string, API contract, linear time."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awal import pii
from awal.errors import AwalError, InputTypeError, UnknownNameError

# (sentence, type, expected entity text)
POSITIVES = [
    # CIN
    ("salam, cin dyali BK123456 3afak", "CIN", "BK123456"),
    ("ra9m la carte nationale dyali: bk 482913", "CIN", "bk 482913"),
    ("البطاقة الوطنية ديالي A654321", "CIN", "A654321"),
    ("يحمل البطاقة الوطنية رقم JA-123456", "CIN", "JA-123456"),
    ("titulaire de la CIN D123456, demeurant à Meknès", "CIN", "D123456"),
    # PHONE, every common layout
    ("nmra dyali 0661234567", "PHONE", "0661234567"),
    ("3ayet liya f 06 61 23 45 67 daba", "PHONE", "06 61 23 45 67"),
    ("tel: 06.61.23.45.67", "PHONE", "06.61.23.45.67"),
    ("GSM 0661-234567", "PHONE", "0661-234567"),
    ("appelez-moi au +212 6 61 23 45 67 svp", "PHONE", "+212 6 61 23 45 67"),
    ("Tél : +212 (0)5 22 12 34 56", "PHONE", "+212 (0)5 22 12 34 56"),
    ("whatsapp 00212661234567", "PHONE", "00212661234567"),
    ("joignable au (0)6 61 23 45 67", "PHONE", "(0)6 61 23 45 67"),
    ("رقم الهاتف ديالي ٠٦٦١٢٣٤٥٦٧", "PHONE", "٠٦٦١٢٣٤٥٦٧"),
    ("عيط ليا ف ۰۷۰۰۱۲۳۴۵۶", "PHONE", "۰۷۰۰۱۲۳۴۵۶"),
    ("للتواصل عبر الهاتف 0522-123456", "PHONE", "0522-123456"),
    ("nmra dyali 06 42 41 13 99 3afak", "PHONE", "06 42 41 13 99"),
    # RIB / IBAN / ICE / CARD
    ("RIB : 011 519 0000012050005349 21", "RIB", "011 519 0000012050005349 21"),
    ("sifet lflous l 011519000001205000534921 3afak", "RIB", "011519000001205000534921"),
    ("رقم الحساب البنكي 0115 1900 0001 2050 0053 4921", "RIB", "0115 1900 0001 2050 0053 4921"),
    ("IBAN : MA64 0115 1900 0001 2050 0053 4921", "IBAN", "MA64 0115 1900 0001 2050 0053 4921"),
    ("virement vers FR14 2004 1010 0505 0001 3M02 606 merci", "IBAN", "FR14 2004 1010 0505 0001 3M02 606"),
    ("الايبان ديالي GB82WEST12345698765432", "IBAN", "GB82WEST12345698765432"),
    ("ICE : 001561191000066", "ICE", "001561191000066"),
    ("المعرف الموحد للمقاولة 002136093000040", "ICE", "002136093000040"),
    ("payé par carte 4111 1111 1111 1111 hier", "CARD", "4111 1111 1111 1111"),
    ("ra9m lkarta 5555-5555-5555-4444", "CARD", "5555-5555-5555-4444"),
    ("Amex 378282246310005", "CARD", "378282246310005"),
    # context-only types
    ("n° CNSS 123 456 789", "CNSS", "123 456 789"),
    ("رقم الضمان الاجتماعي ديالي 180469501", "CNSS", "180469501"),
    ("passeport n° AB1234567", "PASSPORT", "AB1234567"),
    ("الباسبور ديالي ZP 3016749", "PASSPORT", "ZP 3016749"),
    ("code massar dyal bnti G134567890", "MASSAR", "G134567890"),
    ("رمز مسار R145678901", "MASSAR", "R145678901"),
    # plates
    ("tomobil matricule 12345-أ-6", "PLATE", "12345-أ-6"),
    ("السيارة ذات الترقيم 48213 | ب | 6", "PLATE", "48213 | ب | 6"),
    ("véhicule immatriculé 12345-A-6", "PLATE", "12345-A-6"),
    ("lplaque WW 123456 mazal", "PLATE", "WW 123456"),
    # email, IP
    ("sift liya f salma.bennani@gmail.com", "EMAIL", "salma.bennani@gmail.com"),
    ("الإيميل ديالي k.tazi@um5.ac.ma", "EMAIL", "k.tazi@um5.ac.ma"),
    ("connexion depuis 196.200.131.7", "IP", "196.200.131.7"),
    ("adresse IP 2001:db8::8a2e:370", "IP", "2001:db8::8a2e:370"),
    # birth dates and names, from context
    ("je suis née le 14/02/1991 à Fès", "DOB", "14/02/1991"),
    ("tzadt f 3 mars 1995", "DOB", "3 mars 1995"),
    ("مزداد في 12 مارس 1990", "DOB", "12 مارس 1990"),
    ("date de naissance : 1990-03-12", "DOB", "1990-03-12"),
    ("smiti Salma Bennani w ana mn Fès", "PERSON", "Salma Bennani"),
    ("ana smiti youssef tazi, merci", "PERSON", "youssef tazi"),
    ("je m'appelle Ahmed El Amrani", "PERSON", "Ahmed El Amrani"),
    ("اسمي أحمد العلوي وساكن ف الرباط", "PERSON", "أحمد العلوي"),
    ("سميتي هند لحلو", "PERSON", "هند لحلو"),
    ("Monsieur Karim Tazi est prié de se présenter", "PERSON", "Karim Tazi"),
]


@pytest.mark.parametrize(("sentence", "typ", "expected"), POSITIVES)
def test_positive(sentence: str, typ: str, expected: str) -> None:
    found = [(e.type, e.text) for e in pii.find(sentence)]
    assert (typ, expected) in found, found


NEGATIVES = [
    "chrit tilifoun b 1500 dh o wsal f 12/03/2024",
    "Votre commande n° 45871236 a été expédiée le 2024-05-12",
    "Numéro de suivi : RR123456789MA",
    "الثمن 2 500,00 DH والموعد على 14:30",
    "le numéro 06 12 34 56 7 est incomplet",
    "ghalat: 061234567890",
    "le numéro 06 12 34 56 78 9 a 11 chiffres",
    "Référence de transaction 1234 5678 9012 3456 7890 1234",  # 24 digits, wrong RIB key, no RIB context
    "IMEI de l'appareil : 353255631896670",
    "Code postal 20250, depuis 2019",
    "version 1.2.3.4 dyal l'application",
    "Monsieur le Directeur, veuillez trouver ci-joint le rapport",
    "بين 5 و 6 ديال الليل",
    "le train 1234 part à 18:45",
    "3ndi 25 3am o khdam f casa",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_hard_negative(sentence: str) -> None:
    assert pii.find(sentence) == []


def test_fail_closed_rib_with_bad_key() -> None:
    bad = "011780000012345678901299"  # key should be 96
    found = pii.find(f"merci de verser sur mon RIB {bad}")
    assert [(e.type, e.text, e.valid) for e in found] == [("RIB", bad, False)]
    # the same digits with no bank context are not reported
    assert pii.find(f"ref 7 {bad}") == []


def test_fail_closed_card_with_bad_luhn() -> None:
    found = pii.find("carte bancaire 4111 1111 1111 1112")
    assert [(e.type, e.valid) for e in found] == [("CARD", False)]
    assert pii.find("colis 4111 1111 1111 1112") == []


def test_valid_checksum_scores_high() -> None:
    (ent,) = pii.find("011519000001205000534921")
    assert ent.type == "RIB" and ent.valid and ent.score >= 0.9


def test_context_raises_score() -> None:
    bare = pii.find("BK123456")[0].score
    ctx = pii.find("la carte nationale BK123456")[0].score
    assert ctx > bare


def test_entity_is_frozen_and_dict() -> None:
    (ent,) = pii.find("tel 0661234567")
    with pytest.raises(AttributeError):
        ent.start = 0  # type: ignore[misc]
    assert ent.to_dict() == {
        "type": "PHONE",
        "start": 4,
        "end": 14,
        "text": "0661234567",
        "score": ent.score,
        "valid": True,
    }


def test_types_filter_and_unknown_type() -> None:
    text = "tel 0661234567, cin BK123456"
    assert {e.type for e in pii.find(text, types=["phone"])} == {"PHONE"}
    assert {e.type for e in pii.find(text, types="CIN,PHONE")} == {"CIN", "PHONE"}
    with pytest.raises(UnknownNameError) as info:
        pii.find(text, types=["PHONE", "SSN"])
    assert "PHONE" in str(info.value) and "SSN" in str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, AwalError)


def test_min_score() -> None:
    text = "BK 123456"
    assert pii.find(text, min_score=0.0)
    assert pii.find(text, min_score=0.99) == []


def test_bad_input_types() -> None:
    with pytest.raises(InputTypeError):
        pii.find(b"0661234567")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        pii.find("x", min_score="high")  # type: ignore[arg-type]
    assert pii.find("") == []


def test_overlaps_resolved_deterministically() -> None:
    text = "RIB 011519000001205000534921 / IBAN MA64011519000001205000534921 / tel 0661234567 0698765432"
    a, b = pii.find(text), pii.find(text)
    assert a == b
    assert [e.type for e in a] == ["RIB", "IBAN", "PHONE", "PHONE"]
    for x, y in itertools.pairwise(a):
        assert x.end <= y.start


FILLER = st.text(alphabet="xyzq ثخذ،,", max_size=15)
ENTITIES = st.sampled_from(
    [
        ("PHONE", "0661234567"),
        ("PHONE", "06 61 23 45 67"),
        ("PHONE", "٠٦٦١٢٣٤٥٦٧"),
        ("PHONE", "+212 6 61 23 45 67"),
        ("RIB", "011519000001205000534921"),
        ("IBAN", "MA64 0115 1900 0001 2050 0053 4921"),
        ("EMAIL", "a.b@example.ma"),
        ("CARD", "4111 1111 1111 1111"),
        ("ICE", "001561191000066"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(FILLER, ENTITIES), min_size=1, max_size=4), FILLER)
def test_offsets_index_the_original_string(parts: list[tuple[str, tuple[str, str]]], tail: str) -> None:
    text, spans = "", []
    for filler, (typ, value) in parts:
        text += filler + " "
        spans.append((typ, len(text), len(text) + len(value)))
        text += value + " "
    text += tail
    found = pii.find(text)
    for e in found:
        assert text[e.start : e.end] == e.text
    assert set(spans) <= {(e.type, e.start, e.end) for e in found}


@given(st.text(max_size=200))
def test_never_crashes_and_offsets_hold(text: str) -> None:
    for e in pii.find(text):
        assert text[e.start : e.end] == e.text
        assert 0.0 <= e.score <= 1.0


@pytest.mark.parametrize(
    "unit",
    ["0", "1 ", "06 ", "a@", "A1", "(0)", "+212 ", "12345-أ-6 ", "smiti ", "x.", "1.", "ab:", "MA64 ", "RIB 1"],
)
def test_linear_time_on_a_long_line(unit: str) -> None:
    # a quadratic pattern would take hours on 100 kB; a linear scan takes well under a second
    line = unit * (100_000 // len(unit))
    t0 = time.perf_counter()
    pii.find(line)
    assert time.perf_counter() - t0 < 20.0
