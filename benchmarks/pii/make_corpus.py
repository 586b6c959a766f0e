"""Generate the awal.pii evaluation corpus: sentences with gold personal-data spans.

Seeded and deterministic. Sentences are built from carrier frames, context phrases and
value generators written for this benchmark (not derived from the recogniser code): the
phrasings are how people write in Darija (Arabic script and Arabizi), MSA and French
chats, forms and e-mails, and the values use every layout we have seen people type.

Three template sets with disjoint phrases, frames and negative templates: ``dev`` (used
while developing awal.pii); ``held`` (held back until awal.pii's first complete version;
its first-run scores are recorded in benchmarks/pii/README.md, after which its errors
were examined and fixed, so it counts as development data from then on); ``held2``
(written before ``held`` was examined; first-run scores recorded, then examined and fixed);
``held3`` (written before ``held2`` was examined, never looked at while tuning: the honest one).

Hard negatives: prices, dates, times, order/tracking/transaction numbers, 24-digit
references that are not RIBs, 15-digit IMEIs, phone-like numbers of the wrong length,
postcodes, versions, titles without names.

    python benchmarks/pii/make_corpus.py -o benchmarks/_work/pii_corpus.jsonl
"""

# ruff: noqa: SIM905  (name lists read best as text)
from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections.abc import Callable
from pathlib import Path

LANGS = ("ary_Arab", "ary_Latn", "arb_Arab", "fra_Latn")
SPLITS = ("dev", "held", "held2", "held3")

# --------------------------------------------------------------------------- value generators
# Each returns the surface string as a person would type it. ``lang`` lets a generator
# choose Arabic-Indic digits or an Arabic plate letter where people writing Arabic would.

_AR_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def _group(s: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


CIN_PREFIXES = (
    "A AB AD B BB BE BH BJ BK BL BM BW C CB CD D DA DB DJ DN E EA EB EE F FA FB FH FL G GA GB GK GM GN H HA HH I IA IB "
    "J JA JB JC JE JF JH JK JM JT JY JZ K KA KB L LA LB LC LE LG M MA MC N NA O P PA PB Q QA R RB S SA SH SJ SL T TA TK "
    "U UA UC V VA W WA X XA Y YA Z ZG ZT"
).split()


def gen_cin(r: random.Random, lang: str) -> str:
    p = r.choice(CIN_PREFIXES)
    n = _d(r, r.choice((6, 6, 6, 5)))
    style = r.random()
    if style < 0.55:
        return p + n
    if style < 0.72:
        return p + " " + n
    if style < 0.8:
        return p + "-" + n
    if style < 0.92:
        return (p + n).lower()
    return p.capitalize() + n


def _phone_nsn(r: random.Random) -> str:
    k = r.random()
    if k < 0.45:
        return "6" + r.choice("0123456789") + _d(r, 7)
    if k < 0.8:
        return "7" + r.choice("0125678") + _d(r, 7)
    return "5" + r.choice("23") + _d(r, 7)


def gen_phone(r: random.Random, lang: str) -> str:
    nsn = _phone_nsn(r)
    nat = "0" + nsn
    fmts: list[Callable[[], str]] = [
        lambda: nat,
        lambda: _group(nat, [2, 2, 2, 2, 2], " "),
        lambda: _group(nat, [2, 2, 2, 2, 2], "."),
        lambda: _group(nat, [2, 2, 2, 2, 2], "-"),
        lambda: _group(nat, [4, 6], "-"),
        lambda: _group(nat, [4, 3, 3], " "),
        lambda: _group(nat, [3, 3, 4], " "),
        lambda: "+212" + nsn,
        lambda: "+212 " + _group(nsn, [1, 2, 2, 2, 2], " "),
        lambda: "+212 " + _group(nsn, [3, 3, 3], " "),
        lambda: "+212 (0)" + _group(nsn, [1, 2, 2, 2, 2], " "),
        lambda: "+212-" + _group(nsn, [3, 6], "-"),
        lambda: "00212" + nsn,
        lambda: "00 212 " + _group(nsn, [3, 2, 2, 2], " "),
        lambda: "(+212) " + _group(nsn, [3, 6], "-"),
        lambda: "(0)" + _group(nsn, [1, 2, 2, 2, 2], " "),
    ]
    v = r.choice(fmts)()
    if lang.endswith("Arab") and r.random() < 0.3:
        v = v.translate(_PERSIAN if r.random() < 0.2 else _AR_INDIC)
    return v


BANKS = ("007", "011", "013", "021", "022", "101", "127", "145", "157", "164", "181", "190", "225", "230", "310", "350")
CITIES = ("780", "810", "640", "270", "450", "360", "300", "001", "785", "815", "500", "620")


def _rib_digits(r: random.Random, good: bool = True) -> str:
    body = r.choice(BANKS) + r.choice(CITIES) + _d(r, 16)
    key = 97 - (int(body) * 100) % 97
    if not good:
        key = (key + r.randrange(1, 96)) % 97 or 97
    return body + f"{key:02d}"


def _rib_layout(r: random.Random, d: str) -> str:
    k = r.random()
    if k < 0.35:
        return d
    if k < 0.65:
        return _group(d, [3, 3, 16, 2], " ")
    if k < 0.85:
        return _group(d, [4, 4, 4, 4, 4, 4], " ")
    if k < 0.93:
        return _group(d, [3, 3, 16, 2], "-")
    return _group(d, [3, 3, 14, 4], " ")


def gen_rib(r: random.Random, lang: str) -> str:
    return _rib_layout(r, _rib_digits(r))


def gen_rib_badkey(r: random.Random, lang: str) -> str:
    return _rib_layout(r, _rib_digits(r, good=False))


def _iban_check(cc: str, bban: str) -> str:
    s = bban + cc + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{98 - n % 97:02d}"


FOREIGN_BBAN = {
    "FR": lambda r: _d(r, 10) + "".join(r.choice(string.digits + "ABCDEFGHJK") for _ in range(11)) + _d(r, 2),
    "ES": lambda r: _d(r, 20),
    "BE": lambda r: _d(r, 12),
    "DE": lambda r: _d(r, 18),
    "NL": lambda r: "".join(r.choice("ABNRIGNL") for _ in range(4)) + _d(r, 10),
    "IT": lambda r: r.choice(string.ascii_uppercase) + _d(r, 10) + _d(r, 12),
    "GB": lambda r: "".join(r.choice(string.ascii_uppercase) for _ in range(4)) + _d(r, 14),
    "TN": lambda r: _d(r, 20),
}


def gen_iban(r: random.Random, lang: str) -> str:
    if r.random() < 0.7:
        cc, bban = "MA", _rib_digits(r)
    else:
        cc = r.choice(sorted(FOREIGN_BBAN))
        bban = FOREIGN_BBAN[cc](r)
    iban = cc + _iban_check(cc, bban) + bban
    k = r.random()
    if k < 0.55:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    if k < 0.9:
        return iban
    return iban[:4] + " " + bban


def gen_ice(r: random.Random, lang: str) -> str:
    first = _d(r, 9) if r.random() < 0.5 else "00" + _d(r, 7)
    first13 = first + r.choice(("0000", "0001", "0002", "0010", _d(r, 4)))
    key = (97 - (int(first13) * 100) % 97) % 97
    v = first13 + f"{key:02d}"
    return v if r.random() < 0.8 else _group(v, [3, 3, 3, 3, 3], " ")


def gen_cnss(r: random.Random, lang: str) -> str:
    v = r.choice("123456789") + _d(r, 8)
    return v if r.random() < 0.7 else _group(v, [3, 3, 3], " ")


def gen_passport(r: random.Random, lang: str) -> str:
    v = "".join(r.choice(string.ascii_uppercase) for _ in range(2)) + _d(r, 7)
    return v if r.random() < 0.85 else v[:2] + " " + v[2:]


def gen_massar(r: random.Random, lang: str) -> str:
    v = r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + r.choice("1") + r.choice("3456") + _d(r, 7)
    return v if r.random() < 0.9 else v.lower()


def _luhn_complete(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload + "0")):
        dd = int(ch)
        if i % 2 == 1:
            dd = dd * 2 - 9 if dd > 4 else dd * 2
        total += dd
    return payload + str((10 - total % 10) % 10)


