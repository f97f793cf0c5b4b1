#!/usr/bin/env bash
# Installs what k8ts needs on a fresh Debian 12 machine with Node 20: the Debian packages (docker.io,
# etcd-server, busybox-static, iproute2, iptables, conntrack) and the npm dependencies. Idempotent and quiet when done.
# `--with-browser` (the test suite) also installs Debian's chromium for the dashboard's browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v etcd >/dev/null || need+=(etcd-server)
command -v etcdctl >/dev/null || need+=(etcd-client)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || need+=(busybox-static)
command -v ip >/dev/null || need+=(iproute2)
command -v iptables >/dev/null || need+=(iptables)
# The iptables proxy deletes a UDP flow's conntrack entry when its endpoint goes; without the tool it only warns.
command -v conntrack >/dev/null || [ -x /usr/sbin/conntrack ] || need+=(conntrack)
if [ "${1:-}" = "--with-browser" ]; then [ -x /usr/bin/chromium ] || need+=(chromium); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "k8ts: missing Debian packages: ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "k8ts: installing Debian packages: ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "k8ts: installing npm dependencies (npm ci)" >&2
  # A release tree (no src/) runs the shipped bundle and needs only the runtime dependencies.
  if [ -d src ]; then npm ci --no-audit --no-fund --loglevel=error >&2; else npm ci --omit=dev --no-audit --no-fund --loglevel=error >&2; fi
fi
