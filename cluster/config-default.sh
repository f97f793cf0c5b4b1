# Settings of a local k8ts cluster for cluster/kube-up.sh (provider `local`), like the 2014 scripts'
# config-default.sh. Each value may be set in the environment first; flags given to kube-up.sh win over both.
# `k8ts up` also keeps what it used in $K8TS_HOME/cluster.json, so kube-down.sh needs none of this.

# Nodes: 1 runs the kubelet and proxy on the host; more puts each node in a network namespace of its own.
NUM_NODES="${NUM_NODES:-1}"
# The apiserver's HTTPS port (on the node bridge address with one node, on the host bridge address with more);
# there is no plain-HTTP port. The admin password goes to ~/.kubernetes_auth (or --auth-file).
MASTER_PORT="${MASTER_PORT:-6443}"
KUBELET_PORT="${KUBELET_PORT:-10250}"
PROXY_HEALTHZ_PORT="${PROXY_HEALTHZ_PORT:-10256}"
# userspace or iptables.
PROXY_MODE="${PROXY_MODE:-userspace}"
# The "VM network" joining the nodes: host at .1, node i at .(10+i).
HOST_BRIDGE="${HOST_BRIDGE:-k8ts0}"
NODE_IP_RANGE="${NODE_IP_RANGE:-10.240.0.0/24}"
NETNS_PREFIX="${NETNS_PREFIX:-k8ts-node-}"
# Pod ranges: with several nodes node i gets the i-th /24; with one node, POD_IP_RANGE is its range.
CLUSTER_IP_RANGE="${CLUSTER_IP_RANGE:-10.244.0.0/16}"
POD_IP_RANGE="${POD_IP_RANGE:-10.244.0.0/24}"
SERVICE_CLUSTER_IP_RANGE="${SERVICE_CLUSTER_IP_RANGE:-10.96.0.0/16}"