def _card_digits(r: random.Random, good: bool = True) -> str:
    k = r.random()
    if k < 0.55:
        v = _luhn_complete("4" + _d(r, 14))
    elif k < 0.9:
        v = _luhn_complete("5" + r.choice("12345") + _d(r, 13))
    else:
        v = _luhn_complete("3" + r.choice("47") + _d(r, 12))
    if not good:
        v = v[:-1] + str((int(v[-1]) + r.randrange(1, 10)) % 10)
    return v


def _card_layout(r: random.Random, v: str) -> str:
    if len(v) == 15:
        return _group(v, [4, 6, 5], " ") if r.random() < 0.6 else v
    k = r.random()
    if k < 0.6:
        return _group(v, [4, 4, 4, 4], " ")
    if k < 0.8:
        return v
    return _group(v, [4, 4, 4, 4], "-")


def gen_card(r: random.Random, lang: str) -> str:
    return _card_layout(r, _card_digits(r))


def gen_card_badluhn(r: random.Random, lang: str) -> str:
    return _card_layout(r, _card_digits(r, good=False))


PLATE_LETTERS = (("أ", "A"), ("ب", "B"), ("د", "D"), ("ه", "H"), ("و", "W"), ("ط", "T"))


def gen_plate(r: random.Random, lang: str) -> str:
    serial = str(r.randrange(1, 99999))
    region = str(r.randrange(1, 90))
    ar, lat = r.choice(PLATE_LETTERS)
    letter = ar if (lang.endswith("Arab") or r.random() < 0.5) else lat
    sep = r.choice(("-", "-", " | ", "|", " - ", "/"))
    return f"{serial}{sep}{letter}{sep}{region}"


FIRST_LAT = (
    "Mohamed Ahmed Youssef Fatima Khadija Aicha Hassan Hamid Abdelilah Zakaria Soukaina Salma Meriem Othmane Ayoub "
    "Hicham Nora Rajae Jamal Driss Latifa Brahim Hind Mustapha Ilham Amine Ismail Sara Najat Karima"
).split()
LAST_LAT = (
    "Alaoui Bennani Tazi Idrissi Berrada Chraibi Fassi Benali Ouali Amrani Naciri Bouzidi Lahlou Sekkat Tahiri "
    "Haddaoui Ziani Benkirane Belhaj Kabbaj Mernissi Guessous Bensouda Filali Hajji Ouahbi Lamrani Skalli"
).split()
PARTICLE_LAST_LAT = ("El Idrissi", "Ben Ali", "Ait Taleb", "El Amrani", "Ben Moussa", "Ait Lahcen", "El Fassi")
FIRST_AR = (
    "محمد أحمد يوسف فاطمة خديجة عائشة حسن حميد عبد الإله زكرياء سكينة سلمى مريم عثمان أيوب هشام نورة رجاء جمال إدريس "
    "لطيفة إبراهيم هند مصطفى إلهام أمين إسماعيل سارة نجاة كريمة"
).split()
LAST_AR = (
    "العلوي بناني التازي الإدريسي برادة الشرايبي الفاسي بنعلي الوالي العمراني الناصري البوزيدي لحلو السقاط الطاهري "
    "الحداوي الزياني بنكيران بلحاج القباج المرنيسي كسوس بنسودة الفيلالي الحجي الوهبي اللمراني السقلي"
).split()


def gen_person(r: random.Random, lang: str) -> str:
    if lang.endswith("Arab"):
        first = r.choice([f for f in FIRST_AR if f not in ("عبد", "الإله")])
        k = r.random()
        if k < 0.35:
            return first
        if k < 0.9:
            return first + " " + r.choice(LAST_AR)
        return first + " بن " + r.choice(FIRST_AR[:6])
    first = r.choice(FIRST_LAT)
    k = r.random()
    if k < 0.3:
        v = first
    elif k < 0.85:
        v = first + " " + r.choice(LAST_LAT)
    else:
        v = first + " " + r.choice(PARTICLE_LAST_LAT)
    if lang == "ary_Latn" and r.random() < 0.5:
        v = v.lower()
    return v


EMAIL_DOMAINS = ("gmail.com", "hotmail.fr", "yahoo.fr", "outlook.com", "menara.ma", "um5.ac.ma", "iam.ma", "live.fr")


