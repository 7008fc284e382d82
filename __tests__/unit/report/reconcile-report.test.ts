import { marked } from 'marked'
import { reconcileToMarkdown } from '../../../src/report/reconcile-markdown.ts'
import { reconcileToText } from '../../../src/report/reconcile-text.ts'
import type { ReconcileResult } from '../../../src/reconcile/types.ts'
import type { DriftReport, DriftSummary } from '../../../src/types.ts'

const summary = (s: Partial<DriftSummary>): DriftSummary => ({
  resources: 3,
  inSync: 0,
  drifted: 0,
  missing: 0,
  extra: 0,
  errors: 0,
  ignored: 0,
  ...s
})
const report = (s: Partial<DriftSummary>): DriftReport => ({
  apiVersion: 'kube-drift/v1',
  kind: 'DriftReport',
  generatedAt: '2026-11-21T10:00:00Z',
  summary: summary(s),
  targets: []
})

const result: ReconcileResult = {
  dryRun: false,
  before: report({ inSync: 1, drifted: 1, missing: 1 }),
  after: report({ inSync: 2, errors: 1 }),
  actions: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'web',
      name: 'api',
      action: 'update',
      removedFields: ['/spec/template/spec/containers/0/env/1'],
      outcome: 'applied'
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'web',
      name: 'settings',
      action: 'create',
      removedFields: [],
      outcome: 'failed',
      error: 'forbidden: identity "x" may not create configmaps | in namespace web'
    }
  ],
  skipped: [
    {
      key: { apiVersion: 'v1', kind: 'Namespace', name: 'old' },
      reason: 'Namespaces are pruned only when named'
    }
  ],
  failed: 1
}

describe('reconcile reports', () => {
  it('Markdown: verdict, before/after table, one row per action with its error, valid GFM', () => {
    const md = reconcileToMarkdown(result)
    expect(md.startsWith('### kube-drift reconcile: ')).toBe(true)
    const html = marked.parse(md) as string
    expect(md).toContain('### kube-drift reconcile: ❌ 1 of 2 changes failed')
    expect(md).toContain('| Before | 3 | 1 | 1 | 1 | 0 | 0 |')
    expect(md).toContain('| After | 3 | 2 | 0 | 0 | 0 | 1 |')
    expect(html).toContain('<td>updated (removed /spec/template/spec/containers/0/env/1)</td>')
    expect((html.match(/<table>/g) ?? []).length).toBe(2)
    // The pipe inside the error is escaped, so the row keeps three cells.
    expect(html).toMatch(
      /<td>forbidden: identity &quot;x&quot; may not create configmaps \| in namespace web<\/td>/
    )
  })

  it('text: one line per action, and the summaries', () => {
    const text = reconcileToText({
      ...result,
      failed: 0,
      actions: result.actions.slice(0, 1),
      after: report({ inSync: 3 })
    })
    expect(text.split('\n')[0]).toBe('kube-drift reconcile: ✅ in sync after 1 change(s)')
    expect(text).toContain(
      '✔ Deployment.apps web/api: updated (removed /spec/template/spec/containers/0/env/1)'
    )
    expect(text).toContain('after: 3 in sync, 0 drifted, 0 missing, 0 extra, 0 errors')
  })

  it('dry run says nothing was applied', () => {
    const text = reconcileToText({
      ...result,
      dryRun: true,
      failed: 0,
      after: null,
      actions: result.actions.slice(0, 1)
    })
    expect(text).toContain('📝 dry run: 1 change(s) planned, nothing applied')
    expect(text).toContain('• Deployment.apps web/api: would update')
  })
})
