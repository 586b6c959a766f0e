"""Shipped language-ID models: ``<name>.npz`` weights (awal.lid.engine) and ``<name>.json`` manifests."""
