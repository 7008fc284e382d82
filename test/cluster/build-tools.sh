#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager)
# from the pinned Go tools module, plus helm, kustomize and actionlint, into a
# cache directory outside the checkout keyed by version. A second run, from any
# clone, finds the binaries and builds nothing.
#
#   KUBE_DRIFT_TOOLS_DIR  cache root (default: $XDG_CACHE_HOME or ~/.cache, /kube-drift/tools)
#
# Prints the bin directory on the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

root=${KUBE_DRIFT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-drift/tools}
bin="$root/k8s-$KUBERNETES_VERSION-helm-$HELM_VERSION-kustomize-$KUSTOMIZE_VERSION-actionlint-$ACTIONLINT_VERSION"
mkdir -p "$bin"

log() { printf '[build-tools] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "go is not installed: install Go >= 1.25 (https://go.dev/doc/install) and put it on PATH"
  exit 1
fi

minor=${KUBERNETES_VERSION#v1.}
minor=${minor%%.*}
# Stamp the release: without it /version says v0.0.0-master and helm's kubeVersion checks fail.
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags="$ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

build_k8s() { # name package
  local name=$1 pkg=$2
  if [[ -x "$bin/$name" ]]; then return; fi
  log "building $name ($KUBERNETES_VERSION) — a cold build takes several minutes"
  local start=$SECONDS
  (cd "$here/tools" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin/$name.tmp" "$pkg")
  mv "$bin/$name.tmp" "$bin/$name"
  log "built $name in $((SECONDS - start))s"
}

install_mod() { # name module@version
  local name=$1 mod=$2
  if [[ -x "$bin/$name" ]]; then return; fi
  log "installing $mod"
  local start=$SECONDS tmp
  tmp=$(mktemp -d)
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "-s -w" "$mod"
  mv "$tmp/$name" "$bin/$name"
  rmdir "$tmp"
  log "installed $name in $((SECONDS - start))s"
}

build_k8s etcd ./etcd
build_k8s kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build_k8s kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
build_k8s kubectl k8s.io/kubernetes/cmd/kubectl
install_mod helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
install_mod kustomize "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
install_mod actionlint "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"

echo "$bin"
