// Pattern nodes (src/drift/lifecycle/pattern.ts): a change at, under or above the
// place a severity rule's pattern names.
import { nodesOf } from '../../../../src/drift/lifecycle/pattern.ts'
import type { FieldChange } from '../../../../src/types.ts'

const change = (path: string, live?: unknown, desired?: unknown): FieldChange => ({
  path,
  reason: 'changed',
  ...(live === undefined ? {} : { live }),
  ...(desired === undefined ? {} : { desired })
})

describe('nodesOf', () => {
  it('a change at the pattern: its own values', () => {
    expect(nodesOf(change('/spec/replicas', 5, 3), '/spec/replicas')).toEqual([
      { live: 5, desired: 3, rest: [] }
    ])
  })

  it('a change under the pattern: its values and the segments below the node', () => {
    expect(nodesOf(change('/rules/0/verbs', ['get', 'list'], ['get']), '/rules')).toEqual([
      { live: ['get', 'list'], desired: ['get'], rest: ['0', 'verbs'] }
    ])
  })

  it('a change above the pattern: every place inside its values, `*` and `**` expanded', () => {
    const live = [
      { name: 'a', securityContext: { privileged: true } },
      { name: 'b', securityContext: { privileged: false } }
    ]
    const desired = [{ name: 'a', securityContext: { privileged: false } }]
    expect(
      nodesOf(
        change('/spec/template/spec/containers', live, desired),
        '**/securityContext/privileged'
      )
    ).toEqual([
      { live: true, desired: false, rest: [] },
      { live: false, desired: undefined, rest: [] }
    ])
  })

  it('`**` matches no segment too, and a pattern elsewhere matches nothing', () => {
    expect(nodesOf(change('/metadata/labels/a', 'x'), '**/metadata/labels')).toHaveLength(1)
    expect(nodesOf(change('/spec/replicas', 5, 3), '/metadata/labels')).toEqual([])
  })
})
