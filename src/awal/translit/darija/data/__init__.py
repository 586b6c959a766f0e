"""Shipped Darija transliteration model: ``model.npz`` + ``manifest.json`` (rebuilt by ``awal translit train``)."""
