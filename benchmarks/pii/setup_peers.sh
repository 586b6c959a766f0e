#!/usr/bin/env bash
# Create the separate venv holding the peer tools compared in benchmarks/pii/run.py.
# Peers never go into awal's own dependencies. No spaCy model is downloaded: the benchmark
# calls presidio-mena's pattern recognisers directly, which need no NLP engine.
#
#   bash benchmarks/pii/setup_peers.sh            # creates benchmarks/.venv-pii
#   PYTHON=python3.12 bash benchmarks/pii/setup_peers.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${PII_PEER_VENV:-$here/../.venv-pii}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet \
    "presidio-mena==0.1.0" \
    "presidio-analyzer" \
    "glpi-anonymizer==0.1.0"
"$venv/bin/python" - <<'PY'
import importlib.metadata as md
for name in ("presidio-mena", "presidio-analyzer", "glpi-anonymizer"):
    print(f"{name}=={md.version(name)}")
PY
echo "peer venv ready: $venv"
