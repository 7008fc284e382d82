#!/usr/bin/env bash
# Writes a kubeconfig for the integration suites against a given cluster (kind
# on CI): context admin (the cluster's own admin), and reader and differ,
# ServiceAccounts with the same cluster roles the local control plane gives its
# reader and differ users (test/cluster/rbac.ts): reader may only read, differ
# may also create and patch. Tokens last 3 hours.
#
#   bash test/cluster/kind-contexts.sh KUBECTL SOURCE_KUBECONFIG OUT_KUBECONFIG
set -euo pipefail

kubectl=${1:?usage: kind-contexts.sh KUBECTL SOURCE_KUBECONFIG OUT_KUBECONFIG}
source_config=${2:?}
out=${3:?}
k() { "$kubectl" --kubeconfig "$source_config" "$@"; }

k apply -f - <<'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kube-drift-reader }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: [get, list, watch] }
  - { nonResourceURLs: ['*'], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kube-drift-differ }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: [get, list, watch, patch, create] }
EOF
for user in reader differ; do
  k -n kube-system create serviceaccount "$user" --dry-run=client -o yaml | k apply -f -
  k create clusterrolebinding "kube-drift-$user" --clusterrole="kube-drift-$user" \
    --serviceaccount="kube-system:$user" --dry-run=client -o yaml | k apply -f -
done

cluster=$(k config view --minify -o jsonpath='{.contexts[0].context.cluster}')
admin=$(k config current-context)
umask 077
cp "$source_config" "$out"
o() { "$kubectl" --kubeconfig "$out" "$@"; }
o config rename-context "$admin" admin
for user in reader differ; do
  token=$(k -n kube-system create token "$user" --duration=3h)
  o config set-credentials "$user" --token="$token" >/dev/null
  o config set-context "$user" --cluster="$cluster" --user="$user" >/dev/null
done
o config use-context admin >/dev/null
echo "wrote $out: contexts admin, reader, differ" >&2
