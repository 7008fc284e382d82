import { objectsFromYaml } from '../../../src/render/kube-objects.ts'
import { RenderError } from '../../../src/render/render-error.ts'

function errorOf(text: string): RenderError {
  try {
    objectsFromYaml(text, 'deploy/x.yaml')
  } catch (error) {
    if (error instanceof RenderError) return error
    throw error
  }
  throw new Error('expected a RenderError')
}

describe('objectsFromYaml', () => {
  it('names the List item that is not an object, at its own line', () => {
    const error = errorOf(
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - just a string\n'
    )
    expect(error.message).toBe('deploy/x.yaml:7: List item 1: not an object')
  })

  it('names a List item that lacks its name', () => {
    const error = errorOf(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {}\n'
    )
    expect(error.message).toBe('deploy/x.yaml:4: ConfigMap: missing metadata.name')
  })

  it('explains that generateName cannot be compared', () => {
    expect(
      errorOf('apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n').message
    ).toBe('deploy/x.yaml:1: Job: metadata.generateName is not supported, set metadata.name')
  })

  it('skips documents that are not mappings, with their line', () => {
    const result = objectsFromYaml('- a\n- b\n---\njust text\n', 'notes.yaml')
    expect(result).toEqual({
      objects: [],
      skipped: [
        { file: 'notes.yaml', reason: 'line 1: not a Kubernetes object (a list)' },
        { file: 'notes.yaml', reason: 'line 4: not a Kubernetes object (a string)' }
      ]
    })
  })

  it('reports duplicate keys with their line', () => {
    expect(errorOf('apiVersion: v1\nkind: ConfigMap\nkind: Secret\n').message).toBe(
      'deploy/x.yaml:3: duplicated mapping key'
    )
  })

  it('reads merge keys and strips a byte-order mark', () => {
    const result = objectsFromYaml(
      '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nbase: &base {x: 1}\ndata:\n  <<: *base\n  other: "2"\n',
      'a.yaml'
    )
    expect(result.objects[0]?.object.data).toEqual({ x: 1, other: '2' })
    expect(result.objects[0]?.source.line).toBe(1)
  })
})
