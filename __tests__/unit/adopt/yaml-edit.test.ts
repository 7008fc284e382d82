import { parse } from 'yaml'

// The documents' values are edited as loosely typed JSON, as a test writes them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
import { load } from 'js-yaml'
import {
  applyEdits,
  documentValue,
  editDocument,
  parseYamlFile,
  YamlEditError
} from '../../../src/adopt/yaml-edit.ts'

/** `text` with document `index` edited by `change` (which mutates its plain value). */
function edit(text: string, change: (value: Json) => void, index = 0): string {
  const file = parseYamlFile(text, 'test.yaml')
  const value = documentValue(file.documents[index]!)
  change(value)
  return applyEdits(text, editDocument(file, index, value))
}

const DEPLOYMENT = `# The API server.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api # keep me
  labels: {app: api, tier: "web"}
spec:
  replicas: 2 # scaled by hand?
  template:
    spec:
      containers:
        - name: app
          image: "nginx:1.0"
          env:
            - name: A
              value: 'x'
          args: [--port, "8080"]
        - name: sidecar
          image: busybox
      tolerations:
        - key: dedicated
          operator: Exists
`

describe('editDocument: only the changed nodes are rewritten', () => {
  it('a changed scalar keeps its line, comment and the rest of the file', () => {
    const out = edit(DEPLOYMENT, v => (v.spec.replicas = 5))
    expect(out).toBe(DEPLOYMENT.replace('replicas: 2 #', 'replicas: 5 #'))
  })

  it('a quoted string stays quoted the same way', () => {
    const out = edit(DEPLOYMENT, v => (v.spec.template.spec.containers[0].image = 'nginx:1.27'))
    expect(out).toBe(DEPLOYMENT.replace('"nginx:1.0"', '"nginx:1.27"'))
    const single = edit(DEPLOYMENT, v => (v.spec.template.spec.containers[0].env[0].value = 'y'))
    expect(single).toBe(DEPLOYMENT.replace("value: 'x'", "value: 'y'"))
  })

  it('containers and env vars are matched by name, not position', () => {
    const out = edit(DEPLOYMENT, v => {
      const containers = v.spec.template.spec.containers
      containers.reverse() // the live order may differ: items are found by name
      containers[0].image = 'busybox:1.36'
      containers[1].env.push({ name: 'B', value: 'two' })
    })
    expect(out).toBe(
      DEPLOYMENT.replace('image: busybox', 'image: busybox:1.36').replace(
        "              value: 'x'\n",
        "              value: 'x'\n            - name: B\n              value: two\n"
      )
    )
  })

  it('a new list item goes after the existing ones, in the list style of the file', () => {
    const out = edit(DEPLOYMENT, v =>
      v.spec.template.spec.tolerations.push({
        key: 'gpu',
        operator: 'Equal',
        value: 'true',
        effect: 'NoSchedule'
      })
    )
    expect(out).toBe(
      `${DEPLOYMENT}        - key: gpu\n          operator: Equal\n          value: "true"\n          effect: NoSchedule\n`
    )
    // "true" stays a string when read back.
    expect((load(out) as Json).spec.template.spec.tolerations[1].value).toBe('true')
  })

  it('a new key goes after the last key of its map, at its indentation', () => {
    const out = edit(DEPLOYMENT, v => (v.spec.strategy = { type: 'Recreate' }))
    expect(out).toBe(DEPLOYMENT + '  strategy:\n    type: Recreate\n')
  })

  it('a field removed live is removed, and only its lines', () => {
    const out = edit(DEPLOYMENT, v => delete v.spec.template.spec.containers[0].env)
    expect(out).toBe(
      DEPLOYMENT.replace("          env:\n            - name: A\n              value: 'x'\n", '')
    )
  })

  it('a removed list item is removed by its name', () => {
    const out = edit(DEPLOYMENT, v => v.spec.template.spec.containers.splice(1, 1))
    expect(out).toBe(DEPLOYMENT.replace('        - name: sidecar\n          image: busybox\n', ''))
  })

  it('a flow map keeps its style and its quoting; a new key goes before the brace', () => {
    const out = edit(DEPLOYMENT, v => (v.metadata.labels.team = 'payments'))
    expect(out).toBe(
      DEPLOYMENT.replace('{app: api, tier: "web"}', '{app: api, tier: "web", team: payments}')
    )
  })

  it('a padded flow map stays padded', () => {
    const out = edit('labels: { app: api }\n', v => (v.labels.team = 'x'))
    expect(out).toBe('labels: { app: api, team: x }\n')
  })

  it('a flow list is rewritten as a flow list', () => {
    const out = edit(DEPLOYMENT, v => v.spec.template.spec.containers[0].args.push('--debug'))
    expect(out).toBe(
      DEPLOYMENT.replace('args: [--port, "8080"]', 'args: [--port, "8080", --debug]')
    )
  })

  it.each([
    ['yes', '"yes"'],
    ['on', '"on"'],
    ['0755', '"0755"'],
    ['1.10', '"1.10"'],
    ['true', '"true"'],
    ['null', '"null"']
  ])('the string %s is written quoted so it reads back as the same string', (value, written) => {
    const text = 'kind: ConfigMap\ndata:\n  mode: plain\n'
    const out = edit(text, v => (v.data.mode = value))
    expect(out).toBe(`kind: ConfigMap\ndata:\n  mode: ${written}\n`)
    expect((load(out) as Json).data.mode).toBe(value)
    expect(parse(out, { version: '1.1' }).data.mode).toBe(value)
  })

  it('a new key that a YAML 1.1 reader takes for a boolean is quoted too', () => {
    const out = edit('kind: ConfigMap\ndata:\n  a: b\n', v => (v.data.on = 'yes'))
    expect(out).toBe('kind: ConfigMap\ndata:\n  a: b\n  "on": "yes"\n')
  })

  it('a block scalar stays a block scalar, with its indentation and chomping', () => {
    const text = 'kind: ConfigMap\ndata:\n  script: |\n    echo one\n    echo two\n  other: x\n'
    const out = edit(text, v => (v.data.script = 'echo three\n'))
    expect(out).toBe('kind: ConfigMap\ndata:\n  script: |\n    echo three\n  other: x\n')
    const stripped = edit(text, v => (v.data.script = 'a\nb'))
    expect(stripped).toBe('kind: ConfigMap\ndata:\n  script: |-\n    a\n    b\n  other: x\n')
    expect((load(stripped) as Json).data.script).toBe('a\nb')
    // Its own indentation, deeper than the file's step, is kept.
    const deep = 'data:\n  script: |\n      echo one\n'
    expect(edit(deep, v => (v.data.script = 'echo two\n'))).toBe(
      'data:\n  script: |\n      echo two\n'
    )
  })

  it('multi-document files: other documents, separators and comments between them stay', () => {
    const text = `# first\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n# between the documents\n---\n# second\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: v\n...\n---\nkind: ConfigMap\nmetadata: {name: c}\n`
    const out = edit(text, v => (v.data.k = 'w'), 1)
    expect(out).toBe(text.replace('name: b\ndata:\n  k: v', 'name: b\ndata:\n  k: w'))
    const added = edit(text, v => (v.data.extra = 'x'), 0)
    expect(added).toBe(text.replace('  k: v\n# between', '  k: v\n  extra: x\n# between'))
  })

  it("indentless lists stay indentless, and the indent width is the file's", () => {
    const text = 'spec:\n    containers:\n    - name: app\n      image: a\n'
    const out = edit(text, v => v.spec.containers.push({ name: 'b', image: 'b' }))
    expect(out).toBe(`${text}    - name: b\n      image: b\n`)
    const nested = edit(text, v => (v.spec.volumes = [{ name: 'data', emptyDir: {} }]))
    expect(nested).toBe(`${text}    volumes:\n    - name: data\n      emptyDir: {}\n`)
  })

  it('removing the first key of a list item rewrites that item only', () => {
    const text = 'env:\n  - name: A\n    value: x\n  - name: B\n    value: z\n'
    const out = edit(text, v => delete v.env[1].name)
    expect(out).toBe('env:\n  - name: A\n    value: x\n  - value: z\n')
  })

  it('a file without a final line break keeps having none', () => {
    const out = edit('a: 1\nb: 2', v => (v.c = 3))
    expect(out).toBe('a: 1\nb: 2\nc: 3')
  })

  it('an anchored or aliased value is refused, not rewritten', () => {
    const text = 'base: &b\n  x: 1\nuse: *b\n'
    expect(() => edit(text, v => (v.use = { x: 2 }))).toThrow(YamlEditError)
  })

  it('an unchanged document yields no edit', () => {
    const file = parseYamlFile(DEPLOYMENT, 'd.yaml')
    expect(editDocument(file, 0, documentValue(file.documents[0]!))).toEqual([])
  })
})
