import { kubeconfigCredentialFiles, maskKubeconfig } from '../../../src/config/mask-kubeconfig.ts'

describe('maskKubeconfig', () => {
  it('finds tokens, keys and the decoded lines of base64 data', () => {
    const key =
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LZ2secretkeymaterial\n-----END EC PRIVATE KEY-----\n'
    const text = `users:
  - name: a
    user:
      token: s3cr3t-token-value
      client-key-data: ${Buffer.from(key).toString('base64')}
clusters:
  - name: c
    cluster: { server: https://x }
`
    const secrets = maskKubeconfig(text)
    expect(secrets).toContain('s3cr3t-token-value')
    expect(secrets).toContain(Buffer.from(key).toString('base64'))
    expect(secrets).toContain('MHcCAQEEIBkg4LZ2secretkeymaterial')
    // PEM armour lines are not secret and would mask unrelated log lines.
    expect(secrets).not.toContain('-----BEGIN EC PRIVATE KEY-----')
    expect(secrets).not.toContain('https://x')
  })
})

describe('maskKubeconfig of an unreadable kubeconfig', () => {
  it('masks every line, since the credentials cannot be told apart', () => {
    const secrets = maskKubeconfig(
      'users:\n  - user:\n      token: SUPERSECRETTOKEN123\n     bad: : indentation\n'
    )
    expect(secrets).toContain('token: SUPERSECRETTOKEN123')
  })
})

describe("an exec plugin's secrets", () => {
  it('are the values of secret-looking variables and flags, and long values; not everyday words', () => {
    const secrets = maskKubeconfig(`users:
  - name: eks
    user:
      exec:
        command: aws
        args: [eks, get-token, --cluster-name, prod, --token, flag-secret-value, --api-key=eq-secret-value]
        env:
          - { name: AWS_PROFILE, value: prod }
          - { name: AWS_SECRET_ACCESS_KEY, value: short-key }
          - { name: SESSION, value: a-long-opaque-session-value }
`)
    expect(secrets.sort()).toEqual(
      ['a-long-opaque-session-value', 'eq-secret-value', 'flag-secret-value', 'short-key'].sort()
    )
  })
})

describe('kubeconfigCredentialFiles', () => {
  it("names the key, certificate and token files, relative to the kubeconfig's folder", () => {
    const files = kubeconfigCredentialFiles(
      `users:
  - user: { client-key: keys/client.key, client-certificate: /etc/pki/client.crt, tokenFile: token }
`,
      '/home/ci/.kube/config'
    )
    expect(files).toEqual([
      '/home/ci/.kube/keys/client.key',
      '/etc/pki/client.crt',
      '/home/ci/.kube/token'
    ])
  })
})