def gen_email(r: random.Random, lang: str) -> str:
    f, last = r.choice(FIRST_LAT).lower(), r.choice(LAST_LAT).lower()
    local = r.choice(
        (f"{f}.{last}", f"{f}{last[:1]}{r.randrange(10, 99)}", f"{f}_{last}", f"{last}.{f}{r.randrange(1, 9)}")
    )
    return local + "@" + r.choice(EMAIL_DOMAINS)


def gen_ip(r: random.Random, lang: str) -> str:
    if r.random() < 0.8:
        return ".".join(
            str(x)
            for x in (
                r.choice((41, 105, 160, 196, 192, 10, 172, 81)),
                r.randrange(256),
                r.randrange(256),
                r.randrange(1, 255),
            )
        )
    groups = [f"{r.randrange(65536):x}" for _ in range(8)]
    if r.random() < 0.5:
        return "2001:db8::" + groups[6] + ":" + groups[7]
    return ":".join(groups)


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر")


def gen_dob(r: random.Random, lang: str) -> str:
    y, m, d = r.randrange(1950, 2012), r.randrange(1, 13), r.randrange(1, 29)
    k = r.random()
    if k < 0.45:
        return f"{d:02d}/{m:02d}/{y}"
    if k < 0.55:
        return f"{d:02d}-{m:02d}-{y}"
    if k < 0.62:
        return f"{d:02d}.{m:02d}.{y}"
    if k < 0.68:
        return f"{y}-{m:02d}-{d:02d}"
    if lang.endswith("Arab"):
        v = f"{d} {MONTHS_AR[m - 1]} {y}"
        return v.translate(_AR_INDIC) if r.random() < 0.3 else v
    return f"{'1er' if d == 1 else d} {MONTHS_FR[m - 1]} {y}"


GENERATORS: dict[str, Callable[[random.Random, str], str]] = {
    "CIN": gen_cin,
    "PHONE": gen_phone,
    "RIB": gen_rib,
    "RIB_BAD": gen_rib_badkey,
    "IBAN": gen_iban,
    "ICE": gen_ice,
    "CNSS": gen_cnss,
    "PASSPORT": gen_passport,
    "MASSAR": gen_massar,
    "CARD": gen_card,
    "CARD_BAD": gen_card_badluhn,
    "PLATE": gen_plate,
    "EMAIL": gen_email,
    "IP": gen_ip,
    "DOB": gen_dob,
    "PERSON": gen_person,
}
GOLD_TYPE = {"RIB_BAD": "RIB", "CARD_BAD": "CARD"}

# --------------------------------------------------------------------------- context phrases
# PHRASES[lang][kind][split]: "{v}" is where the value goes.
P = dict[str, dict[str, tuple[str, ...]]]

