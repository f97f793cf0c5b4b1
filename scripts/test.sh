#!/usr/bin/env bash
# The whole test suite: installs what is missing, then type check, lint, format check and every test
# (vitest starts and stops the real etcd and whatever else the tests need). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-browser || exit 1

passed=0
failed=0
step() {
  local name="$1"
  shift
  echo "==> $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

step "type check (tsc --noEmit)" npx tsc --noEmit -p .
step "type check of the dashboard's browser code" npx tsc --noEmit -p src/dashboard/ui/tsconfig.json
step "lint (eslint, layering rule)" npx eslint .
step "format (prettier --check)" npx prettier --check --log-level warn .

# bin/k8ts builds the dashboard and its bundle on first use; do it here, once, rather than inside the first
# timed tests that start a component while the machine is at its busiest.
step "build (dashboard and bundle, as bin/k8ts does on first use)" ./bin/k8ts version

report="$(mktemp -t k8ts-vitest-XXXXXX.json)"
echo "==> tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
vitest_rc=$?
if [ -s "$report" ]; then
  # A failing test counts once; a file that failed on its own (import error, failing hook) counts once more.
  read -r vp vf < <(node -e '
    const r = require(process.argv[1]);
    const brokenFiles = r.testResults.filter(
      (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
    ).length;
    console.log(r.numPassedTests, r.numFailedTests + brokenFiles);' "$report")
  passed=$((passed + vp))
  failed=$((failed + vf))
fi
if [ $vitest_rc -ne 0 ] && [ "${vf:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
rm -f "$report"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
