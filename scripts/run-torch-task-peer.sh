#!/usr/bin/env bash
# Runs scripts/torch-regression-peer.py (the PyTorch peer for the regression and classification models) under the
# same fast BLAS as the shared categorical peer. Usage: run-torch-task-peer.sh [--peer DIR] [peer flags...]
# The setup (python3-torch, Debian's OpenBLAS with AVX-512 kernels unpacked in /tmp/peer-openblas) is the shared
# run-torch-peer.sh's own: it is run with --help, which does the setup and exits before any training.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
peer=$here/../../shared/peers
if [ "${1:-}" = "--peer" ]; then peer=$2; shift 2; fi
[ -f "$peer/run-torch-peer.sh" ] || { echo "run-torch-task-peer.sh: no run-torch-peer.sh in $peer (give --peer DIR)" >&2; exit 2; }
bash "$peer/run-torch-peer.sh" --help >/dev/null
ob=/tmp/peer-openblas
LD_LIBRARY_PATH=$ob/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX \
  exec /usr/bin/python3 "$here/torch-regression-peer.py" --peer "$peer" "$@"