PHRASES: dict[str, P] = {
    "ary_Latn": {
        "CIN": {
            "dev": (
                "cin dyali {v}",
                "ra9m lbita9a {v}",
                "la carte nationale dyali: {v}",
                "n° cin {v}",
                "karta dyali fiha {v}",
            ),
            "held": ("lkarti d l'identité {v}", "ra9m cnie dyalo howa {v}"),
        },
        "PHONE": {
            "dev": (
                "nmra dyali {v}",
                "3ayet liya f {v}",
                "tel: {v}",
                "sift liya message l {v}",
                "had numero {v} dyal khti",
                "whatsapp {v}",
            ),
            "held": ("ila bghiti tkalmni ha ra9mi {v}", "dir lia bip 3la {v}", "{v} hada portable dyal baba"),
        },
        "RIB": {
            "dev": ("sifet lflous f had rib {v}", "rib dyali: {v}", "l7sab dyali f lbanka {v}", "numero de compte {v}"),
            "held": ("dir virement l {v} rah compte dyal khouya", "ha rib jdid {v}"),
        },
        "RIB_BAD": {
            "dev": ("rib dyali: {v}", "sifet f compte {v}"),
            "held": ("l7ssab bancaire {v}",),
        },
        "IBAN": {
            "dev": ("iban dyali {v}", "sifet l had l'iban {v}", "{v} hada iban dyal charika"),
            "held": ("virement international l {v}",),
        },
        "ICE": {
            "dev": ("ice dyal charika {v}", "l'ICE: {v}", "kteb ice {v} f facture"),
            "held": ("ra9m ice dyalna howa {v}",),
        },
        "CNSS": {
            "dev": ("ra9m cnss dyali {v}", "numero d'immatriculation cnss {v}"),
            "held": ("f daman ijtima3i ra9mi {v}",),
        },
        "PASSPORT": {
            "dev": ("passeport dyali {v}", "ra9m l passport {v}"),
            "held": ("basbor dyalo {v}",),
        },
        "MASSAR": {
            "dev": ("code massar dyal bnti {v}", "massar: {v}"),
            "held": ("lcode dyal tilmid f massar {v}",),
        },
        "CARD": {
            "dev": ("ra9m lkarta bancaire {v}", "carte visa {v}", "khlst b la carte {v}"),
            "held": ("karta dyal lbanka {v}",),
        },
        "CARD_BAD": {
            "dev": ("carte bancaire {v}",),
            "held": ("ra9m la carte de crédit {v}",),
        },
        "PLATE": {
            "dev": ("tomobil matricule {v}", "l'matricule dyal tonobil {v}", "sayara fiha {v}"),
            "held": ("lplaque dyal moto {v}",),
        },
        "EMAIL": {
            "dev": ("sift liya f {v}", "email dyali {v}", "{v}"),
            "held": ("ktb liya 3la {v}",),
        },
        "IP": {
            "dev": ("l'ip dyal serveur {v}", "adresse ip {v}"),
            "held": ("router 3ndo {v}",),
        },
        "DOB": {
            "dev": ("tzadt f {v}", "mzyouda nhar {v}", "date de naissance {v}"),
            "held": ("ana mazyoud {v}",),
        },
        "PERSON": {
            "dev": ("smiti {v}", "ana smiti {v}", "je m'appelle {v}"),
            "held": ("smitha {v}", "ismi {v}"),
        },
    },
    "ary_Arab": {
        "CIN": {
            "dev": ("البطاقة الوطنية ديالي {v}", "رقم لاكارط {v}", "نمرة البطاقة {v}", "cin ديالو {v}"),
            "held": ("بطاقة التعريف ديالي فيها {v}", "لاكارط ناسيونال {v}"),
        },
        "PHONE": {
            "dev": ("رقم الهاتف ديالي {v}", "عيط ليا ف {v}", "نمرتي {v}", "صيفط ليا ميساج ل {v}", "الواتساب ديالي {v}"),
            "held": ("هاد النمرة {v} ديال ختي", "تيليفوني هو {v}"),
        },
        "RIB": {
            "dev": ("الريب ديالي {v}", "صيفط الفلوس للحساب {v}", "رقم الحساب البنكي {v}"),
            "held": ("دير فيرمو ل {v}",),
        },
        "RIB_BAD": {"dev": ("الحساب ديالي ف البنكة {v}",), "held": ("الريب {v}",)},
        "IBAN": {"dev": ("الايبان ديالي {v}", "حول ل {v}"), "held": ("IBAN ديال الشركة {v}",)},
        "ICE": {"dev": ("ICE ديال الشركة {v}", "التعريف الموحد {v}"), "held": ("رقم ICE ديالنا {v}",)},
        "CNSS": {"dev": ("رقم الضمان الاجتماعي ديالي {v}", "cnss ديالي {v}"), "held": ("نمرة الضمان {v}",)},
        "PASSPORT": {"dev": ("الباسبور ديالي {v}", "رقم جواز السفر {v}"), "held": ("باسبور ديالو {v}",)},
        "MASSAR": {"dev": ("كود مسار ديال بنتي {v}", "رمز مسار {v}"), "held": ("مسار ديال التلميذ {v}",)},
        "CARD": {"dev": ("رقم البطاقة البنكية {v}", "الكارط البنكية {v}"), "held": ("بطاقة فيزا {v}",)},
        "CARD_BAD": {"dev": ("البطاقة البنكية {v}",), "held": ("كارط البنكة {v}",)},
        "PLATE": {"dev": ("الطوموبيل ماتريكول {v}", "لوحة السيارة {v}"), "held": ("الموطور فيه {v}",)},
        "EMAIL": {"dev": ("الإيميل ديالي {v}", "صيفط ل {v}"), "held": ("كتب ليا ف {v}",)},
        "IP": {"dev": ("عنوان IP {v}",), "held": ("السيرفر عندو {v}",)},
        "DOB": {"dev": ("مزداد في {v}", "تزاديت ف {v}"), "held": ("تاريخ الازدياد ديالي {v}",)},
        "PERSON": {"dev": ("سميتي {v}", "انا سميتي {v}", "اسمي {v}"), "held": ("كنسمى {v}", "سميتو {v}")},
    },
    "arb_Arab": {
        "CIN": {
            "dev": ("رقم البطاقة الوطنية للتعريف {v}", "يحمل البطاقة الوطنية رقم {v}", "بطاقة التعريف الوطنية عدد {v}"),
            "held": ("الحامل لبطاقة التعريف رقم {v}",),
        },
        "PHONE": {
            "dev": ("للتواصل عبر الهاتف {v}", "رقم الهاتف: {v}", "يرجى الاتصال على الرقم {v}"),
            "held": ("هاتف المكتب {v}", "الهاتف المحمول {v}"),
        },
        "RIB": {"dev": ("رقم الحساب البنكي {v}", "يتم التحويل إلى الحساب {v}"), "held": ("بيان التعريف البنكي {v}",)},
        "RIB_BAD": {"dev": ("الحساب البنكي رقم {v}",), "held": ("رقم الحساب {v}",)},
        "IBAN": {"dev": ("رقم الآيبان {v}", "الحساب الدولي {v}"), "held": ("رمز IBAN {v}",)},
        "ICE": {"dev": ("المعرف الموحد للمقاولة {v}", "التعريف الموحد للمقاولة رقم {v}"), "held": ("ICE الشركة {v}",)},
        "CNSS": {
            "dev": ("رقم التسجيل في الصندوق الوطني للضمان الاجتماعي {v}",),
            "held": ("رقم الانخراط في الضمان الاجتماعي {v}",),
        },
        "PASSPORT": {"dev": ("جواز السفر رقم {v}",), "held": ("رقم جواز سفره {v}",)},
        "MASSAR": {"dev": ("رمز مسار للتلميذ {v}",), "held": ("الرمز الوطني للتلميذ {v}",)},
        "CARD": {"dev": ("رقم البطاقة البنكية {v}", "بطاقة الائتمان {v}"), "held": ("بطاقة الدفع {v}",)},
        "CARD_BAD": {"dev": ("رقم بطاقة الائتمان {v}",), "held": ("البطاقة البنكية {v}",)},
        "PLATE": {"dev": ("السيارة ذات الترقيم {v}", "لوحة ترقيم {v}"), "held": ("المركبة المسجلة تحت رقم {v}",)},
        "EMAIL": {"dev": ("البريد الإلكتروني {v}",), "held": ("عبر البريد {v}",)},
        "IP": {"dev": ("عنوان بروتوكول الإنترنت {v}",), "held": ("من العنوان {v}",)},
        "DOB": {"dev": ("المزداد بتاريخ {v}", "تاريخ الميلاد {v}"), "held": ("المولود في {v}",)},
        "PERSON": {"dev": ("السيد {v}", "اسمي {v}", "السيدة {v}"), "held": ("الاسم الكامل: {v}",)},
    },
    "fra_Latn": {
        "CIN": {
            "dev": ("CIN n° {v}", "titulaire de la CIN {v}", "carte nationale: {v}", "CNIE {v}"),
            "held": ("pièce d'identité {v}", "numéro de carte d'identité {v}"),
        },
        "PHONE": {
            "dev": ("Tél : {v}", "appelez-moi au {v}", "mon numéro est le {v}", "GSM {v}", "contact: {v}"),
            "held": ("joignable au {v}", "portable {v}", "{v} (fixe)"),
        },
        "RIB": {
            "dev": ("RIB : {v}", "merci de virer sur le compte {v}", "mon RIB est {v}"),
            "held": ("relevé d'identité bancaire {v}", "coordonnées bancaires {v}"),
        },
        "RIB_BAD": {"dev": ("RIB {v}", "compte bancaire n° {v}"), "held": ("sur mon RIB {v}",)},
        "IBAN": {"dev": ("IBAN : {v}", "virement vers {v}"), "held": ("IBAN du bénéficiaire {v}",)},
        "ICE": {"dev": ("ICE : {v}", "identifiant commun de l'entreprise {v}"), "held": ("Sté XYZ SARL, ICE {v}",)},
        "CNSS": {"dev": ("n° CNSS {v}", "immatriculation CNSS {v}"), "held": ("affilié à la CNSS sous le n° {v}",)},
        "PASSPORT": {"dev": ("passeport n° {v}", "numéro de passeport {v}"), "held": ("passport {v}",)},
        "MASSAR": {"dev": ("code Massar {v}", "code élève {v}"), "held": ("identifiant Massar de l'élève {v}",)},
        "CARD": {"dev": ("carte bancaire {v}", "payé par carte {v}", "Visa {v}"), "held": ("numéro de carte {v}",)},
        "CARD_BAD": {"dev": ("carte de crédit {v}",), "held": ("CB {v}",)},
        "PLATE": {"dev": ("véhicule immatriculé {v}", "plaque {v}"), "held": ("voiture {v} garée devant",)},
        "EMAIL": {"dev": ("e-mail : {v}", "écrivez à {v}", "{v}"), "held": ("mon adresse est {v}",)},
        "IP": {"dev": ("adresse IP {v}", "connexion depuis {v}"), "held": ("le serveur {v}",)},
        "DOB": {"dev": ("né le {v}", "née le {v}", "date de naissance : {v}"), "held": ("né(e) le {v}",)},
        "PERSON": {
            "dev": ("je m'appelle {v}", "Monsieur {v}", "Mme {v}", "mon nom est {v}"),
            "held": ("Nom et prénom : {v}", "moi c'est {v}"),
        },
    },
}

FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "ary_Latn": {
        "dev": (
            "salam, {x} 3afak",
            "{x}",
            "khoya {x} o chokran",
            "{x} ila kan chi mochkil",
            "safi {x}",
            "{x}, merci bzaf",
        ),
        "held": ("wa fin a sahbi, {x}", "ok daba {x} nchoufou men b3d", "3afak 3jel: {x}"),
    },
    "ary_Arab": {
        "dev": ("السلام، {x} عافاك", "{x}", "خويا {x} وشكرا", "{x} إلا كان شي مشكل", "صافي {x}"),
        "held": ("واخا، {x} ونتلاقاو من بعد", "عافاك زربة: {x}"),
    },
    "arb_Arab": {
        "dev": ("{x}", "نرجو منكم العلم أن {x}", "{x} وذلك قبل نهاية الأسبوع.", "بناء على طلبكم، {x}"),
        "held": ("تجدون أسفله المعلومات المطلوبة: {x}", "{x}، مع خالص التحيات."),
    },
    "fra_Latn": {
        "dev": ("Bonjour, {x}", "{x}", "{x}. Merci d'avance", "Pour le dossier : {x}", "{x}, cordialement"),
        "held": ("Suite à notre échange, {x}", "Veuillez noter : {x} (à conserver)"),
    },
}
JOIN = {
    "ary_Latn": (" w ", ", ", " o "),
    "ary_Arab": (" و ", "، "),
    "arb_Arab": (" و", "، "),
    "fra_Latn": (" et ", ", "),
}

# --------------------------------------------------------------------------- hard negatives


def _neg_values(r: random.Random, lang: str) -> dict[str, str]:
    wrong_phone = "0" + _phone_nsn(r)
    cut = r.choice((-1, 1))
    wrong_phone = wrong_phone[:-1] if cut < 0 else wrong_phone + str(r.randrange(10))
    imei_payload = "35" + _d(r, 12)
    return {
        "price": r.choice(
            (
                f"{r.randrange(50, 20000)} dh",
                f"{r.randrange(1, 99)} {r.randrange(100, 999)},00 DH",
                f"{r.randrange(100, 9999)}dh",
                f"{r.randrange(10, 5000)} MAD",
                f"{r.randrange(10, 900)}.{r.randrange(10, 99)} درهم",
            )
        ),
        "date": r.choice(
            (
                f"{r.randrange(1, 29):02d}/{r.randrange(1, 13):02d}/{r.randrange(2015, 2026)}",
                f"{r.randrange(2015, 2026)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}",
                f"{r.randrange(1, 29)} {r.choice(MONTHS_FR)} {r.randrange(2015, 2026)}",
            )
        ),
        "time": f"{r.randrange(0, 24):02d}:{r.randrange(0, 60):02d}",
        "order": r.choice(
            (
                _d(r, r.randrange(6, 10)),
                f"CMD-{r.randrange(2019, 2026)}-{_d(r, 5)}",
                f"#{_d(r, 7)}",
                f"{r.choice('ABCD')}{_d(r, 8)}",
            )
        ),
        "tracking": r.choice(
            (f"{r.choice(('RR', 'CP', 'LX', 'EE'))}{_d(r, 9)}MA", f"LP{_d(r, 14)}", _d(r, 12), f"1Z{_d(r, 16)}")
        ),
        "long": _group(_d(r, 24), [4] * 6, r.choice(("", " "))),
        "wrong_phone": _group(wrong_phone, [2] * 6, r.choice(("", " ", "."))),
        "imei": _luhn_complete(imei_payload),
        "postcode": r.choice(("20250", "10000", "90000", "30050", "40000", "80000", "14000")),
        "qty": str(r.randrange(2, 500)),
        "year": str(r.randrange(1990, 2026)),
        "version": f"{r.randrange(1, 20)}.{r.randrange(0, 10)}.{r.randrange(0, 30)}",
        "ref15": _d(r, 15),
    }


