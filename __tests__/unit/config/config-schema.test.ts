// schema/kube-drift-config.schema.json stays in step with the reader of
// .kube-drift.yaml (src/config/config-file.ts): the same keys at every level,
// and the same verdict, valid or invalid, on sample files.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv } from 'ajv'
import {
  HELM_KEYS,
  KUSTOMIZE_KEYS,
  SEVERITY_KEYS,
  TARGET_KEYS,
  TOP_KEYS,
  parseConfig
} from '../../../src/config/config-file.ts'
import { IGNORE_RULE_KEYS } from '../../../src/config/ignore-rules.ts'
import { RENDERERS } from '../../../src/config/target.ts'
import { SEVERITIES } from '../../../src/drift/lifecycle/threshold.ts'
import { parseWithPositions } from '../../../src/config/yaml-positions.ts'

interface SchemaNode {
  properties: Record<string, { enum?: string[] }>
}
const schemaPath = path.resolve(
  import.meta.dirname,
  '../../../schema/kube-drift-config.schema.json'
)
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaNode & {
  definitions: Record<string, SchemaNode>
}
const validate = new Ajv({ allErrors: true }).compile(schema)

function readerAccepts(text: string): boolean {
  try {
    parseConfig(text, '.kube-drift.yaml')
    return true
  } catch {
    return false
  }
}

function schemaAccepts(text: string): boolean {
  // The data the reader sees: the same YAML parser.
  return validate(parseWithPositions(text, '.kube-drift.yaml').value)
}

const keysOf = (node: SchemaNode): string[] => Object.keys(node.properties).sort()

