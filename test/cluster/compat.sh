#!/usr/bin/env bash
# The compatibility matrix (npm run test:compat): the catalogue A (no false
# drift) and B (drift found) suites and the helm renderer suite, on every tested
# Kubernetes minor with each helm major. Each cell builds (or finds) its tools,
# starts its own control plane of that minor (the integration global setup) and
# installs and renders charts with that helm. Prints the matrix with test counts
# and times; fails when any cell fails or runs no test.
#
#   COMPAT_MINORS="1.34 1.37"   only these minors (default: KUBERNETES_MINORS of versions.env)
#   COMPAT_HELM="4"             only these helm majors (default: HELM_MAJORS)
#   COMPAT_SUITES="catalogue-a" other test path patterns (default: every catalogue A and B suite, the helm renderer suite)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=versions.env
source test/cluster/versions.env

minors=${COMPAT_MINORS:-$KUBERNETES_MINORS}
helms=${COMPAT_HELM:-$HELM_MAJORS}
read -r -a suites <<<"${COMPAT_SUITES:-catalogue-a catalogue-b renderers-helm}"
# A given cluster would be the same for every cell: each cell starts its own.
unset KUBECONFIG_KUBE_DRIFT_TEST KUBE_DRIFT_BIN_DIR

rows=()
failed=0
for minor in $minors; do
  for helm in $helms; do
    cell="Kubernetes $minor × Helm $helm"
    echo "::group::$cell"
    start=$SECONDS
    if ! bin=$(KUBE_DRIFT_KUBERNETES=$minor KUBE_DRIFT_HELM=$helm bash test/cluster/build-tools.sh | tail -n 1); then
      rows+=("$(printf '%-26s tools failed to build' "$cell")")
      failed=1
      echo "::endgroup::"
      continue
    fi
    built=$((SECONDS - start))
    results=$(mktemp)
    KUBE_DRIFT_KUBERNETES=$minor KUBE_DRIFT_HELM=$helm KUBE_DRIFT_BIN_DIR=$bin \
      NODE_OPTIONS=--experimental-vm-modules npx jest "${suites[@]}" --selectProjects integration \
      --json --outputFile="$results"
    code=$?
    counts=$(node -e '
      const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))
      console.log(`${r.numPassedTests} ${r.numFailedTests} ${r.numPendingTests} ${r.numTotalTests}`)
    ' "$results" 2>/dev/null || echo "0 0 0 0")
    rm -f "$results"
    read -r passed failures pending total <<<"$counts"
    if [[ $code -ne 0 || $total -eq 0 || $failures -ne 0 || $pending -ne 0 ]]; then failed=1; fi
    rows+=("$(printf '%-26s %4d passed %3d failed %3d skipped  tools %4ss  tests %4ss%s' \
      "$cell" "$passed" "$failures" "$pending" "$built" $((SECONDS - start - built)) \
      "$([[ $code -ne 0 || $total -eq 0 ]] && echo "  FAILED (exit $code)")")")
    echo "::endgroup::"
  done
done

echo
echo "Compatibility matrix (${suites[*]}):"
printf '  %s\n' "${rows[@]}"
exit "$failed"