NEGATIVES: dict[str, dict[str, tuple[str, ...]]] = {
    "ary_Latn": {
        "dev": (
            "chrit tilifoun b {price} o wsal f {date}",
            "lcommande dyali ra9m {order} mazal ma wslatch",
            "code de suivi {tracking}, wach 3arf fin wsal?",
            "ra9m l'opération {long} f reçu",
            "3titini numero na9s {wrong_phone} ma khdamch",
            "l'imei dyal tilifoun {imei}",
            "nta3rfo m3a {time} f lcafé, jib m3ak {qty} dh",
            "rani f casa {postcode}, men {year} o ana hna",
        ),
        "held": (
            "taman dyal la tomobil {price} walakin tal {date}",
            "ra9m talab {order} o tracking {tracking}",
            "référence dyal lpaiement {long}",
            "had ra9m {wrong_phone} ghalat",
            "version {version} dyal application fiha bug",
        ),
    },
    "ary_Arab": {
        "dev": (
            "شريت التيليفون ب {price} ووصل نهار {date}",
            "الكوموند ديالي رقم {order} مازال ماوصلاتش",
            "كود التتبع {tracking} واش عرفتي فين وصل؟",
            "رقم العملية {long} فالوصل",
            "عطاتني نمرة ناقصة {wrong_phone} ماخدامةش",
            "نتلاقاو مع {time} وجيب معاك {qty} درهم",
        ),
        "held": (
            "الثمن ديال الطوموبيل {price} وتعطلات حتى {date}",
            "رقم الطلب {order} والتتبع {tracking}",
            "المرجع ديال الخلاص {long}",
        ),
    },
    "arb_Arab": {
        "dev": (
            "بلغت قيمة الصفقة {price} بتاريخ {date}",
            "تم تسجيل الطلب رقم {order} في النظام",
            "رقم الشحنة {tracking} قيد التوصيل",
            "مرجع المعاملة {long}",
            "انعقد الاجتماع على الساعة {time} بحضور {qty} مشاركا",
            "الرمز البريدي {postcode} منذ سنة {year}",
        ),
        "held": (
            "صدر القرار بتاريخ {date} بمبلغ {price}",
            "رقم الملف {order} ومرجع الأداء {long}",
            "السيد الرئيس افتتح الجلسة على الساعة {time}",
        ),
    },
    "fra_Latn": {
        "dev": (
            "Le téléphone coûte {price}, livré le {date}",
            "Votre commande n° {order} a été expédiée",
            "Numéro de suivi : {tracking}",
            "Référence de transaction {long}",
            "Le numéro {wrong_phone} est incomplet",
            "IMEI de l'appareil : {imei}",
            "Rendez-vous à {time}, {qty} places restantes",
            "Code postal {postcode}, depuis {year}",
            "Référence client {ref15}",
        ),
        "held": (
            "Facture n° {order} du {date}, montant {price}",
            "Colis {tracking} en cours de livraison",
            "Numéro d'opération : {long}",
            "Monsieur le Directeur, veuillez trouver la version {version}",
            "Madame la Présidente a ouvert la séance à {time}",
        ),
    },
}

# held2: written after the first held run, before looking at any held error
HELD2_PHRASES = {
    "ary_Latn": {
        "CIN": ("wa hahiya la cin: {v}", "3tih numero d la carte d'identité {v}"),
        "PHONE": ("ha num dyali ila bghiti {v}", "tsal biya 3la {v} f lil", "{v} c'est mon num"),
        "RIB": ("hahowa rib dyal l'compte {v} dir fih lflous", "compte bancaire dyali f cih: {v}"),
        "RIB_BAD": ("rib dyal mok {v}",),
        "IBAN": ("iban dyal compte f fransa {v}",),
        "ICE": ("ice dyal sté {v}",),
        "CNSS": ("immatriculation dyali f cnss hiya {v}",),
        "PASSPORT": ("numero dyal passeport {v}",),
        "MASSAR": ("code massar dyali {v}",),
        "CARD": ("3tiha ra9m carte bancaire {v}",),
        "CARD_BAD": ("ra9m dyal visa {v}",),
        "PLATE": ("tomobil li darbatni matricule dyalha {v}",),
        "EMAIL": ("l'email howa {v}",),
        "IP": ("l'adresse ip hiya {v}",),
        "DOB": ("date de naissance dyali {v}",),
        "PERSON": ("ana ismi {v}", "smiti {v} o ana tlmid"),
    },
    "ary_Arab": {
        "CIN": ("رقم البطاقة ديالي هو {v}",),
        "PHONE": ("هاهو الرقم ديالي {v}", "تصل بيا ف {v}"),
        "RIB": ("الحساب البنكي ديالي {v}",),
        "RIB_BAD": ("رقم الحساب ديالو {v}",),
        "IBAN": ("الايبان {v}",),
        "ICE": ("ICE ديال المقاولة {v}",),
        "CNSS": ("رقم التسجيل ف الضمان الاجتماعي {v}",),
        "PASSPORT": ("رقم جواز السفر ديالي {v}",),
        "MASSAR": ("رمز مسار ديال ولدي {v}",),
        "CARD": ("رقم الكارط البنكية {v}",),
        "CARD_BAD": ("البطاقة البنكية ديالي {v}",),
        "PLATE": ("الطوموبيل اللي فيها {v}",),
        "EMAIL": ("الإيميل ديالو {v}",),
        "IP": ("عنوان IP ديال السيرفر {v}",),
        "DOB": ("أنا مزداد نهار {v}",),
        "PERSON": ("انا اسمي {v}",),
    },
    "arb_Arab": {
        "CIN": ("البطاقة الوطنية رقم {v}",),
        "PHONE": ("يمكنكم الاتصال بنا على الرقم {v}",),
        "RIB": ("رقم الحساب البنكي للمستفيد {v}",),
        "RIB_BAD": ("رقم حسابه البنكي {v}",),
        "IBAN": ("رقم الحساب الدولي IBAN {v}",),
        "ICE": ("التعريف الموحد للمقاولة {v}",),
        "CNSS": ("رقم الضمان الاجتماعي {v}",),
        "PASSPORT": ("جواز سفر رقم {v}",),
        "MASSAR": ("رمز مسار {v}",),
        "CARD": ("بطاقة الائتمان رقم {v}",),
        "CARD_BAD": ("رقم البطاقة البنكية {v}",),
        "PLATE": ("السيارة التي تحمل لوحة الترقيم {v}",),
        "EMAIL": ("عنوان البريد الإلكتروني {v}",),
        "IP": ("عنوان IP {v}",),
        "DOB": ("تاريخ الازدياد {v}",),
        "PERSON": ("اسمي {v}",),
    },
    "fra_Latn": {
        "CIN": ("N° de CIN : {v}",),
        "PHONE": ("n'hésitez pas à m'appeler au {v}", "téléphone : {v}"),
        "RIB": ("veuillez effectuer le virement sur le RIB {v}",),
        "RIB_BAD": ("RIB du fournisseur : {v}",),
        "IBAN": ("IBAN {v}",),
        "ICE": ("ICE n° {v}",),
        "CNSS": ("numéro d'affiliation CNSS {v}",),
        "PASSPORT": ("passeport {v} valable",),
        "MASSAR": ("code Massar de l'élève : {v}",),
        "CARD": ("carte bancaire n° {v}",),
        "CARD_BAD": ("carte Visa {v}",),
        "PLATE": ("immatriculation {v}",),
        "EMAIL": ("contactez-moi sur {v}",),
        "IP": ("IP source {v}",),
        "DOB": ("Date de naissance : {v}",),
        "PERSON": ("Je m'appelle {v}", "Mme {v}, veuve"),
    },
}
HELD2_FRAMES = {
    "ary_Latn": ("dakchi li tlabti: {x}", "{x} ok?"),
    "ary_Arab": ("هاهو داكشي اللي طلبتي: {x}", "{x} واخا؟"),
    "arb_Arab": ("وعليه، {x}", "{x} والسلام."),
    "fra_Latn": ("Madame, Monsieur, {x}", "{x} Bien à vous."),
}
HELD2_NEGATIVES = {
    "ary_Latn": (
        "chrit tilifoun jdid b {price} nhar {date}",
        "colis ra9m {tracking} wsal",
        "ra9m transaction {long}",
        "numero ghalat {wrong_phone}",
    ),
    "ary_Arab": (
        "شريت تيليفون جديد ب {price} نهار {date}",
        "الكولي رقم {tracking} وصل",
        "رقم العملية ديال البنكة {long}",
    ),
    "arb_Arab": (
        "بلغ عدد الحضور {qty} شخصا يوم {date}",
        "رقم المرجع {long} بتاريخ {date}",
        "السيد المدير العام يرحب بكم",
    ),
    "fra_Latn": (
        "Commande {order} livrée le {date} pour {price}",
        "Le colis {tracking} est arrivé à {time}",
        "Monsieur le Maire a inauguré la salle en {year}",
        "Numéro de dossier {ref15}",
    ),
}


