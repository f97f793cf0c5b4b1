#!/usr/bin/env bash
# Installs the current build into the running local cluster and restarts its components one by one, control plane
# first; running pods keep running (`k8ts push`).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
exec "$here/../bin/k8ts" push "$@"
