// What cannot be compared when a chart that uses lookup renders without the
// cluster, how those differences leave the verdict, and the helm call that
// renders with the cluster instead.
import { describe, expect, it } from '@jest/globals'
import { withLookupGap } from '../../../src/drift/not-comparable.ts'
import { planReconcile } from '../../../src/reconcile/plan.ts'
import { differingPaths, lookupGapOf } from '../../../src/render/helm-lookup-fields.ts'
import {
  lookupForbidden,
  withClusterLookup,
  withFlags,
  withoutKubeEnv
} from '../../../src/render/helm-lookup.ts'
import { ToolFailedError } from '../../../src/render/tool.ts'
import { detectedOf } from '../reconcile/detected.ts'
import type {
  DesiredObject,
  FieldChange,
  ResourceResult,
  TargetReport
} from '../../../src/types.ts'

function desired(object: Record<string, unknown>, template: string): DesiredObject {
  return {
    object: object as unknown as DesiredObject['object'],
    source: { file: `chart/${template}`, line: 1, template: `keeper/${template}` }
  }
}

const secret = (password: string) =>
  desired(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'r-credentials', labels: { app: 'keeper' } },
      data: { password, user: 'YWRtaW4=' }
    },
    'templates/secret.yaml'
  )
const deployment = (checksum: string) =>
  desired(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'r' },
      spec: {
        template: {
          metadata: { annotations: { 'checksum/credentials': checksum } },
          spec: { containers: [{ name: 'app', image: 'img:1' }] }
        }
      }
    },
    'templates/deployment.yaml'
  )
const configMap = desired(
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r-settings' }, data: { a: '1' } },
  'templates/configmap.yaml'
)

describe('differingPaths', () => {
  it('names each leaf that differs, escaped as a JSON Pointer', () => {
    expect(
      differingPaths(
        { a: { 'x/y': 1, same: [1, 2] }, list: [{ v: 1 }, { v: 2 }], gone: 1 },
        { a: { 'x/y': 2, same: [1, 2] }, list: [{ v: 1 }, { v: 3 }], added: 1 }
      )
    ).toEqual(['/a/x~1y', '/list/1/v', '/gone', '/added'])
  })

  it('names a list whose length differs as a whole, and nothing for equal values', () => {
    expect(differingPaths({ l: [1] }, { l: [1, 2] })).toEqual(['/l'])
    expect(differingPaths({ a: [{ b: 'c' }] }, { a: [{ b: 'c' }] })).toEqual([])
  })
})

describe('lookupGapOf', () => {
  const usage = {
    direct: ['keeper/charts/lib/templates/_password.tpl'],
    tainted: new Set(['keeper/templates/secret.yaml']),
    throughComputedInclude: new Set(['keeper/templates/deployment.yaml'])
  }

  it('marks what two renders disagree on, and the objects of templates that use lookup', () => {
    const gap = lookupGapOf(
      [secret('QUFB'), deployment('111'), configMap],
      [secret('QkJC'), deployment('222'), configMap],
      usage,
      'helm-lookup is off for this target'
    )
    expect(gap).toEqual({
      reason: 'helm-lookup is off for this target',
      templates: usage.direct,
      resources: [
        {
          key: { apiVersion: 'v1', kind: 'Secret', name: 'r-credentials' },
          generated: ['/data/password'],
          lookupScope: ['']
        },
        {
          key: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'r' },
          generated: ['/spec/template/metadata/annotations/checksum~1credentials'],
          lookupScope: ['/metadata/annotations', '/spec/template/metadata/annotations']
        }
      ]
    })
  })

  it("maps a Secret's stringData to the data the live object and the changes name", () => {
    const a = desired(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { pw: 'a' } },
      'templates/s.yaml'
    )
    const b = desired(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { pw: 'b' } },
      'templates/s.yaml'
    )
    expect(
      lookupGapOf(
        [a],
        [b],
        { direct: [], tainted: new Set(), throughComputedInclude: new Set() },
        'r'
      ).resources
    ).toEqual([
      {
        key: { apiVersion: 'v1', kind: 'Secret', name: 's' },
        generated: ['/stringData/pw', '/data/pw'],
        lookupScope: []
      }
    ])
  })
})

function result(
  kind: string,
  name: string,
  changes: FieldChange[],
  apiVersion = kind === 'Deployment' ? 'apps/v1' : 'v1'
): ResourceResult {
  return {
    apiVersion,
    kind,
    namespace: 'ns',
    name,
    status: changes.length > 0 ? 'Drifted' : 'InSync',
    method: 'server',
    changes,
    diff: changes.length > 0 ? '--- live (cluster)\n+++ desired (Git)\n' : '',
    error: null,
    ignored: 0
  }
}

