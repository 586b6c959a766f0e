"""Short everyday phrases (written for these tests, not corpus text) and the code-switching gold file.

Floors sit a little under the measured numbers so a worse model fails, a better one passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import awal.lid
from awal.languages import Label
from awal.lid.codeswitch import read_gold, score_segments

GOLD = Path(__file__).parent / "fixtures" / "codeswitch_gold.tsv"

FRENCH = [
    "Bonjour, ça va ?",
    "Merci beaucoup pour ton aide",
    "On se voit demain matin",
    "Je suis en retard, désolé",
    "Tu as mangé ?",
    "Il fait très chaud aujourd'hui",
    "Je t'appelle ce soir",
    "C'est combien ?",
    "Où est la gare ?",
    "Bonne nuit à tous",
    "J'arrive dans cinq minutes",
    "Je ne sais pas",
    "Elle travaille à la banque",
    "Nous allons au marché",
    "Le bus est déjà parti",
    "Bon anniversaire mon frère",
    "Tu peux m'envoyer le document ?",
    "Je cherche un appartement",
    "Il pleut encore",
    "À plus tard",
    "Qu'est-ce que tu fais ?",
    "J'ai perdu mes clés",
    "Le film était super",
    "Je prends un café",
    "Bonne chance pour l'examen",
]
SPANISH = [
    "Buenos días, ¿qué tal?",
    "Muchas gracias por todo",
    "¿Dónde está la estación?",
    "Hasta mañana",
    "No lo sé",
    "Tengo mucha hambre",
    "¿Cuánto cuesta esto?",
    "Vamos a la playa",
    "Estoy cansado hoy",
    "Me gusta mucho este libro",
    "¿Puedes ayudarme, por favor?",
    "Llego en diez minutos",
    "Hace mucho calor",
    "Mi hermana vive en Tánger",
    "Feliz cumpleaños, amigo",
    "Nos vemos el sábado",
    "¿Qué hora es?",
    "La comida está muy rica",
    "Necesito un taxi",
    "Buenas noches a todos",
]
ENGLISH = [
    "Good morning, how are you?",
    "Thanks a lot for your help",
    "See you tomorrow",
    "I am running late, sorry",
    "Where is the train station?",
    "How much does it cost?",
    "I don't know",
    "Happy birthday, brother",
    "The weather is nice today",
    "Can you send me the file?",
    "I'm looking for a flat",
    "Let's grab a coffee",
    "She works at the bank",
    "Good luck with the exam",
    "What are you doing tonight?",
]
DARIJA_LATN = [
    "labas 3lik?",
    "wach nta mzyan?",
    "bghit nmchi l dar",
    "safi ghadi nji daba",
    "chno katdir lyoum?",
    "3afak 3awni",
    "ma3reftch fin mcha",
    "bzaf 3lia had chi",
    "fin ghadi?",
    "kanbghik bzaf",
]
DARIJA_ARAB = [
    "واش نتا مزيان؟",
    "بغيت نمشي للدار",
    "شنو كتدير دابا؟",
    "عافاك عاوني",
    "ماعرفتش فين مشا",
    "غادي نجي دابا",
    "هادشي بزاف عليا",
    "فين غادي؟",
]
MSA = [
    "أعلنت الحكومة عن خطة جديدة للتعليم",
    "يسعدني أن أرحب بكم في هذا المؤتمر",
    "ما هو الحل المناسب لهذه المشكلة؟",
    "تقع المدينة على ساحل البحر الأبيض المتوسط",
    "يجب علينا أن نحافظ على البيئة",
]
TIFINAGH = ["ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ", "ⵜⴰⵏⵎⵎⵉⵔⵜ ⵏⵏⵓⵏ", "ⵎⴰⵏⵉⴽ ⴰⴷ ⵜⵍⵍⵉⴷ?", "ⵔⵉⵖ ⴰⴷ ⴷⴷⵓⵖ ⵙ ⵜⵎⴷⵉⵏⵜ"]

CASES: list[tuple[str, Label]] = [
    *((t, Label.fra_Latn) for t in FRENCH),
    *((t, Label.spa_Latn) for t in SPANISH),
    *((t, Label.eng_Latn) for t in ENGLISH),
    *((t, Label.ary_Latn) for t in DARIJA_LATN),
    *((t, Label.ary_Arab) for t in DARIJA_ARAB),
    *((t, Label.arb_Arab) for t in MSA),
    *((t, Label.zgh_Tfng) for t in TIFINAGH),
]


def _accuracy(cases: list[tuple[str, Label]]) -> tuple[float, list[tuple[str, Label, Label | None]]]:
    preds = awal.lid.load().decide_batch([t for t, _ in cases], threshold=0.0)
    misses = [(t, g, d.label) for (t, g), d in zip(cases, preds, strict=True) if d.label != g]
    return 1 - len(misses) / len(cases), misses


@pytest.mark.parametrize(
    ("name", "label", "floor"),
    [
        # measured with the shipped model: 1.0 everywhere (before the arq_Latn prior correction: French 0.96,
        # Spanish 0.95; the fastText model had 0.88, 0.95, 0.93)
        ("French", Label.fra_Latn, 0.9),
        ("Spanish", Label.spa_Latn, 0.90),
        ("English", Label.eng_Latn, 0.86),
        ("Darija Latin", Label.ary_Latn, 0.90),
        ("Darija Arabic", Label.ary_Arab, 0.87),
        ("MSA", Label.arb_Arab, 0.80),
        ("Tifinagh", Label.zgh_Tfng, 1.0),
    ],
)
def test_short_everyday_phrases(name: str, label: Label, floor: float) -> None:
    acc, misses = _accuracy([c for c in CASES if c[1] is label])
    assert acc >= floor, f"{name}: accuracy {acc:.2f} < {floor}; misses: {misses}"


def test_short_phrases_overall() -> None:
    acc, misses = _accuracy(CASES)  # measured 1.0 (0.977 before the prior correction)
    assert acc >= 0.95, misses


def test_gold_fixture_is_well_formed() -> None:
    gold = read_gold(GOLD)
    assert len(gold) >= 100
    assert all(len(set(ex.labels)) >= 2 for ex in gold), "every gold sentence switches language"


def test_codeswitch_gold_floor() -> None:
    scores = score_segments(read_gold(GOLD), awal.lid.segment)  # measured: words 0.881, span F1 0.683
    assert scores["word_accuracy"] >= 0.83, scores
    assert scores["span_f1"] >= 0.57, scores
