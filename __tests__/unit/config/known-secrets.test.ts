// The run's secrets, found at startup: tokens in the environment, the
// kubeconfig input (base64 or YAML), every kubeconfig file the run may read,
// and the key, certificate and token files those point at.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { registerKnownSecrets } from '../../../src/config/known-secrets.ts'
import { SecretScrubber } from '../../../src/util/secret-scrubber.ts'

const KEY =
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKnownSecretsKeyMaterial0123456789abcdefABCDEF\n-----END EC PRIVATE KEY-----\n'

function kubeconfig(user: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:6443' } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
users:
  - name: u
    user:
${user}
`
}

const scrubbed = (scrubber: SecretScrubber, text: string) => scrubber.scrub(text)

describe('registerKnownSecrets', () => {
  it('registers the tokens of the environment and the kubeconfig input', () => {
    const scrubber = new SecretScrubber()
    const input = kubeconfig(
      `      token: input-bearer-token-0123\n      client-key-data: ${Buffer.from(KEY).toString('base64')}`
    )
    registerKnownSecrets(scrubber, {
      env: {
        'INPUT_GITHUB-TOKEN': 'ghs_inputToken0123456789',
        GITHUB_TOKEN: 'ghs_workflowToken0123456789',
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-0123456789',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-request-token-0123456789',
        INPUT_KUBECONFIG: Buffer.from(input).toString('base64')
      }
    })
    for (const secret of [
      'ghs_inputToken0123456789',
      'ghs_workflowToken0123456789',
      'runtime-token-0123456789',
      'id-request-token-0123456789',
      'input-bearer-token-0123',
      'MHcCAQEEIKnownSecretsKeyMaterial0123456789abcdefABCDEF'
    ]) {
      expect(scrubbed(scrubber, `x ${secret} y`)).toBe('x *** y')
    }
    expect(scrubbed(scrubber, 'server https://127.0.0.1:6443')).toBe(
      'server https://127.0.0.1:6443'
    )
  })

  it('reads every kubeconfig file and the credential files they point at', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-drift-known-secrets-'))
    writeFileSync(join(dir, 'client.key'), KEY)
    writeFileSync(join(dir, 'token'), 'token-file-secret-0123456789\n')
    writeFileSync(
      join(dir, 'a.kubeconfig'),
      kubeconfig('      client-key: client.key\n      client-certificate: missing.crt')
    )
    writeFileSync(join(dir, 'b.kubeconfig'), kubeconfig(`      tokenFile: ${join(dir, 'token')}`))
    writeFileSync(
      join(dir, 'flag.kubeconfig'),
      kubeconfig(
        '      exec: { command: plugin, args: [get, --api-key, exec-flag-secret-0123, "--password=exec-eq-secret-0123"] }'
      )
    )
    const scrubber = new SecretScrubber()
    registerKnownSecrets(scrubber, {
      env: { KUBECONFIG: [join(dir, 'a.kubeconfig'), join(dir, 'b.kubeconfig')].join(delimiter) },
      kubeconfigPaths: [join(dir, 'flag.kubeconfig'), join(dir, 'absent.kubeconfig')]
    })
    for (const secret of [
      'MHcCAQEEIKnownSecretsKeyMaterial0123456789abcdefABCDEF',
      'token-file-secret-0123456789',
      'exec-flag-secret-0123',
      'exec-eq-secret-0123'
    ]) {
      expect(scrubbed(scrubber, `x ${secret} y`)).toBe('x *** y')
    }
    // The plugin's command and plain arguments are no secrets.
    expect(scrubbed(scrubber, 'plugin get --api-key')).toBe('plugin get --api-key')
  })
})
