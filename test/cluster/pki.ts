// The cluster's certificates, made with openssl: one EC P-256 CA signing the API
// server's serving certificate and a client certificate per identity, plus the RSA key
// pair that signs and verifies service account tokens.

import { execFile } from 'node:child_process'
import { generateKeyPair, randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ContextName } from './kubeconfig-file.ts'

const execFileAsync = promisify(execFile)
const generateKeyPairAsync = promisify(generateKeyPair)

export interface Pki {
  caCert: string
  caKey: string
  serverCert: string
  serverKey: string
  saPublic: string
  saPrivate: string
  clients: Record<
    ContextName | 'controller-manager' | 'front-proxy-client',
    { cert: string; key: string }
  >
}

interface CertSpec {
  name: string
  cn: string
  o?: string
  server?: boolean
}

/** Writes the CA, certificates and keys into pkiDir; serviceIp goes into the API server's SANs. */
export async function generatePki(pkiDir: string, serviceIp: string): Promise<Pki> {
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 })
  const file = (name: string) => join(pkiDir, name)
  const openssl = (args: string[]) => execFileAsync('openssl', args, { cwd: pkiDir })

  // The CA, with a self-contained config so the system openssl.cnf plays no part.
  await writeFile(
    file('ca.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = kube-drift-ca',
      '[ext]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign,digitalSignature',
      'subjectKeyIdentifier = hash',
      ''
    ].join('\n')
  )
  await openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    'ca.key'
  ])
  await openssl(
    ['req', '-x509', '-new', '-config', 'ca.cnf', '-extensions', 'ext', '-key', 'ca.key'].concat([
      '-days',
      '365',
      '-out',
      'ca.crt'
    ])
  )

  const specs: CertSpec[] = [
    { name: 'apiserver', cn: 'kube-apiserver', server: true },
    { name: 'admin', cn: 'kube-drift-admin', o: 'system:masters' },
    { name: 'reader', cn: 'reader' },
    { name: 'differ', cn: 'differ' },
    { name: 'controller-manager', cn: 'system:kube-controller-manager' },
    // The API server's identity towards aggregated API servers (and the request-header
    // CA that kube-controller-manager's delegated authentication looks up).
    { name: 'front-proxy-client', cn: 'front-proxy-client' }
  ]
  const sans = [
    'IP:127.0.0.1',
    `IP:${serviceIp}`,
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local'
  ]
  const sign = async (spec: CertSpec) => {
    const cnf = [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      ...(spec.o ? [`O = ${spec.o}`] : []),
      `CN = ${spec.cn}`,
      '[ext]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage = ${spec.server ? 'serverAuth' : 'clientAuth'}`,
      'authorityKeyIdentifier = keyid',
      ...(spec.server ? [`subjectAltName = ${sans.join(',')}`] : []),
      ''
    ].join('\n')
    await writeFile(file(`${spec.name}.cnf`), cnf)
    await openssl([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      `${spec.name}.key`
    ])
    await openssl([
      'req',
      '-new',
      '-config',
      `${spec.name}.cnf`,
      '-key',
      `${spec.name}.key`,
      '-out',
      `${spec.name}.csr`
    ])
    await openssl([
      'x509',
      '-req',
      '-in',
      `${spec.name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      '-days',
      '365',
      '-extfile',
      `${spec.name}.cnf`,
      '-extensions',
      'ext',
      '-out',
      `${spec.name}.crt`
    ])
  }
  const serviceAccountKey = async () => {
    const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
    })
    await writeFile(file('sa.pub'), publicKey, { mode: 0o600 })
    await writeFile(file('sa.key'), privateKey, { mode: 0o600 })
  }
  await Promise.all([...specs.map(sign), serviceAccountKey()])

  const pair = (name: string) => ({ cert: file(`${name}.crt`), key: file(`${name}.key`) })
  return {
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    serverCert: file('apiserver.crt'),
    serverKey: file('apiserver.key'),
    saPublic: file('sa.pub'),
    saPrivate: file('sa.key'),
    clients: {
      admin: pair('admin'),
      reader: pair('reader'),
      differ: pair('differ'),
      'controller-manager': pair('controller-manager'),
      'front-proxy-client': pair('front-proxy-client')
    }
  }
}
