import { cleanExtra, extraFileName, extraManifest } from '../../../src/adopt/extra-resource.ts'
import type { KubeObject } from '../../../src/types.ts'

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'hotfix',
    namespace: 'web',
    uid: 'u-1',
    resourceVersion: '42',
    creationTimestamp: '2026-01-01T00:00:00Z',
    generation: 1,
    selfLink: '/api/v1/x',
    managedFields: [{ manager: 'kubectl' }],
    labels: { app: 'api' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'deployment.kubernetes.io/revision': '3',
      'team.example.com/owner': 'payments'
    }
  },
  spec: {
    clusterIP: '10.0.0.7',
    clusterIPs: ['10.0.0.7'],
    ports: [{ port: 80 }],
    selector: { app: 'api' }
  },
  status: { loadBalancer: {} }
}

describe('cleanExtra', () => {
  it('removes what the server sets and keeps what a person set', () => {
    expect(cleanExtra(service)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'hotfix',
        namespace: 'web',
        labels: { app: 'api' },
        annotations: { 'team.example.com/owner': 'payments' }
      },
      spec: { ports: [{ port: 80 }], selector: { app: 'api' } }
    })
    // The live object is not touched.
    expect(service.metadata.uid).toBe('u-1')
  })

  it('drops an annotations map it leaves empty; a Deployment keeps any clusterIP-like field', () => {
    const cleaned = cleanExtra({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a', annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { clusterIP: 'kept' }
    })
    expect(cleaned.metadata).toEqual({ name: 'a' })
    expect(cleaned.spec).toEqual({ clusterIP: 'kept' })
  })

  it('names the file after kind, namespace and name, and writes YAML a person can read', () => {
    expect(extraFileName(service)).toBe('service-web-hotfix.yaml')
    const text = extraManifest(service)
    expect(text).toMatch(/^# Adopted by kube-drift/)
    expect(text).toContain('kind: Service\n')
    expect(text).not.toContain('resourceVersion')
  })
})
