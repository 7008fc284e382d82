import { toText } from '../../../src/report/text.ts'
import { typicalReport } from './sample-reports.ts'

const ESC = '\u001b'

describe('toText', () => {
  it('writes plain text without any escape code when colour is off', () => {
    const text = toText(typicalReport(), { color: false })
    expect(text).not.toContain('\u001b')
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'web (plain, deploy/): error in 1 of 12 resources, drift in 2',
        '  ✅ ConfigMap web/settings-0 in sync (deploy/settings.yaml:1)',
        '  ⚠️ Deployment.apps web/api drifted (deploy/api.yaml:14)',
        // cluster → Git, as in the Markdown report.
        '      spec.replicas: 5 → 3 (kubectl-scale, 2026-11-20 03:12 UTC)',
        '      spec.template.spec.containers[0].env[2]: {"name":"DEBUG","value":"1"} added in the cluster, not in Git (kubectl-edit, 2026-11-20 03:15 UTC)',
        '      @@ -5,7 +5,7 @@',
        '      -  replicas: 5',
        '      +  replicas: 3',
        '  ➕ Service web/api missing (deploy/api.yaml:40)',
        '  note: compared locally: the identity may not patch',
        // The same next steps as under the Markdown table.
        '  next: make the cluster match Git: kube-drift reconcile --target web',
        "        keep the cluster's values: kube-drift adopt --target web --only Deployment/web/api",
        '          - group: apps',
        '            paths: ["/spec/replicas", "/spec/template/spec/containers/0/env/2"]'
      ])
    )
    // A multi-line error stays indented under its resource.
    expect(text).toContain(
      '  ❌ Secret web/creds error: secrets "creds" is forbidden: User "ci" cannot get resource "secrets" | try RBAC\n      second line (deploy/settings.yaml:1)'
    )
  })

  it('ends with the summary line and the legend, the same symbols and words as Markdown', () => {
    const lines = toText(typicalReport(), { color: false }).trimEnd().split('\n')
    expect(lines.at(-1)).toBe(
      '✅ in sync: matches Git · ⚠️ drifted: applying Git would change it · ➕ missing: in Git, not in the cluster · ➖ extra: in the cluster, not in Git · ❌ error: not compared · changes read cluster → Git'
    )
    expect(lines.at(-2)).toBe(
      '12 resources: 9 in sync, 1 drifted, 1 missing, 0 extra, 1 error (3 ignored)'
    )
    expect(lines.at(-3)).toBe(
      '❌ error in 1 of 12 resources, drift in 2 on prod (Kubernetes v1.31.2)'
    )
  })

  it('warns, after the summary, when the server is outside the tested range', () => {
    const report = typicalReport()
    expect(toText(report, { color: false })).not.toContain('warning:')
    report.cluster = { ...report.cluster!, warning: 'Kubernetes v1.31.2 is outside the range' }
    const lines = toText(report, { color: false }).trimEnd().split('\n')
    expect(lines.at(-1)).toBe('warning: Kubernetes v1.31.2 is outside the range')
  })

  it('colours diff lines and statuses when colour is on', () => {
    const text = toText(typicalReport(), { color: true })
    expect(text).toContain('\u001b[')
    expect(text).toContain('      \u001b[31m-  replicas: 5\u001b[0m')
    expect(text).toContain('      \u001b[32m+  replicas: 3\u001b[0m')
    expect(text).toContain('      \u001b[36m@@ -5,7 +5,7 @@\u001b[0m')
    // Stripped of colour it is the plain text.
    expect(text.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(
      toText(typicalReport(), { color: false })
    )
  })
})
