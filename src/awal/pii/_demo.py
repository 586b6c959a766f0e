"""``awal demo`` section: redaction, masking and pseudonymisation on sentences written for awal.

Every identifier below is made up (checksums valid so the recognisers score them as real).
"""

from __future__ import annotations

from awal.pii._actions import Pseudonymizer, redact_entities

#: (description, sentence)
SENTENCES: tuple[tuple[str, str], ...] = (
    ("Darija, Latin script", "salam, smiti Salma Bennani, CIN dyali BK 482913 w nmra dyali 06 61 23 45 67"),
    ("Darija, Arabic script", "سميتي يوسف العلوي، رقم الهاتف ديالي ٠٧٠٠١٢٣٤٥٦ والطوموبيل 48213-ب-6"),
    ("MSA", "يرجى تحويل المبلغ إلى الحساب البنكي رقم 230 780 0000123456789012 82 باسم السيد كريم التازي"),
    ("French", "Je m'appelle Nadia Kettani, née le 14/02/1991, IBAN MA64 0115 1900 0001 2050 0053 4921"),
    ("French, fail-closed", "Merci de verser sur mon RIB 011 780 0000123456789012 99 (clé fausse) avant lundi"),
    ("Code-switching", "envoyer la facture à nadia.k@example.ma, ICE 001561191000066, carte 4111 1111 1111 1111"),
)

#: fixed key so the demo output is the same on every run (never use a published key for real data)
DEMO_KEY = "awal-demo-key"


def demo_section() -> list[str]:
    """Lines of the PII block of ``awal demo``."""
    pseudo = Pseudonymizer(DEMO_KEY)
    lines = ["[awal.pii: personal data, redacted three ways]  (all identifiers are made up)"]
    for title, text in SENTENCES:
        found = redact_entities(text)
        lines.append(f"  {title}: {text}")
        kinds = ", ".join(f"{e.type}{'' if e.valid else ' (bad checksum)'}" for e in found.entities) or "-"
        lines.append(f"    {'found':<12} {kinds}")
        lines.append(f"    {'replace':<12} {found.text}")
        lines.append(f"    {'mask':<12} {redact_entities(text, 'mask').text}")
        lines.append(f"    {'pseudonymize':<12} {redact_entities(text, 'pseudonymize', pseudonymizer=pseudo).text}")
    return lines
