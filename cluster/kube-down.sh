#!/usr/bin/env bash
# Tears down the local cluster, a thin wrapper over `bin/k8ts down` (which reads what `up` made from
# $K8TS_HOME, default ~/.k8ts). Flags are passed on, e.g. `cluster/kube-down.sh --purge`.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
exec "$root/bin/k8ts" down "$@"
