#!/usr/bin/env bash
# Writes (or rewrites) the Go tools module of one Kubernetes release:
#
#   bash test/cluster/new-tools-module.sh v1.37.2     -> test/cluster/tools-1.37/
#
# k8s.io/kubernetes requires its staging modules at v0.0.0 and maps them to
# ./staging with replace lines a consumer does not inherit, so the module adds
# one replace per staging module, generated from the release's own go.mod (the
# list changes between releases). It copies the release's go and godebug lines,
# so the binaries behave as the release's own. Run it when adding a minor or
# moving a minor to a newer patch; then update versions.env and commit go.mod
# and go.sum. Needs the Go module proxy; builds nothing.
set -euo pipefail

version=${1:?usage: new-tools-module.sh vMAJOR.MINOR.PATCH}
if [[ ! $version =~ ^v1\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "not a Kubernetes release: $version (want e.g. v1.37.2)" >&2
  exit 2
fi
minor=${BASH_REMATCH[1]}
staging="v0.$minor.${BASH_REMATCH[2]}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir="$here/tools-1.$minor"

upstream=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
[[ -f $upstream ]] || { echo "go.mod of k8s.io/kubernetes@$version not found" >&2; exit 1; }
go_line=$(grep -m1 -E '^go [0-9.]+$' "$upstream")
godebug_line=$(grep -m1 -E '^godebug ' "$upstream" || true)

mkdir -p "$dir/etcd"
cat >"$dir/tools.go" <<'EOF'
//go:build tools

// Package tools pins the Kubernetes commands the local control plane is built from,
// so `go mod tidy` keeps them in go.mod and go.sum.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
EOF
cat >"$dir/etcd/main.go" <<'EOF'
// Command etcd is the etcd server at the exact version k8s.io/apiserver requires,
// so the test control plane runs the etcd its kube-apiserver was released with.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF

{
  echo "module github.com/kube-drift/kube-drift/test/cluster/tools-1.$minor"
  echo
  echo "$go_line"
  [[ -n $godebug_line ]] && { echo; echo "$godebug_line"; }
} >"$dir/go.mod"
rm -f "$dir/go.sum"

cd "$dir"
grep -oE 'k8s\.io/[a-z0-9-]+ => \./staging' "$upstream" | awk '{print $1}' | sort -u |
  while read -r module; do go mod edit -replace="$module=$module@$staging"; done
etcd=$(grep -m1 -E '^\s*go\.etcd\.io/etcd/server/v3 ' "$upstream" | awk '{print $2}')
go mod edit -require="k8s.io/kubernetes@$version" -require="go.etcd.io/etcd/server/v3@$etcd"
go mod tidy
echo "wrote $dir (k8s.io/kubernetes $version, etcd $etcd, $go_line)"
