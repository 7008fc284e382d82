// Finding the templates of a chart that use lookup: directly, through named
// templates of the chart or of a library subchart, through the checksum idiom
// (an include whose name is computed), through tpl of values that call lookup;
// in subchart folders and packed .tgz subcharts.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { analyseTemplates, scanChartForLookup } from '../../../src/render/helm-lookup-scan.ts'

const FIXTURE = path.resolve('__tests__/fixtures/charts-lookup/keeper')

function analyse(templates: Record<string, string>, values: string[] = []) {
  const usage = analyseTemplates(new Map(Object.entries(templates)), values)
  return {
    direct: usage.direct,
    tainted: [...usage.tainted].sort(),
    annotations: [...usage.throughComputedInclude].sort()
  }
}

describe('analyseTemplates', () => {
  it('finds a direct lookup, and only in the template that calls it', () => {
    expect(
      analyse({
        'c/templates/secret.yaml': `{{- $s := lookup "v1" "Secret" .Release.Namespace "x" }}\ndata: {}`,
        'c/templates/cm.yaml': 'data: { a: {{ .Values.a }} }'
      })
    ).toEqual({
      direct: ['c/templates/secret.yaml'],
      tainted: ['c/templates/secret.yaml'],
      annotations: []
    })
  })

  it('follows named templates through include and template, across files, to a fixpoint', () => {
    expect(
      analyse({
        'c/templates/_helpers.tpl': [
          '{{- define "c.inner" -}}{{ if true }}{{ (lookup "v1" "Secret" "ns" "x").data.pw }}{{ end }}{{- end -}}',
          '{{- define "c.outer" -}}{{ template "c.inner" . }}{{- end -}}',
          '{{- define "c.clean" -}}plain{{- end -}}'
        ].join('\n'),
        'c/templates/a.yaml': 'x: {{ include "c.outer" . }}',
        'c/templates/b.yaml': 'x: {{ include "c.clean" . }}'
      })
    ).toEqual({
      direct: ['c/templates/_helpers.tpl'],
      tainted: ['c/templates/a.yaml'],
      annotations: []
    })
  })

  it('taints the annotations of a template that includes a computed name (the checksum idiom) when anything calls lookup', () => {
    const templates = {
      'c/templates/secret.yaml': 'pw: {{ (lookup "v1" "Secret" "ns" "x").data }}',
      'c/templates/deploy.yaml':
        'checksum: {{ include (print $.Template.BasePath "/secret.yaml") . | sha256sum }}'
    }
    expect(analyse(templates)).toEqual({
      direct: ['c/templates/secret.yaml'],
      tainted: ['c/templates/secret.yaml'],
      annotations: ['c/templates/deploy.yaml']
    })
    // Without any lookup in the chart, the same include taints nothing.
    expect(analyse({ ...templates, 'c/templates/secret.yaml': 'pw: {{ .Values.pw }}' })).toEqual({
      direct: [],
      tainted: [],
      annotations: []
    })
  })

  it('taints tpl only when a values file calls lookup', () => {
    const templates = { 'c/templates/cm.yaml': 'x: {{ tpl .Values.snippet . }}' }
    expect(analyse(templates, ['snippet: plain'])).toEqual({
      direct: [],
      tainted: [],
      annotations: []
    })
    expect(
      analyse(templates, ['snippet: \'{{ (lookup "v1" "ConfigMap" "ns" "x").data.k }}\''])
    ).toEqual({
      direct: ['values (through tpl)'],
      tainted: ['c/templates/cm.yaml'],
      annotations: []
    })
  })

  it('does not take a field, a string, a comment or plain text for a call', () => {
    expect(
      analyse({
        'c/templates/a.yaml': [
          '{{- /* lookup "v1" "Secret" "ns" "x" is how we would do it */ -}}',
          'enabled: {{ .Values.lookup }}',
          'name: {{ "lookup" }}',
          '# we never lookup "v1" here'
        ].join('\n')
      })
    ).toEqual({ direct: [], tainted: [], annotations: [] })
  })

  it('a block defines and runs its template where it stands', () => {
    expect(
      analyse({
        'c/templates/a.yaml': '{{ block "c.pw" . }}{{ lookup "v1" "Secret" "ns" "x" }}{{ end }}'
      }).tainted
    ).toEqual(['c/templates/a.yaml'])
  })
})

describe('scanChartForLookup', () => {
  it('reads the fixture chart and its library subchart with helm template names', async () => {
    const usage = await scanChartForLookup(FIXTURE)
    expect(usage.direct).toEqual(['keeper/charts/keeper-lib/templates/_password.tpl'])
    expect([...usage.tainted]).toEqual(['keeper/templates/secret.yaml'])
    expect([...usage.throughComputedInclude]).toEqual(['keeper/templates/deployment.yaml'])
  })

  it('reads a packed subchart (.tgz), nested charts named by their Chart.yaml', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-lookup-scan-'))
    try {
      const chart = path.join(dir, 'top')
      mkdirSync(path.join(chart, 'templates'), { recursive: true })
      mkdirSync(path.join(chart, 'charts'))
      writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 1.0.0\n')
      writeFileSync(path.join(chart, 'templates', 'cm.yaml'), 'kind: ConfigMap\n')
      const packed = path.join(dir, 'db')
      mkdirSync(path.join(packed, 'templates'), { recursive: true })
      writeFileSync(
        path.join(packed, 'Chart.yaml'),
        'apiVersion: v2\nname: database\nversion: 2.0.0\n'
      )
      writeFileSync(
        path.join(packed, 'templates', 'secret.yaml'),
        'pw: {{ (lookup "v1" "Secret" .Release.Namespace "db").data.pw | default (randAlphaNum 8) }}\n'
      )
      execFileSync('tar', [
        '-czf',
        path.join(chart, 'charts', 'database-2.0.0.tgz'),
        '-C',
        dir,
        'db'
      ])
      const usage = await scanChartForLookup(chart)
      expect(usage.direct).toEqual(['shop/charts/database/templates/secret.yaml'])
      expect([...usage.tainted]).toEqual(['shop/charts/database/templates/secret.yaml'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads only what helm renders: a large file under files/ is not read, too much template is an error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-lookup-scan-'))
    try {
      cpSync(FIXTURE, path.join(dir, 'keeper'), { recursive: true })
      mkdirSync(path.join(dir, 'keeper', 'files'))
      writeFileSync(path.join(dir, 'keeper', 'files', 'big.bin'), '')
      truncateSync(path.join(dir, 'keeper', 'files', 'big.bin'), 65 * 1024 * 1024)
      expect((await scanChartForLookup(path.join(dir, 'keeper'))).direct).toHaveLength(1)
      writeFileSync(path.join(dir, 'keeper', 'templates', 'big.yaml'), '')
      truncateSync(path.join(dir, 'keeper', 'templates', 'big.yaml'), 65 * 1024 * 1024)
      await expect(scanChartForLookup(path.join(dir, 'keeper'))).rejects.toThrow(
        'the templates and subcharts of the chart are larger than 64 MiB'
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('finds no lookup in a chart without one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-lookup-scan-'))
    try {
      cpSync(path.resolve('__tests__/fixtures/charts/shop'), path.join(dir, 'shop'), {
        recursive: true
      })
      const usage = await scanChartForLookup(path.join(dir, 'shop'))
      expect(usage).toEqual({ direct: [], tainted: new Set(), throughComputedInclude: new Set() })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
