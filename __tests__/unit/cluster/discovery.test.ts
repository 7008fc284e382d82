// Discovery maps apiVersion and kind to the REST resource that serves it, at
// that version only, and lists what is served as helm's --api-versions takes it.
import { Discovery } from '../../../src/cluster/discovery.ts'
import { UnknownKindError } from '../../../src/cluster/errors.ts'
import type { KubeHttp, KubeRequest } from '../../../src/cluster/http.ts'

const resource = (name: string, kind: string, scope = 'Namespaced') => ({
  resource: name,
  responseKind: { kind },
  scope,
  verbs: ['get', 'list']
})

const ANSWERS: Record<string, unknown> = {
  '/api': {
    kind: 'APIGroupDiscoveryList',
    items: [
      {
        metadata: { name: '' },
        versions: [
          {
            version: 'v1',
            resources: [
              resource('configmaps', 'ConfigMap'),
              resource('namespaces', 'Namespace', 'Cluster')
            ]
          }
        ]
      }
    ]
  },
  '/apis': {
    kind: 'APIGroupDiscoveryList',
    items: [
      {
        metadata: { name: 'apps' },
        versions: [{ version: 'v1', resources: [resource('deployments', 'Deployment')] }]
      }
    ]
  }
}

function discovery(): Discovery {
  const http = {
    request: async (req: KubeRequest) => ANSWERS[req.path] ?? null
  } as unknown as KubeHttp
  return new Discovery(http)
}

describe('Discovery', () => {
  it('resolves a kind at a served version to its resource and scope', async () => {
    const d = discovery()
    await d.load()
    expect(d.resolve('apps/v1', 'Deployment')).toMatchObject({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespaced: true
    })
    expect(d.resolve('v1', 'Namespace')).toMatchObject({ group: '', namespaced: false })
  })

  it('does not resolve a kind at a version that is not served, nor under another group', async () => {
    const d = discovery()
    await d.load()
    expect(() => d.resolve('apps/v1beta2', 'Deployment')).toThrow(UnknownKindError)
    expect(() => d.resolve('v1', 'Deployment')).toThrow(UnknownKindError)
    expect(() => d.resolve('apps/v1', 'ConfigMap')).toThrow(UnknownKindError)
  })

  it('lists every served apiVersion and apiVersion/Kind, sorted', async () => {
    const d = discovery()
    await d.load()
    expect(d.apiVersions()).toEqual([
      'apps/v1',
      'apps/v1/Deployment',
      'v1',
      'v1/ConfigMap',
      'v1/Namespace'
    ])
  })
})
