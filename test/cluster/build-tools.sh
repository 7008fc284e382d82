#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager,
# kubectl) of one Kubernetes minor from its pinned Go tools module (tools-<minor>/),
# plus helm, kustomize and actionlint, into a cache outside the checkout: one
# directory per tool and version, so minors share helm and kustomize and a second
# run, from any clone, builds nothing. Then it fills a bin directory for the
# chosen minor and helm major with links to those binaries, and prints it.
#
#   KUBE_DRIFT_KUBERNETES  minor, e.g. 1.34 (default: KUBERNETES_DEFAULT_MINOR in versions.env)
#   KUBE_DRIFT_HELM        helm major, 3 or 4 (default: HELM_DEFAULT_MAJOR); it is `helm` in the bin directory
#   KUBE_DRIFT_TOOLS_DIR   cache root (default: $XDG_CACHE_HOME or ~/.cache, /kube-drift/tools)
#   KUBE_DRIFT_CLIENTS_ONLY=1  kubectl, helm, kustomize and actionlint only (tests against a
#                          given cluster, e.g. kind: no control plane to build)
#
# Prints the bin directory on the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

log() { printf '[build-tools] %s\n' "$*" >&2; }
fail() {
  log "$*"
  exit 2
}

minor=${KUBE_DRIFT_KUBERNETES:-$KUBERNETES_DEFAULT_MINOR}
minor=${minor#v}
case " $KUBERNETES_MINORS " in
  *" $minor "*) ;;
  *) fail "KUBE_DRIFT_KUBERNETES=$minor is not a tested Kubernetes minor; use one of: $KUBERNETES_MINORS" ;;
esac
version_var="KUBERNETES_VERSION_${minor//./_}"
kubernetes=${!version_var:?$version_var missing from versions.env}
module="$here/tools-$minor"
[[ -f $module/go.mod ]] || fail "$module/go.mod is missing (write it with new-tools-module.sh $kubernetes)"
grep -q "k8s.io/kubernetes $kubernetes\$" "$module/go.mod" ||
  fail "$module/go.mod does not require k8s.io/kubernetes $kubernetes (versions.env says so)"

helm_major=${KUBE_DRIFT_HELM:-$HELM_DEFAULT_MAJOR}
case " $HELM_MAJORS " in
  *" $helm_major "*) ;;
  *) fail "KUBE_DRIFT_HELM=$helm_major is not a supported helm major; use one of: $HELM_MAJORS" ;;
esac
helm_var="HELM_VERSION_$helm_major"
helm_version=${!helm_var:?$helm_var missing from versions.env}

root=${KUBE_DRIFT_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-drift/tools}
k8s_dir="k8s-$kubernetes"
helm_dir="helm-$helm_version"
kustomize_dir="kustomize-$KUSTOMIZE_VERSION"
actionlint_dir="actionlint-$ACTIONLINT_VERSION"
bin="$root/bin-$k8s_dir-$helm_dir-$kustomize_dir-$actionlint_dir"
mkdir -p "$root/$k8s_dir" "$root/$helm_dir" "$root/$kustomize_dir" "$root/$actionlint_dir" "$bin"

if ! command -v go >/dev/null 2>&1; then
  log "go is not installed: install Go >= 1.26 (https://go.dev/doc/install) and put it on PATH"
  exit 1
fi

# Stamp the release: without it /version says v0.0.0-master and helm's kubeVersion checks fail.
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags="$k8s_ldflags -X $pkg.gitVersion=$kubernetes -X $pkg.gitMajor=1 -X $pkg.gitMinor=${minor#1.}"
  k8s_ldflags="$k8s_ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

build_k8s() { # name package
  local name=$1 pkg=$2 out="$root/$k8s_dir/$1"
  if [[ -x $out ]]; then return; fi
  log "building $name ($kubernetes) — a cold build takes several minutes"
  local start=$SECONDS
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "$k8s_ldflags" -o "$out.tmp.$$" "$pkg")
  mv "$out.tmp.$$" "$out"
  log "built $name in $((SECONDS - start))s"
}

install_mod() { # dir name module@version [ldflags]
  local dir=$1 name=$2 mod=$3 ldflags="-s -w ${4:-}"
  if [[ -x $root/$dir/$name ]]; then return; fi
  log "installing $mod"
  local start=$SECONDS tmp
  tmp=$(mktemp -d)
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "$ldflags" "$mod"
  mv "$tmp/$name" "$root/$dir/$name.tmp.$$"
  mv "$root/$dir/$name.tmp.$$" "$root/$dir/$name"
  rmdir "$tmp"
  log "installed $name in $((SECONDS - start))s"
}

control_plane=(etcd kube-apiserver kube-controller-manager)
[[ ${KUBE_DRIFT_CLIENTS_ONLY:-} == 1 ]] && control_plane=()
for name in "${control_plane[@]}"; do
  case $name in
    etcd) build_k8s etcd ./etcd ;;
    *) build_k8s "$name" "k8s.io/kubernetes/cmd/$name" ;;
  esac
done
build_k8s kubectl k8s.io/kubernetes/cmd/kubectl
# `helm version` reports the stamped release, as a released binary does.
helm_pkg="helm.sh/helm/v$helm_major"
install_mod "$helm_dir" helm "$helm_pkg/cmd/helm@$helm_version" \
  "-X $helm_pkg/internal/version.version=$helm_version -X $helm_pkg/internal/version.gitTreeState=clean"
install_mod "$kustomize_dir" kustomize "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
install_mod "$actionlint_dir" actionlint "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"

link() { # dir name (a link already right is left alone: other processes may be reading it)
  [[ $(readlink "$bin/$2" 2>/dev/null) == "../$1/$2" ]] || ln -sfn "../$1/$2" "$bin/$2"
}
for name in "${control_plane[@]}" kubectl; do link "$k8s_dir" "$name"; done
link "$helm_dir" helm
link "$kustomize_dir" kustomize
link "$actionlint_dir" actionlint

echo "$bin"
