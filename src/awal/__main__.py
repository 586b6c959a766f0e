"""``python -m awal`` runs the same CLI as the ``awal`` command."""

from awal.cli import run

if __name__ == "__main__":
    run()
