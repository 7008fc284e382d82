// Suggested ignore rules (src/drift/lifecycle/suggestions.ts): offered for drift a
// controller or a webhook makes, merged per kind and manager, and checked end to end:
// the YAML goes through the real config loader and the real ignore matcher.
import { parseConfig } from '../../../../src/config/config-file.ts'
import { filterIgnored } from '../../../../src/drift/ignore.ts'
import { suggestIgnores, suggestionsYaml } from '../../../../src/drift/lifecycle/suggestions.ts'
import type { FieldChange, ResourceResult } from '../../../../src/types.ts'

const resource = (kind: string, name: string, changes: FieldChange[]): ResourceResult => ({
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  namespace: 'shop',
  name,
  status: 'Drifted',
  method: 'server',
  changes,
  diff: '',
  error: null,
  ignored: 0
})
const by = (
  path: string,
  manager: string,
  kind: 'controller' | 'person' | 'webhook'
): FieldChange => ({
  path,
  reason: 'changed',
  live: 1,
  desired: 2,
  manager,
  cause: kind === 'webhook' ? { kind } : { kind, by: manager }
})

const RESOURCES = [
  resource('Deployment', 'api', [
    by('/spec/replicas', 'kube-controller-manager', 'controller'),
    by('/spec/template/spec/containers/0/image', 'kubectl-set', 'person'),
    by('/spec/template/spec/containers/0/resources/requests/cpu', 'vpa-updater', 'controller')
  ]),
  resource('Deployment', 'web', [
    by('/spec/replicas', 'kube-controller-manager', 'controller'),
    by('/metadata/annotations/autoscaling~1last', 'kube-controller-manager', 'controller')
  ]),
  resource('Service', 'api', [by('/spec/ports/0/appProtocol', 'kubectl', 'webhook')])
]

describe('suggestIgnores', () => {
  it('offers one rule per kind and manager (per kind for a webhook), with every path; never a person’s drift', () => {
    const suggestions = suggestIgnores(RESOURCES)
    expect(suggestions.map(s => s.rule)).toEqual([
      {
        kind: 'Deployment',
        managers: ['kube-controller-manager'],
        paths: ['/metadata/annotations/autoscaling~1last', '/spec/replicas']
      },
      {
        kind: 'Deployment',
        managers: ['vpa-updater'],
        paths: ['/spec/template/spec/containers/0/resources/requests/cpu']
      },
      { kind: 'Service', paths: ['/spec/ports/0/appProtocol'] }
    ])
    expect(suggestions[0]).toMatchObject({ changes: 3, resources: 2, seenBefore: false })
  })

  it('with a history, offers only what was seen before', () => {
    const seen = suggestIgnores(
      RESOURCES,
      (change, key) => key.name === 'web' && change.path === '/spec/replicas'
    )
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      rule: {
        kind: 'Deployment',
        managers: ['kube-controller-manager'],
        paths: ['/spec/replicas']
      },
      seenBefore: true,
      changes: 1
    })
  })

  it('offers nothing for a person, a deploy tool, a pull request’s own change or a resource that is not Drifted', () => {
    const person = resource('Deployment', 'a', [by('/spec/replicas', 'kubectl', 'person')])
    const introduced = resource('Deployment', 'b', [
      { ...by('/spec/replicas', 'kube-controller-manager', 'controller'), origin: 'introduced' }
    ])
    const missing = { ...resource('Deployment', 'c', []), status: 'Missing' as const }
    expect(suggestIgnores([person, introduced, missing])).toEqual([])
  })

  it('prints YAML that the config loader reads and that silences exactly those changes', () => {
    const yaml = suggestionsYaml(suggestIgnores(RESOURCES))
    expect(yaml).toContain('seen in this run only')
    expect(yaml).toContain(
      '# made by kube-controller-manager (controller): 3 change(s) in 2 Deployment resource(s)'
    )
    const indented = yaml
      .split('\n')
      .map(line => (line === '' ? line : `  ${line}`))
      .join('\n')
    const config = parseConfig(
      `ignore:\n${indented}targets:\n  - path: deploy\n`,
      '.kube-drift.yaml'
    )
    for (const r of RESOURCES) {
      const { kept } = filterIgnored(r.changes, config.ignore, r)
      // Only the person's change is left.
      expect(kept.map(c => c.manager)).toEqual(
        r.name === 'api' && r.kind === 'Deployment' ? ['kubectl-set'] : []
      )
    }
  })

  it('prints nothing when there is nothing to suggest', () => {
    expect(suggestionsYaml([])).toBe('')
  })
})
