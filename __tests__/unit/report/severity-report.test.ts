// Severity and cause as the reports show them: most severe first, a badge with
// the reason on hover, the cause after the manager, and the suggested ignore rules
// (collapsed in Markdown, printed by `check --suggest-ignores`).
import { classifyResult } from '../../../src/drift/lifecycle/classify.ts'
import { toMarkdown } from '../../../src/report/markdown.ts'
import { suggestionsText } from '../../../src/report/suggestions.ts'
import { toText } from '../../../src/report/text.ts'
import type { ResourceResult } from '../../../src/types.ts'
import { reportOf, resource, target } from './sample-reports.ts'

const classified = (r: ResourceResult) => classifyResult(r, { fieldManager: 'kube-drift' })

const scaledByHpa = classified(
  resource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'web',
    status: 'Drifted',
    changes: [
      {
        path: '/spec/replicas',
        reason: 'changed',
        live: 4,
        desired: 2,
        manager: 'kube-controller-manager',
        operation: 'Update',
        subresource: 'scale'
      }
    ],
    diff: '--- live (cluster)\n+++ desired (Git)\n-  replicas: 4\n+  replicas: 2\n'
  })
)
const hotfixed = classified(
  resource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'api',
    status: 'Drifted',
    changes: [
      {
        path: '/metadata/labels/team',
        reason: 'added-out-of-band',
        live: 'ops',
        manager: 'kubectl-label',
        operation: 'Update'
      },
      {
        path: '/spec/template/spec/containers/0/image',
        reason: 'changed',
        live: 'api:1.1-hotfix',
        desired: 'api:1.0',
        manager: 'kubectl-set',
        operation: 'Update'
      }
    ]
  })
)
const report = reportOf([target([scaledByHpa, hotfixed])])

describe('reports with severity and cause', () => {
  it('Markdown: most severe resource and change first, a badge with its reason on hover, the cause by the manager', () => {
    const markdown = toMarkdown(report)
    const rows = markdown.split('\n').filter(line => line.startsWith('| '))
    const api = rows.findIndex(line => line.includes('Deployment.apps web/api'))
    const web = rows.findIndex(line => line.includes('Deployment.apps web/web'))
    expect(api).toBeGreaterThan(-1)
    expect(api).toBeLessThan(web)
    // The image (high) before the label (low), within the resource.
    expect(rows[api]).toContain(
      '<span title="high: container image differs from Git (kubectl-set)">🟠</span> `spec.template.spec.containers[0].image`'
    )
    expect(rows[api]).toContain('kubectl-set (person)')
    expect(rows[api + 1]).toContain('⚪')
    expect(rows[web]).toContain('kube-controller-manager via scale (controller)')
    expect(markdown).toContain(
      '🔴 critical · 🟠 high · 🟡 medium · ⚪ low (severity, its reason on hover)'
    )
  })

  it('Markdown: the suggested ignore rules, collapsed, in a yaml block; none for a person’s drift', () => {
    const markdown = toMarkdown(report)
    expect(markdown).toContain('<details><summary>💡 Suggested ignore rules (1)</summary>')
    expect(markdown).toContain(
      '```yaml\n# made by kube-controller-manager (controller): 1 change(s) in 1 Deployment resource(s); seen in this run only\n- kind: "Deployment"\n  managers: ["kube-controller-manager"]\n  paths:\n    - "/spec/replicas"\n```'
    )
    expect(toMarkdown(reportOf([target([hotfixed])]))).not.toContain('Suggested ignore rules')
  })

  it('Markdown: with a history (seenBefore), only drift seen before is offered, marked so', () => {
    const none = toMarkdown(report, { seenBefore: () => false })
    expect(none).not.toContain('Suggested ignore rules')
    const seen = toMarkdown(report, { seenBefore: (_, key) => key.name === 'web' })
    expect(seen).toContain('; seen in earlier runs too')
  })

  it('text: the badge first on each change line, most severe first, the cause by the manager, and a pointer to --suggest-ignores', () => {
    const text = toText(report, { color: false })
    const image = text.indexOf('🟠 high     spec.template.spec.containers[0].image')
    const label = text.indexOf('⚪ low      metadata.labels.team')
    const replicas = text.indexOf(
      '⚪ low      spec.replicas: 4 → 2 (kube-controller-manager via scale (controller))'
    )
    expect(image).toBeGreaterThan(-1)
    expect(label).toBeGreaterThan(image)
    expect(replicas).toBeGreaterThan(label)
    expect(text).toContain('(kubectl-set (person))')
    expect(text).toContain(
      'ignore what a controller or webhook keeps changing: 1 suggested rule, kube-drift check --suggest-ignores'
    )
  })

  it('--suggest-ignores: the rules per target, or a comment saying there are none', () => {
    expect(suggestionsText(report)).toBe(
      '# target web: add under its ignore: (or the file\'s)\n# made by kube-controller-manager (controller): 1 change(s) in 1 Deployment resource(s); seen in this run only\n- kind: "Deployment"\n  managers: ["kube-controller-manager"]\n  paths:\n    - "/spec/replicas"\n'
    )
    expect(suggestionsText(reportOf([target([hotfixed])]))).toMatch(/^# no suggested ignore rules/)
  })
})