function target(resources: ResourceResult[]): TargetReport {
  return { name: 't', renderer: 'helm', path: 'chart', comparison: 'server', notes: [], resources }
}

describe('withLookupGap', () => {
  const gap = lookupGapOf(
    [secret('QUFB'), deployment('111'), configMap],
    [secret('QkJC'), deployment('222'), configMap],
    {
      direct: ['keeper/templates/secret.yaml'],
      tainted: new Set(['keeper/templates/secret.yaml']),
      throughComputedInclude: new Set(['keeper/templates/deployment.yaml'])
    },
    'helm-lookup is off for this target'
  )
  const checksum = '/spec/template/metadata/annotations/checksum~1credentials'

  it('moves generated values out of the verdict: no false drift, and says which', () => {
    const report = withLookupGap(
      target([
        result('Secret', 'r-credentials', [
          { path: '/data/password', reason: 'changed', sensitive: true, manager: 'helm' }
        ]),
        result('Deployment', 'r', [{ path: checksum, reason: 'changed', manager: 'helm' }]),
        result('ConfigMap', 'r-settings', [])
      ]),
      gap
    )
    expect(report.resources.map(r => [r.kind, r.status, r.changes.length, r.diff])).toEqual([
      ['Secret', 'InSync', 0, ''],
      ['Deployment', 'InSync', 0, ''],
      ['ConfigMap', 'InSync', 0, '']
    ])
    expect(report.resources[0]?.notComparable).toEqual([
      { path: '/data/password', reason: 'generated', manager: 'helm' }
    ])
    expect(report.resources[1]?.notComparable).toEqual([
      { path: checksum, reason: 'generated', manager: 'helm' }
    ])
    expect(report.notes).toEqual([
      'The chart uses lookup (keeper/templates/secret.yaml) and was rendered without the cluster: helm-lookup is off for this target.' +
        ' Not comparable, generated at render time (they differ between two renders; helm keeps them only through lookup): Secret r-credentials /data/password; Deployment r /spec/template/metadata/annotations/checksum~1credentials.' +
        ' Values helm wrote may come from lookup in Secret r-credentials (all); Deployment r (annotations): not compared; changes made by anyone else are.' +
        ' Render with the cluster (helm-lookup) to compare them.'
    ])
  })

  it('still reports a hand edit next to them; a value helm wrote where lookup may reach is not drift', () => {
    const report = withLookupGap(
      target([
        result('Deployment', 'r', [
          { path: checksum, reason: 'changed', manager: 'helm' },
          { path: '/spec/replicas', reason: 'changed', manager: 'kubectl-scale' },
          // The checksum idiom reaches the annotations only: the image is compared.
          { path: '/spec/template/spec/containers/0/image', reason: 'changed', manager: 'helm' },
          { path: '/metadata/annotations/restarted', reason: 'changed', manager: 'helm' },
          { path: '/metadata/annotations/note', reason: 'added-out-of-band', manager: 'helm' }
        ]),
        result('Secret', 'r-credentials', [
          { path: '/metadata/labels/tier', reason: 'changed', manager: 'helm-controller' },
          { path: '/metadata/labels/owner', reason: 'changed', manager: 'kubectl-label' }
        ])
      ]),
      gap
    )
    const [deploy, secret] = report.resources
    expect(deploy?.status).toBe('Drifted')
    expect(deploy?.diff).not.toBe('')
    expect(deploy?.changes.map(c => c.path)).toEqual([
      '/spec/replicas',
      '/spec/template/spec/containers/0/image',
      '/metadata/annotations/note'
    ])
    expect(deploy?.notComparable).toEqual([
      { path: checksum, reason: 'generated', manager: 'helm' },
      { path: '/metadata/annotations/restarted', reason: 'lookup', manager: 'helm' }
    ])
    expect(secret?.changes.map(c => c.path)).toEqual(['/metadata/labels/owner'])
    expect(secret?.notComparable).toEqual([
      { path: '/metadata/labels/tier', reason: 'lookup', manager: 'helm-controller' }
    ])
    expect(report.notes[0]).toContain(
      'Values helm wrote may come from lookup in Secret r-credentials (all); Deployment r (annotations): not compared (Deployment ns/r /metadata/annotations/restarted; Secret ns/r-credentials /metadata/labels/tier); changes made by anyone else are.'
    )
  })

  it('leaves objects of templates without lookup, other groups and other verdicts alone', () => {
    const edited = result('ConfigMap', 'r-settings', [
      { path: '/data/a', reason: 'changed', manager: 'helm' }
    ])
    const otherGroup = result(
      'Deployment',
      'r',
      [{ path: checksum, reason: 'changed', manager: 'helm' }],
      'example.com/v1'
    )
    const missing = { ...result('Secret', 'r-credentials', []), status: 'Missing' as const }
    const report = withLookupGap(target([edited, otherGroup, missing]), gap)
    expect(report.resources).toEqual([edited, otherGroup, missing])
  })

  it('changes nothing without a gap (lookup ran, or the chart has none)', () => {
    const report = target([
      result('Secret', 'r-credentials', [{ path: '/data/password', reason: 'changed' }])
    ])
    expect(withLookupGap(report, undefined)).toBe(report)
  })
})

