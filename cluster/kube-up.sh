#!/usr/bin/env bash
# Brings up a local cluster (provider `local`), a thin wrapper over `bin/k8ts up`: the settings come from
# config-default.sh (or $KUBE_CONFIG_FILE); any flags given here are passed on after them, so they win.
#   cluster/kube-up.sh                       # settings as configured
#   NUM_NODES=3 cluster/kube-up.sh           # three nodes, each in its own network namespace
#   cluster/kube-up.sh --proxy-mode iptables # a flag of `k8ts up` overrides the config
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ "${KUBERNETES_PROVIDER:-local}" != local ]; then
  echo "kube-up.sh: only KUBERNETES_PROVIDER=local is supported, not ${KUBERNETES_PROVIDER}" >&2
  exit 1
fi
# shellcheck source=cluster/config-default.sh
source "${KUBE_CONFIG_FILE:-$root/cluster/config-default.sh}"
exec "$root/bin/k8ts" up \
  --nodes "$NUM_NODES" \
  --port "$MASTER_PORT" \
  --kubelet-port "$KUBELET_PORT" \
  --proxy-healthz-port "$PROXY_HEALTHZ_PORT" \
  --proxy-mode "$PROXY_MODE" \
  --host-bridge "$HOST_BRIDGE" \
  --node-cidr "$NODE_IP_RANGE" \
  --netns-prefix "$NETNS_PREFIX" \
  --cluster-cidr "$CLUSTER_IP_RANGE" \
  --pod-cidr "$POD_IP_RANGE" \
  --service-cidr "$SERVICE_CLUSTER_IP_RANGE" \
  "$@"
