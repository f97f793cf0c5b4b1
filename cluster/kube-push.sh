#!/usr/bin/env bash
# Would install the current build into the running local cluster and restart its components one by one
# (`k8ts push`). Not there yet: until it is, `cluster/kube-up.sh` after `bin/k8ts down` (state is kept)
# brings the cluster back on the current build.
set -euo pipefail
echo "kube-push.sh: k8ts push is not available yet; run cluster/kube-down.sh then cluster/kube-up.sh (the state is kept)" >&2
exit 1
