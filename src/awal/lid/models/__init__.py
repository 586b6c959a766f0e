"""Shipped language-ID models: ``<name>.ftz`` weights and ``<name>.json`` manifests."""