describe('reconcile of a resource with values that cannot be compared', () => {
  it('is skipped, saying why: it would overwrite what only lookup knows', () => {
    const drifted = {
      ...result('Deployment', 'r', [{ path: '/spec/replicas', reason: 'changed' as const }]),
      notComparable: [
        { path: '/spec/template/metadata/annotations/checksum', reason: 'generated' as const }
      ]
    }
    const plain = result('ConfigMap', 'r-settings', [{ path: '/data/a', reason: 'changed' }])
    const desiredOf = (r: ResourceResult) =>
      desired(
        { apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, namespace: 'ns' } },
        'templates/x.yaml'
      )
    const plan = planReconcile(
      target([drifted, plain]).resources.map(r => detectedOf(r, desiredOf(r))),
      { prune: false, allowPrune: [] }
    )
    expect(plan.rest.map(p => p.result.kind)).toEqual(['ConfigMap'])
    expect(plan.skipped).toEqual([
      {
        key: drifted,
        reason:
          'applying would overwrite values the chart generates or reads with lookup (/spec/template/metadata/annotations/checksum), unknown without the cluster: reconcile with helm-lookup on'
      }
    ])
  })
})

describe('the helm call with the cluster', () => {
  it('puts the cluster flags before the `--` that ends the options', () => {
    const offline = ['template', '--namespace=ns', '--', 'web', '/charts/web']
    expect(withClusterLookup(offline, { file: '/tmp/k/kubeconfig', context: 'prod' })).toEqual([
      'template',
      '--namespace=ns',
      '--dry-run=server',
      '--take-ownership',
      '--kubeconfig=/tmp/k/kubeconfig',
      '--kube-context=prod',
      '--',
      'web',
      '/charts/web'
    ])
    expect(withFlags(['template', 'web', '/c'], ['--is-upgrade'])).toEqual([
      'template',
      'web',
      '/c',
      '--is-upgrade'
    ])
  })

  it('gives helm no kubeconfig and no helm cluster settings through the environment', () => {
    expect(
      withoutKubeEnv({
        PATH: '/bin',
        HOME: '/home/u',
        KUBECONFIG: '/home/u/.kube/config',
        HELM_KUBECONTEXT: 'prod',
        HELM_KUBETOKEN: 'secret-token',
        HELM_KUBEAPISERVER: 'https://evil',
        HELM_DRIVER_SQL_CONNECTION_STRING: 'postgres://u:p@db',
        HELM_CACHE_HOME: '/cache'
      })
    ).toEqual({ PATH: '/bin', HOME: '/home/u', HELM_CACHE_HOME: '/cache' })
  })

  it('tells a refused lookup (403) from other failures of helm', () => {
    const refused = new ToolFailedError(
      'helm template',
      1,
      'Error: template: keeper/templates/secret.yaml:9:14: executing "keeper/templates/secret.yaml" at <include "keeper-lib.password" ...>: error calling include: template: keeper/charts/keeper-lib/templates/_password.tpl:3:12: executing "keeper-lib.password" at <lookup "v1" "Secret" .context.Release.Namespace .name>: error calling lookup: secrets "r-credentials" is forbidden: User "nobody" cannot get resource "secrets" in API group "" in the namespace "ns"\n',
      'helm template failed'
    )
    expect(lookupForbidden(refused)).toBe(
      'secrets "r-credentials" is forbidden: User "nobody" cannot get resource "secrets" in API group "" in the namespace "ns"'
    )
    const unreachable = new ToolFailedError(
      'helm template',
      1,
      'Error: template: x: error calling lookup: Get "https://127.0.0.1:1/api": dial tcp: connection refused\n',
      'helm template failed'
    )
    expect(lookupForbidden(unreachable)).toBeUndefined()
    expect(lookupForbidden(new Error('forbidden'))).toBeUndefined()
  })
})
