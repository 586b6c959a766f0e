"""Find and redact Moroccan personal data in Darija (both scripts), MSA and French text.

>>> from awal import pii
>>> pii.redact("smiti Salma, CIN dyali BK123456, tel 0612345678")
'smiti [PERSON], CIN dyali [CIN], tel [PHONE]'

Fourteen entity types (:data:`ENTITY_TYPES`), each a format rule plus, where the
identifier has one, its checksum (RIB key, IBAN mod 97, ICE key, Luhn); context words
in four languages raise confidence. Rules and sources: ``docs/pii.md``.
"""

from __future__ import annotations

from awal.pii._actions import ACTIONS, Pseudonymizer, Redaction, redact, redact_entities
from awal.pii._find import DEFAULT_MIN_SCORE, ENTITY_TYPES, Entity, find

__all__ = [
    "ACTIONS",
    "DEFAULT_MIN_SCORE",
    "ENTITY_TYPES",
    "Entity",
    "Pseudonymizer",
    "Redaction",
    "find",
    "redact",
    "redact_entities",
]
