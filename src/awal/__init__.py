"""awal (ⴰⵡⴰⵍ, "speech, word"): offline language technology for Morocco's languages.

identify -> normalize -> transliterate -> redact -> curate. Submodules load lazily:
``import awal`` is cheap, models are read on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

from awal.errors import AwalError
from awal.languages import Group, Label, Language, Script

__all__ = ["AwalError", "Group", "Label", "Language", "Script", "__version__"]