for _lang, _types in HELD2_PHRASES.items():
    for _kind, _phr in _types.items():
        PHRASES[_lang][_kind]["held2"] = _phr
    FRAMES[_lang]["held2"] = HELD2_FRAMES[_lang]
    NEGATIVES[_lang]["held2"] = HELD2_NEGATIVES[_lang]

# held3: written after the first held2 run, before looking at any held2 error
HELD3_PHRASES = {
    "ary_Latn": {
        "CIN": ("ra9m l'carte dyal khoya {v}", "cin: {v} (verifi)"),
        "PHONE": ("3ayet l had nmra {v} rah dyal lmoul", "numero jdid {v}"),
        "RIB": ("7et lflous f rib {v} 3afak", "compte dyali: {v}"),
        "RIB_BAD": ("rib {v} rah ktbto mn lwra9a",),
        "IBAN": ("l'iban dyal sahbi f spania {v}",),
        "ICE": ("ICE dyal lmo9awala {v}",),
        "CNSS": ("cnss dyal baba {v}",),
        "PASSPORT": ("passport dyal mrati {v}",),
        "MASSAR": ("massar dyal khti {v}",),
        "CARD": ("khlsst b visa {v}",),
        "CARD_BAD": ("carte {v} ma bghatch tdouz",),
        "PLATE": ("taxi matricule {v}",),
        "EMAIL": ("sifet cv l {v}",),
        "IP": ("ip dyal camera {v}",),
        "DOB": ("tzadit nhar {v}",),
        "PERSON": ("salam ana smiti {v}",),
    },
    "ary_Arab": {
        "CIN": ("البطاقة ديال خويا {v}",),
        "PHONE": ("عيطو ليه ف {v}", "الرقم الجديد ديالي {v}"),
        "RIB": ("الريب ديال الحساب {v}",),
        "RIB_BAD": ("حط الفلوس ف الحساب {v}",),
        "IBAN": ("الايبان ديال الحساب {v}",),
        "ICE": ("رقم ICE {v}",),
        "CNSS": ("الضمان الاجتماعي ديال الواليد {v}",),
        "PASSPORT": ("جواز السفر ديالها {v}",),
        "MASSAR": ("كود مسار {v}",),
        "CARD": ("خلصت بالبطاقة البنكية {v}",),
        "CARD_BAD": ("البطاقة البنكية {v} ما دازتش",),
        "PLATE": ("طاكسي ماتريكول {v}",),
        "EMAIL": ("صيفط السيفي ل {v}",),
        "IP": ("عنوان IP ديال الكاميرا {v}",),
        "DOB": ("تزاديت نهار {v}",),
        "PERSON": ("أنا سميتي {v}",),
    },
    "arb_Arab": {
        "CIN": ("المسجل تحت رقم البطاقة الوطنية {v}",),
        "PHONE": ("الهاتف الثابت {v}",),
        "RIB": ("يحول المبلغ إلى الحساب البنكي رقم {v}",),
        "RIB_BAD": ("الحساب البنكي {v}",),
        "IBAN": ("رقم IBAN {v}",),
        "ICE": ("رقم التعريف الموحد للمقاولة {v}",),
        "CNSS": ("المسجل في الضمان الاجتماعي تحت رقم {v}",),
        "PASSPORT": ("رقم جواز السفر {v}",),
        "MASSAR": ("رمز مسار الخاص بالتلميذ {v}",),
        "CARD": ("رقم بطاقة الائتمان {v}",),
        "CARD_BAD": ("بطاقة الائتمان {v}",),
        "PLATE": ("المركبة ذات لوحة الترقيم {v}",),
        "EMAIL": ("يرجى المراسلة على {v}",),
        "IP": ("عنوان الخادم {v}",),
        "DOB": ("المزداد في {v}",),
        "PERSON": ("السيدة {v}",),
    },
    "fra_Latn": {
        "CIN": ("CIN : {v}",),
        "PHONE": ("Tél. portable : {v}", "rappelez le {v}"),
        "RIB": ("RIB (24 chiffres) : {v}",),
        "RIB_BAD": ("compte n° {v}",),
        "IBAN": ("IBAN bénéficiaire : {v}",),
        "ICE": ("identifiant commun de l'entreprise (ICE) : {v}",),
        "CNSS": ("N° d'immatriculation CNSS : {v}",),
        "PASSPORT": ("passeport marocain n° {v}",),
        "MASSAR": ("code Massar : {v}",),
        "CARD": ("payé avec la carte {v}",),
        "CARD_BAD": ("numéro de carte bancaire {v}",),
        "PLATE": ("la voiture immatriculée {v}",),
        "EMAIL": ("courriel : {v}",),
        "IP": ("depuis l'adresse IP {v}",),
        "DOB": ("né le {v} à Rabat",),
        "PERSON": ("M. {v}",),
    },
}
HELD3_FRAMES = {
    "ary_Latn": ("3awtani: {x}", "{x} chokran bzaf"),
    "ary_Arab": ("عاوتاني: {x}", "{x} شكرا بزاف"),
    "arb_Arab": ("{x}", "للإشارة، {x}"),
    "fra_Latn": ("Objet : mise à jour. {x}", "{x}"),
}
HELD3_NEGATIVES = {
    "ary_Latn": (
        "lprix {price} o l'livraison {date}",
        "tracking dyal amana {tracking}",
        "had l'code {ref15} dyal promo",
        "numero {wrong_phone} ma kaynch",
    ),
    "ary_Arab": ("الثمن {price} والتوصيل نهار {date}", "رقم التتبع ديال أمانة {tracking}", "الطلبية رقم {order}"),
    "arb_Arab": ("انطلقت الدورة يوم {date} على الساعة {time}", "بلغت الميزانية {price}", "رقم الصفقة {order}"),
    "fra_Latn": (
        "Le prix est de {price} TTC",
        "Séance du {date} à {time}",
        "Référence : {long}",
        "Lot {order}, quantité {qty}",
    ),
}


