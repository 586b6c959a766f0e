"""Context words that raise (or lower) the confidence of a candidate.

Data, not logic: one list per entity type, in Darija (Arabic script and Arabizi), MSA,
French and English. Latin-script words must start at a word boundary (so ``tel`` does
not fire inside ``hotel``); Arabic-script words match inside a word, because Arabic
glues prepositions and pronouns on (``برقم``, ``ورقمي``, ``الهاتفي``).
"""

from __future__ import annotations

import re

# Latin alternatives are regex fragments; Arabic ones are literal strings.
_LATIN: dict[str, tuple[str, ...]] = {
    "CIN": (
        r"c\.?i\.?n", r"cnie", r"carte nationale", r"carte d.?identit[eé]", r"pi[eè]ce d.?identit[eé]",
        r"identit[eé]", r"la carte", r"l ?karta", r"karta", r"la ?kart", r"bita9a", r"bitaka", r"l ?bta9a",
        r"btaka", r"national id", r"id card", r"identity card", r"carte d.?identification",
    ),
    "PHONE": (
        r"t[eé]l", r"t[eé]l[eé]phone", r"phone", r"portable", r"mobile", r"gsm", r"fixe", r"whats ?app",
        r"wtsp", r"watsap", r"wats", r"appel\w*", r"joindre", r"contact\w*", r"tilifo?u?n\w*", r"telefon\w*",
        r"3[ai]y+[ae]?[tk]\w*", r"call", r"sms", r"cellulaire", r"standard", r"fax",
    ),
    "RIB": (
        r"r\.?i\.?b", r"compte", r"bancaire", r"banque", r"virement", r"l?[h7]s+ab\w*", r"l ?banka",
        r"banka", r"bank", r"account", r"iban", r"relev[eé] d.?identit[eé] bancaire",
    ),
    "IBAN": (
        r"iban", r"r\.?i\.?b", r"compte", r"bancaire", r"banque", r"virement", r"swift", r"bic",
        r"bank", r"account", r"l?[h7]s+ab\w*", r"banka",
    ),
    "ICE": (
        r"i\.?c\.?e", r"identifiant commun", r"identifiant de l.?entreprise", r"soci[eé]t[eé]", r"st[eé]",
        r"entreprise", r"charika", r"chari?ka", r"facture", r"sarl", r"company",
    ),
    "CNSS": (
        r"c\.?n\.?s\.?s", r"s[eé]curit[eé] sociale", r"immatriculation", r"affiliation", r"l?.?daman",
        r"social security", r"amo",
    ),
    "PASSPORT": (r"passe?port\w*", r"paspor\w*", r"bas+por\w*", r"pasaporte"),
    "MASSAR": (
        r"massar", r"code [eé]l[eè]ve", r"[eé]l[eè]ve", r"c\.?n\.?e", r"tl?mi[dt]\w*", r"tilmi[dt]\w*",
        r"student", r"code national",
    ),
    "CARD": (
        r"carte bancaire", r"carte de cr[eé]dit", r"carte visa", r"visa", r"master ?card", r"c\.?b",
        r"credit card", r"debit card", r"card", r"carte", r"l ?karta", r"karta", r"cvv", r"cvc",
        r"expir\w*", r"paiement", r"payment",
    ),
    "PLATE": (
        r"matricul\w*", r"plaque", r"immatricul\w*", r"t[ou]n?mobil\w*", r"tomobil\w*", r"voiture",
        r"v[eé]hicule", r"s[ai]y+ara", r"camion", r"moto\w*", r"car", r"l ?matri\w*",
    ),
    "IP": (r"ip", r"ipv[46]", r"adresse", r"address", r"serveur", r"server", r"routeur", r"router", r"host"),
    "DOB": (
        r"n[eé]e? le", r"n[eé]\(e\) le", r"date de naissance", r"date naissance", r"ddn", r"naissance",
        r"tzad\w*", r"mzyou?d\w*", r"mazyou?d\w*", r"lizdiyad", r"izdiyad", r"born", r"birth", r"date of birth",
        r"dob", r"tarikh l?izdiyad",
    ),
}  # fmt: skip