describe('the .kube-drift.yaml schema', () => {
  it('lists exactly the keys the reader accepts, at every level', () => {
    expect(keysOf(schema)).toEqual([...TOP_KEYS].sort())
    expect(keysOf(schema.definitions.target!)).toEqual([...TARGET_KEYS].sort())
    expect(keysOf(schema.definitions.helm!)).toEqual([...HELM_KEYS].sort())
    expect(keysOf(schema.definitions.kustomize!)).toEqual([...KUSTOMIZE_KEYS].sort())
    expect(keysOf(schema.definitions.ignoreRule!)).toEqual([...IGNORE_RULE_KEYS].sort())
    expect(keysOf(schema.definitions.severityOverride!)).toEqual([...SEVERITY_KEYS].sort())
    expect(schema.definitions.severityOverride!.properties.severity!.enum).toEqual([...SEVERITIES])
    expect(schema.definitions.target!.properties.renderer!.enum).toEqual(['auto', ...RENDERERS])
  })

  const valid: [string, string][] = [
    ['one path', 'targets:\n  - path: deploy/\n'],
    [
      'every key',
      `ignore:
  - paths: [/spec/replicas]
    kind: Deployment
targets:
  - name: web
    paths: [charts/web, extra/]
    renderer: helm
    namespace: web
    context: prod
    selector: app=web
    ignore:
      - managers: [kube-controller-manager, vpa-*]
        group: ""
        namespace: web
        name: api-*
    helm:
      release: web.v1-a
      values: [values/prod.yaml]
      set: { image.tag: "1.2", replicas: 3, debug: true }
      includeHooks: true
      lookup: false
`
    ],
    [
      'kustomize settings on an auto target',
      'targets:\n  - path: k\n    kustomize: { enableHelm: true }\n'
    ],
    ['helm settings on an auto target', 'targets:\n  - path: c\n    helm: { values: [] }\n'],
    [
      'single strings where lists are allowed',
      'targets:\n  - paths: a\n    helm: { values: v.yaml }\n    ignore:\n      - paths: /spec/replicas\n        managers: kubectl\n'
    ],
    [
      'escaped pointers',
      'targets:\n  - path: a\n    ignore: [{ paths: ["/metadata/annotations/a~1b~0c", "/spec/*/x", "/"] }]\n'
    ],
    ['an empty ignore list', 'ignore: []\ntargets:\n  - path: a\n    ignore: []\n'],
    [
      'severity overrides',
      'severity:\n  - { kind: Deployment, path: /spec/replicas, severity: high }\n  - { path: "/metadata/labels/*", severity: low }\ntargets:\n  - path: a\n'
    ]
  ]

  const invalid: [string, string][] = [
    ['an empty file', ''],
    ['no targets', 'ignore: []\n'],
    ['an empty target list', 'targets: []\n'],
    ['targets as a mapping', 'targets:\n  web: { path: a }\n'],
    ['an unknown top key', 'targets:\n  - path: a\ntarget: web\n'],
    ['an unknown target key', 'targets:\n  - path: a\n    renderers: plain\n'],
    ['a target that is a string', 'targets:\n  - deploy/\n'],
    ['path and paths', 'targets:\n  - path: a\n    paths: [b]\n'],
    ['neither path nor paths', 'targets:\n  - name: web\n'],
    ['an empty path', 'targets:\n  - path: ""\n'],
    ['an empty paths list', 'targets:\n  - paths: []\n'],
    ['an empty string among paths', 'targets:\n  - paths: [a, ""]\n'],
    ['an unknown renderer', 'targets:\n  - path: a\n    renderer: jsonnet\n'],
    ['a number as namespace', 'targets:\n  - path: a\n    namespace: 3\n'],
    ['a null context', 'targets:\n  - path: a\n    context:\n'],
    [
      'helm settings on a plain target',
      'targets:\n  - path: a\n    renderer: plain\n    helm: {}\n'
    ],
    [
      'kustomize settings on a helm target',
      'targets:\n  - path: a\n    renderer: helm\n    kustomize: { enableHelm: true }\n'
    ],
    ['an unknown helm key', 'targets:\n  - path: a\n    helm: { releases: web }\n'],
    ['an uppercase release', 'targets:\n  - path: a\n    helm: { release: Web }\n'],
    ['a release that looks like a flag', 'targets:\n  - path: a\n    helm: { release: "-x" }\n'],
    [
      'a release of 54 characters',
      `targets:\n  - path: a\n    helm: { release: ${'a'.repeat(54)} }\n`
    ],
    ['a nested set value', 'targets:\n  - path: a\n    helm: { set: { image: { tag: "1" } } }\n'],
    ['a null set value', 'targets:\n  - path: a\n    helm: { set: { image.tag: null } }\n'],
    ['includeHooks as a string', 'targets:\n  - path: a\n    helm: { includeHooks: "yes" }\n'],
    ['enableHelm as a number', 'targets:\n  - path: a\n    kustomize: { enableHelm: 1 }\n'],
    ['an unknown kustomize key', 'targets:\n  - path: a\n    kustomize: { helm: true }\n'],
    ['ignore as a mapping', 'ignore: { paths: [/a] }\ntargets:\n  - path: a\n'],
    ['a rule without paths or managers', 'ignore: [{ kind: Deployment }]\ntargets:\n  - path: a\n'],
    ['a rule with an unknown key', 'ignore: [{ paths: [/a], kinds: X }]\ntargets:\n  - path: a\n'],
    ['a rule that is a string', 'ignore: [/spec/replicas]\ntargets:\n  - path: a\n'],
    ['an empty paths list in a rule', 'ignore: [{ paths: [] }]\ntargets:\n  - path: a\n'],
    ['an empty managers list', 'ignore: [{ managers: [] }]\ntargets:\n  - path: a\n'],
    ['a path that is no pointer', 'ignore: [{ paths: [spec/replicas] }]\ntargets:\n  - path: a\n'],
    ['the whole object', 'ignore: [{ paths: [""] }]\ntargets:\n  - path: a\n'],
    ['wildcards only', 'ignore: [{ paths: ["/*/*"] }]\ntargets:\n  - path: a\n'],
    ['a bad escape', 'ignore: [{ paths: ["/a~2"] }]\ntargets:\n  - path: a\n'],
    ['a number as kind', 'ignore: [{ paths: [/a], kind: 3 }]\ntargets:\n  - path: a\n'],
    ['a number among managers', 'ignore: [{ managers: [kubectl, 3] }]\ntargets:\n  - path: a\n'],
    ['an unknown severity', 'severity: [{ path: /a, severity: urgent }]\ntargets:\n  - path: a\n'],
    [
      'a severity path that is no pointer',
      'severity: [{ path: a, severity: low }]\ntargets:\n  - path: a\n'
    ],
    ['a severity entry without path', 'severity: [{ severity: low }]\ntargets:\n  - path: a\n'],
    [
      'an unknown severity key',
      'severity: [{ path: /a, severity: low, name: x }]\ntargets:\n  - path: a\n'
    ],
    ['severity as a mapping', 'severity: { path: /a, severity: low }\ntargets:\n  - path: a\n']
  ]

  it.each(valid)('accepts %s, as the reader does', (_, text) => {
    expect(readerAccepts(text)).toBe(true)
    expect(schemaAccepts(text)).toBe(true)
  })

  it.each(invalid)('refuses %s, as the reader does', (_, text) => {
    expect(readerAccepts(text)).toBe(false)
    // An empty file is no YAML mapping at all: null for the schema.
    expect(schemaAccepts(text)).toBe(false)
  })

  it("accepts the README's example, as the reader does", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8')
    const example = /### Config file[^]*?```yaml\n([^]*?)```/.exec(readme)?.[1]
    expect(example).toContain('targets:')
    expect(readerAccepts(example!)).toBe(true)
    expect(schemaAccepts(example!)).toBe(true)
  })

  it('leaves one rule to the reader: target names are unique', () => {
    const text = 'targets:\n  - path: a\n    name: web\n  - path: b\n    name: web\n'
    expect(readerAccepts(text)).toBe(false)
    expect(schemaAccepts(text)).toBe(true)
    expect(schema).toHaveProperty('description', expect.stringContaining('unique'))
  })
})