for _lang, _types in HELD3_PHRASES.items():
    for _kind, _phr in _types.items():
        PHRASES[_lang][_kind]["held3"] = _phr
    FRAMES[_lang]["held3"] = HELD3_FRAMES[_lang]
    NEGATIVES[_lang]["held3"] = HELD3_NEGATIVES[_lang]

# --------------------------------------------------------------------------- assembly

#: how often each kind of identifier is drawn (phones and CINs are the most common in chats)
WEIGHTS = {
    "PHONE": 14, "CIN": 10, "RIB": 8, "RIB_BAD": 3, "IBAN": 6, "ICE": 5, "CNSS": 3, "PASSPORT": 3, "MASSAR": 3,
    "CARD": 6, "CARD_BAD": 2, "PLATE": 5, "EMAIL": 6, "IP": 3, "DOB": 5, "PERSON": 8,
}  # fmt: skip


def _fill(template: str, slots: dict[str, tuple[str, str | None]]) -> tuple[str, list[dict[str, object]]]:
    """Fill ``{name}`` slots left to right, recording the span of every slot that has a type."""
    out, ents, i = [], [], 0
    pos = 0
    while i < len(template):
        j = template.find("{", i)
        if j < 0:
            out.append(template[i:])
            break
        k = template.index("}", j)
        out.append(template[i:j])
        pos = sum(len(p) for p in out)
        value, typ = slots[template[j + 1 : k]]
        out.append(value)
        if typ is not None:
            ents.append({"type": typ, "start": pos, "end": pos + len(value), "text": value})
        i = k + 1
    return "".join(out), ents


def _phrase(r: random.Random, lang: str, split: str, kind: str) -> tuple[str, list[dict[str, object]]]:
    value = GENERATORS[kind](r, lang)
    tmpl = r.choice(PHRASES[lang][kind][split])
    return _fill(tmpl, {"v": (value, GOLD_TYPE.get(kind, kind))})


def _shift(ents: list[dict[str, object]], by: int) -> list[dict[str, object]]:
    return [{**e, "start": int(e["start"]) + by, "end": int(e["end"]) + by} for e in ents]  # type: ignore[call-overload]


def make_positive(r: random.Random, lang: str, split: str) -> dict[str, object]:
    kinds = list(WEIGHTS)
    weights = [WEIGHTS[k] for k in kinds]
    n = 1 if r.random() < 0.7 else 2
    parts: list[tuple[str, list[dict[str, object]]]] = [
        _phrase(r, lang, split, r.choices(kinds, weights)[0]) for _ in range(n)
    ]
    joiner = r.choice(JOIN[lang])
    inner, ents = "", []
    for idx, (txt, es) in enumerate(parts):
        if idx:
            inner += joiner
        ents += _shift(es, len(inner))
        inner += txt
    frame = r.choice(FRAMES[lang][split])
    pre = frame.index("{x}")
    text = frame.replace("{x}", inner)
    return {"text": text, "entities": _shift(ents, pre)}


def make_negative(r: random.Random, lang: str, split: str) -> dict[str, object]:
    tmpl = r.choice(NEGATIVES[lang][split])
    vals = {k: (v, None) for k, v in _neg_values(r, lang).items()}
    text, _ = _fill(tmpl, vals)
    return {"text": text, "entities": []}


def generate(
    n_dev: int = 3000, n_held: int = 1500, seed: int = 2026, n_held2: int = 1500, n_held3: int = 1500
) -> list[dict[str, object]]:
    """The corpus as a list of records (id, split, lang, kind, text, entities)."""
    r = random.Random(seed)
    rows: list[dict[str, object]] = []
    for split, n in (("dev", n_dev), ("held", n_held), ("held2", n_held2), ("held3", n_held3)):
        for i in range(n):
            lang = LANGS[i % len(LANGS)]
            negative = r.random() < 0.35
            rec = make_negative(r, lang, split) if negative else make_positive(r, lang, split)
            for e in rec["entities"]:  # type: ignore[attr-defined]
                assert rec["text"][e["start"] : e["end"]] == e["text"]  # type: ignore[index]
            rows.append(
                {
                    "id": f"{split}-{i:05d}",
                    "split": split,
                    "lang": lang,
                    "kind": "negative" if negative else "positive",
                    **rec,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", default="-", help="JSONL path (default: stdout)")
    ap.add_argument("--dev", type=int, default=3000, help="sentences from the dev templates")
    ap.add_argument("--held", type=int, default=1500, help="sentences from the held-back templates")
    ap.add_argument("--held2", type=int, default=1500, help="sentences from the second held-back templates")
    ap.add_argument("--held3", type=int, default=1500, help="sentences from the third held-back templates")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    rows = generate(args.dev, args.held, args.seed, args.held2, args.held3)
    out = sys.stdout if args.output == "-" else Path(args.output).open("w", encoding="utf-8")  # noqa: SIM115
    try:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
