import {
  filterIgnored,
  globMatches,
  matchesIgnoreRule,
  ruleCoversResource,
  rulePathCovers
} from '../../../src/drift/ignore.ts'
import type { FieldChange, ResourceKey } from '../../../src/types.ts'

const DEPLOYMENT: ResourceKey = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'web',
  name: 'api'
}
const NAMESPACE: ResourceKey = { apiVersion: 'v1', kind: 'Namespace', name: 'web' }

const replicas: FieldChange = {
  path: '/spec/replicas',
  reason: 'changed',
  desired: 3,
  live: 7,
  manager: 'kube-controller-manager',
  operation: 'Update'
}
const image: FieldChange = {
  path: '/spec/template/spec/containers/0/image',
  reason: 'changed',
  desired: 'a:1',
  live: 'a:2',
  manager: 'kubectl-set'
}

describe('globMatches', () => {
  it('matches * as any run of characters and everything else literally', () => {
    expect(globMatches('kubectl-*', 'kubectl-edit')).toBe(true)
    expect(globMatches('kubectl-*', 'kubectl')).toBe(false)
    expect(globMatches('a.b', 'axb')).toBe(false)
    expect(globMatches('*', '')).toBe(true)
  })
})

describe('rulePathCovers', () => {
  it('matches one segment per * and covers everything under the rule path', () => {
    expect(rulePathCovers('/spec/replicas', '/spec/replicas')).toBe(true)
    expect(rulePathCovers('/spec/template/spec/containers/*/image', image.path)).toBe(true)
    expect(rulePathCovers('/spec/template', image.path)).toBe(true)
    expect(
      rulePathCovers('/spec/template/spec/containers/*', '/spec/template/spec/containers')
    ).toBe(false)
    expect(rulePathCovers('/spec/replicas', '/spec/replicasX')).toBe(false)
    // '/' is the key "" (RFC 6901), never the whole object
    expect(rulePathCovers('/', '/spec/replicas')).toBe(false)
    expect(rulePathCovers('/', '/')).toBe(true)
    expect(
      rulePathCovers('/metadata/annotations/example.com~1x', '/metadata/annotations/example.com~1x')
    ).toBe(true)
  })
})

describe('ruleCoversResource', () => {
  it('scopes by group, kind, namespace and name globs; absent means any', () => {
    expect(ruleCoversResource({ paths: ['/x'] }, DEPLOYMENT)).toBe(true)
    expect(ruleCoversResource({ group: 'apps', kind: 'Deploy*' }, DEPLOYMENT)).toBe(true)
    expect(ruleCoversResource({ group: '' }, DEPLOYMENT)).toBe(false)
    expect(ruleCoversResource({ group: '' }, NAMESPACE)).toBe(true)
    expect(ruleCoversResource({ namespace: 'web-*' }, DEPLOYMENT)).toBe(false)
    expect(ruleCoversResource({ name: 'api' }, DEPLOYMENT)).toBe(true)
  })
})

describe('matchesIgnoreRule', () => {
  it('matches by manager (exact or glob)', () => {
    expect(matchesIgnoreRule({ managers: ['kube-controller-manager'] }, DEPLOYMENT, replicas)).toBe(
      true
    )
    expect(matchesIgnoreRule({ managers: ['kube-*'] }, DEPLOYMENT, replicas)).toBe(true)
    expect(matchesIgnoreRule({ managers: ['kubectl-*'] }, DEPLOYMENT, replicas)).toBe(false)
  })

  it('never matches a manager rule when the change has no manager', () => {
    expect(
      matchesIgnoreRule({ managers: ['*'] }, DEPLOYMENT, { path: '/x', reason: 'changed' })
    ).toBe(false)
  })

  it('requires both path and manager when a rule gives both', () => {
    const rule = { paths: ['/spec/replicas'], managers: ['kubectl-scale'] }
    expect(matchesIgnoreRule(rule, DEPLOYMENT, replicas)).toBe(false)
    expect(matchesIgnoreRule(rule, DEPLOYMENT, { ...replicas, manager: 'kubectl-scale' })).toBe(
      true
    )
  })

  it('does not match outside its scope', () => {
    expect(
      matchesIgnoreRule({ kind: 'StatefulSet', paths: ['/spec/replicas'] }, DEPLOYMENT, replicas)
    ).toBe(false)
  })
})

describe('filterIgnored', () => {
  it('splits changes into kept and ignored', () => {
    const { kept, ignored } = filterIgnored(
      [replicas, image],
      [{ paths: ['/spec/replicas'] }],
      DEPLOYMENT
    )
    expect(kept).toEqual([image])
    expect(ignored).toEqual([replicas])
  })
})