_ARABIC: dict[str, tuple[str, ...]] = {
    "CIN": (
        "البطاقة الوطنية", "بطاقة التعريف", "البطاقة", "بطاقة", "لاكارط", "لاكارت", "الكارط", "كارط",
        "التعريف الوطني", "ب.ت.و", "بطاقتي",
    ),
    "PHONE": (
        "الهاتف", "هاتف", "تيليفون", "تلفون", "التلفون", "تليفون", "واتساب", "واتس", "الواتس", "اتصل", "عيط",
        "محمول", "الجوال", "جوال", "النقال", "نقال", "فيكس",
    ),
    "RIB": ("حساب", "الحساب", "بنكي", "البنك", "بنك", "تحويل", "ريب", "التعريف البنكي", "لابانكا", "البانكا"),
    "IBAN": ("ايبان", "آيبان", "إيبان", "حساب", "بنكي", "البنك", "تحويل"),
    "ICE": ("التعريف الموحد", "المعرف الموحد", "المقاولة", "للمقاولة", "الشركة", "شركة", "الفاتورة", "فاتورة"),
    "CNSS": ("الضمان الاجتماعي", "الضمان", "الصندوق الوطني", "التسجيل", "التأمين الإجباري", "الدمان"),
    "PASSPORT": ("جواز", "الباسبور", "باسبور", "الباسپور", "السفر"),
    "MASSAR": ("مسار", "التلميذ", "تلميذ", "التلميذة", "الطالب", "الرمز الوطني"),
    "CARD": ("بطاقة بنكية", "البطاقة البنكية", "بطاقة الائتمان", "الائتمان", "البطاقة", "بطاقة", "فيزا", "ماستر", "كارط"),
    "PLATE": ("لوحة", "الترقيم", "طوموبيل", "الطوموبيل", "سيارة", "السيارة", "ماتريكول", "الماتريكول", "الموطور", "الكاميو"),
    "IP": ("عنوان", "الخادم", "السيرفر"),
    "DOB": ("مزداد", "مزدادة", "ازدياد", "الازدياد", "ولدت", "وُلدت", "ولد في", "مواليد", "الميلاد", "تزاديت", "تزاد"),
}  # fmt: skip

#: words that say "this number is a number, nothing more": a small boost for every numeric type
_GENERIC_LATIN = (r"num[eé]?ro\w*", r"num", r"n°", r"no\.", r"ra[9q]m\w*", r"r9m\w*", r"n[ei]?mra\w*", r"nou?mero\w*")
_GENERIC_ARABIC = ("رقم", "نمرة", "النمرة", "نومرو", "الرقم")

#: references, orders, prices, versions: numbers that look like identifiers but are not personal data
_NEGATIVE_LATIN = (
    r"commande", r"l ?commande", r"cmd", r"order", r"r[eé]f\w*", r"reference", r"colis", r"suivi", r"tracking",
    r"livraison", r"code promo", r"promo", r"coupon", r"ticket", r"s[eé]rie", r"serial", r"mod[eè]le", r"model",
    r"produit", r"article", r"transaction", r"op[eé]ration", r"sku", r"version", r"dossier", r"lot", r"barcode",
    r"code.?barre", r"ean", r"vol", r"flight", r"train", r"bon", r"re[çc]u", r"invoice", r"quittance",
    r"contrat", r"police", r"chassis", r"ch[aâ]ssis",
)  # fmt: skip
_NEGATIVE_ARABIC = (
    "الطلبية",
    "طلبية",
    "الطلب",
    "طلب",
    "الشحنة",
    "التتبع",
    "تتبع",
    "الكوموند",
    "كوموند",
    "المرجع",
    "مرجع",
    "وصل",
    "الوصل",
    "الرحلة",
)


def _compile(latin: tuple[str, ...], arabic: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    if latin:
        # left boundary: not preceded by a Latin letter; right boundary: not followed by one
        parts.append(r"(?<![a-zA-Z\u00c0-\u024f])(?:" + "|".join(latin) + r")(?![a-zA-Z\u00c0-\u024f])")
    if arabic:
        parts.append("|".join(re.escape(a) for a in sorted(arabic, key=len, reverse=True)))
    return re.compile("|".join(parts), re.IGNORECASE)


POSITIVE: dict[str, re.Pattern[str]] = {t: _compile(_LATIN.get(t, ()), _ARABIC.get(t, ())) for t in _LATIN}
GENERIC: re.Pattern[str] = _compile(_GENERIC_LATIN, _GENERIC_ARABIC)
NEGATIVE: re.Pattern[str] = _compile(_NEGATIVE_LATIN, _NEGATIVE_ARABIC)

#: characters of context looked at before and after a candidate
BEFORE = 48
AFTER = 24


def window(text: str, start: int, end: int, before: int = BEFORE, after: int = AFTER) -> tuple[str, str]:
    """The text just before and just after a span (clipped at the string ends)."""
    return text[max(0, start - before) : start], text[end : end + after]


def has(pattern: re.Pattern[str], left: str, right: str) -> bool:
    """True if ``pattern`` occurs in either side of the window."""
    return pattern.search(left) is not None or (bool(right) and pattern.search(right) is not None)
