// compareResource mechanics: verdicts, methods, identity, ordering, ignore counting.

import type { KubeObject } from '../../../src/types.ts'
import { compare, compareBy } from './compare-helpers.ts'
import {
  SOURCE,
  T_EDIT,
  addEntry,
  deploymentDesired,
  deploymentLive,
  entry,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'

describe('compareResource', () => {
  it('reports InSync with identity, source and method local when no dry-run is given', () => {
    expect(compare(deploymentDesired(), deploymentLive())).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'web',
      name: 'api',
      status: 'InSync',
      method: 'local',
      source: SOURCE,
      changes: [],
      diff: '',
      error: null,
      ignored: 0
    })
  })

  it('says method server when a dry-run result is given', () => {
    expect(
      compare(deploymentDesired(), deploymentLive(), { dryRun: deploymentLive() }).method
    ).toBe('server')
  })

  it('takes the namespace from live when Git leaves it to the default namespace', () => {
    const desired = deploymentDesired()
    delete desired.metadata.namespace
    expect(compare(desired, deploymentLive()).namespace).toBe('web')
  })

  it('trusts the dry-run over the local merge: what the server says applying changes is drift', () => {
    // e.g. a mutating webhook or a newer default the local merge cannot know about.
    const dryRun = deploymentLive()
    setAt(dryRun, '/spec/template/spec/priorityClassName', 'standard')
    const result = compare(deploymentDesired(), deploymentLive(), { dryRun })
    expect(result.changes).toEqual([
      { path: '/spec/template/spec/priorityClassName', reason: 'changed', desired: 'standard' }
    ])
  })

  it('sorts changes by path, list indices numerically', () => {
    const live = deploymentLive()
    const env = Array.from({ length: 11 }, (_, i) => ({ name: `V${i}`, value: 'live' }))
    setAt(live, `${CONTAINER}/env`, env)
    const desired = deploymentDesired()
    setAt(
      desired,
      `${CONTAINER}/env`,
      env.map(item => ({ ...item, value: 'git' }))
    )
    setAt(desired, '/metadata/labels/app', 'api-v2')
    const paths = compare(desired, live).changes.map(change => change.path)
    expect(paths[0]).toBe('/metadata/labels/app')
    expect(paths.slice(1, 4)).toEqual([
      `${CONTAINER}/env/0/value`,
      `${CONTAINER}/env/1/value`,
      `${CONTAINER}/env/2/value`
    ])
    expect(paths.at(-1)).toBe(`${CONTAINER}/env/10/value`)
  })

  it('reports out-of-band and removed-from-git changes together, each once', () => {
    const desired = deploymentDesired()
    desired.metadata.labels = {}
    const live = deploymentLive()
    setAt(live, `${CONTAINER}/env/-`, { name: 'DEBUG', value: 'true' })
    addEntry(
      live,
      entry(
        'kubectl-edit',
        'Update',
        {
          'f:spec': {
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': {
                    'f:env': { 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } }
                  }
                }
              }
            }
          }
        },
        T_EDIT
      )
    )
    const result = compareBy('server', desired, live, structuredClone(live))
    // Git has no labels at all any more, and kubectl owned all of them: the whole map goes.
    expect(result.changes.map(change => [change.path, change.reason])).toEqual([
      ['/metadata/labels', 'removed-from-git'],
      [`${CONTAINER}/env/2`, 'added-out-of-band']
    ])
  })

  it('makes a resource whose every change is ignored InSync, with an empty diff and the count', () => {
    const live = deploymentLive()
    setAt(live, '/spec/replicas', 9)
    setAt(live, `${CONTAINER}/image`, 'x:1')
    const result = compare(deploymentDesired(), live, {
      ignore: [{ paths: ['/spec/replicas'] }, { paths: ['/spec/template/spec/containers/*/image'] }]
    })
    expect(result).toMatchObject({ status: 'InSync', changes: [], diff: '', ignored: 2 })
  })

  it('never lets an ignore rule turn a Missing resource into InSync', () => {
    const result = compare(deploymentDesired(), null, { ignore: [{ kind: 'Deployment' }] })
    expect(result).toMatchObject({ status: 'Missing', ignored: 0 })
  })

  it('does not mutate its inputs', () => {
    const desired = deploymentDesired()
    const live = deploymentLive()
    setAt(live, '/spec/replicas', 5)
    const before = JSON.stringify([desired, live])
    compare(desired, live)
    expect(JSON.stringify([desired, live])).toBe(before)
  })

  it('handles a live object without managedFields (attribution is simply absent)', () => {
    const live: KubeObject = deploymentLive()
    delete live.metadata.managedFields
    setAt(live, '/spec/replicas', 5)
    expect(compare(deploymentDesired(), live).changes).toEqual([
      { path: '/spec/replicas', reason: 'changed', desired: 3, live: 5 }
    ])
  })

  it('ignores a last-applied annotation that is not valid JSON', () => {
    const live = deploymentLive()
    live.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{broken' }
    expect(compare(deploymentDesired(), live).status).toBe('InSync')
  })
})
