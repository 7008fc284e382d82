// The command lines of etcd, kube-apiserver and kube-controller-manager: every listener
// on 127.0.0.1, all state under the cluster's directory.

import { join } from 'node:path'
import type { Pki } from './pki.ts'

// /16: room for the benchmark's thousands of Services (a /24 holds 254).
export const SERVICE_CIDR = '10.0.0.0/16'
/** The first address of SERVICE_CIDR, the "kubernetes" Service's, which the API server's certificate names. */
export const SERVICE_IP = '10.0.0.1'
const ISSUER = 'https://kubernetes.default.svc.cluster.local'

// etcd: client and peer listeners on 127.0.0.1 only; no metrics listener (the
// default --listen-metrics-urls is empty); fsync off, the data is thrown away.
export function etcdFlags(dir: string, etcdUrl: string, peerUrl: string): string[] {
  return [
    '--name=kube-drift',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=kube-drift=${peerUrl}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync',
    '--log-level=warn'
  ]
}

// kube-apiserver: one secure listener on 127.0.0.1 (the insecure port no longer
// exists). The endpoint reconciler is off: Endpoints may not hold a loopback
// address, so the "kubernetes" Endpoints could never be written.
export function apiserverFlags(dir: string, apiPort: number, etcdUrl: string, pki: Pki): string[] {
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    `--etcd-servers=${etcdUrl}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--authorization-mode=Node,RBAC',
    `--service-account-issuer=${ISSUER}`,
    `--service-account-key-file=${pki.saPublic}`,
    `--service-account-signing-key-file=${pki.saPrivate}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    `--requestheader-client-ca-file=${pki.caCert}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${pki.clients['front-proxy-client'].cert}`,
    `--proxy-client-key-file=${pki.clients['front-proxy-client'].key}`,
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
    '--profiling=false'
  ]
}

// kube-controller-manager, with its own identity (kubeconfig); its secure (health)
// listener on 127.0.0.1 and a free port; no leader election for a single instance.
export function controllerManagerFlags(
  dir: string,
  kcmPort: number,
  kubeconfig: string,
  pki: Pki
): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${kcmPort}`,
    `--cert-dir=${join(dir, 'controller-manager-certs')}`,
    `--service-account-private-key-file=${pki.saPrivate}`,
    `--root-ca-file=${pki.caCert}`,
    '--use-service-account-credentials=true',
    '--controllers=*',
    '--leader-elect=false',
    '--cluster-name=kube-drift',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--profiling=false'
  ]
}
