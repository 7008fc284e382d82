// Command etcd is the etcd server at the exact version k8s.io/apiserver requires,
// so the test control plane runs the etcd its kube-apiserver was released with.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
