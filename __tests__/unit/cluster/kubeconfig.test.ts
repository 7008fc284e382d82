import { decodeKubeconfigData, loadKubeconfig } from '../../../src/cluster/kubeconfig.ts'

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster: { server: https://127.0.0.1:6443 }
users:
  - name: u
    user: { token: abc }
contexts:
  - name: prod
    context: { cluster: c, user: u, namespace: web }
  - name: staging
    context: { cluster: c, user: u }
current-context: staging
`

describe('decodeKubeconfigData', () => {
  it('keeps raw YAML', () => {
    expect(decodeKubeconfigData(KUBECONFIG)).toBe(KUBECONFIG.trim())
  })

  it('decodes base64, also wrapped over several lines', () => {
    const b64 = Buffer.from(KUBECONFIG)
      .toString('base64')
      .replace(/(.{60})/g, '$1\n')
    expect(decodeKubeconfigData(b64)).toBe(KUBECONFIG)
  })

  it('refuses something that is neither', () => {
    expect(() => decodeKubeconfigData('bm90IGEga3ViZWNvbmZpZw==')).toThrow(
      'neither YAML nor base64'
    )
  })
})

describe('loadKubeconfig', () => {
  it('selects the context and reports the server', () => {
    const loaded = loadKubeconfig({ data: KUBECONFIG, context: 'prod' })
    expect(loaded.context).toBe('prod')
    expect(loaded.server).toBe('https://127.0.0.1:6443')
  })

  it('names the contexts it has when asked for an unknown one', () => {
    expect(() => loadKubeconfig({ data: KUBECONFIG, context: 'dev' })).toThrow(
      'context "dev" is not in the kubeconfig (it has: prod, staging)'
    )
  })
})

describe('a malformed kubeconfig', () => {
  it('fails with the reason and the line, never the quoted content', () => {
    const broken = `apiVersion: v1
users:
  - name: u
    user:
      token: SUPERSECRETTOKEN123
     bad: indentation
`
    let message = ''
    try {
      loadKubeconfig({ data: broken })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^invalid kubeconfig: .+ \(line \d+\)$/)
    expect(message).not.toContain('SUPERSECRETTOKEN123')
  })
})
