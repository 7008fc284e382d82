// The history block in the issue body: written the same for the same state,
// read back whole, bounded to 16,000 characters, and never a crash on a block
// someone edited.
import { describe, expect, it } from '@jest/globals'
import {
  readStateBlock,
  stateFromJson,
  stateToJson,
  STATE_BLOCK_LIMIT,
  writeStateBlock
} from '../../../../src/drift/lifecycle/state-block.ts'
import {
  emptyState,
  fieldKey,
  type DriftState,
  type FieldEntry
} from '../../../../src/drift/lifecycle/state.ts'

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'api' }

function stateOf(
  entries: Omit<FieldEntry, 'target' | 'resource'>[],
  resource: FieldEntry['resource'] = deployment
): DriftState {
  const state = emptyState()
  for (const entry of entries) {
    const full = { target: 'web', resource, ...entry }
    state.entries.set(fieldKey(full), full)
  }
  return state
}

const encode = (json: string) =>
  `<!-- kube-drift-history:v1:${Buffer.from(json).toString('base64url')} -->`

describe('the history block', () => {
  it('reads back what it wrote, and writes one state one way', () => {
    const state = stateOf([
      {
        path: '/spec/replicas',
        firstSeen: '2026-11-30T03:30:00Z',
        severity: 'low',
        fingerprint: 'abcdefgh'
      },
      { path: '', firstSeen: '2026-12-01T03:30:00Z' }
    ])
    state.changedAt = '2026-12-01T03:30:00Z'
    const cluster = stateOf([{ path: '/rules/0', firstSeen: '2026-12-01T03:30:00Z' }], {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      name: 'admin'
    })
    for (const [key, entry] of cluster.entries) state.entries.set(key, entry)

    const { text } = writeStateBlock(state)
    expect(text).toMatch(/^<!-- kube-drift-history:v1:[A-Za-z0-9_-]+ -->$/)
    const read = readStateBlock(text)
    expect(read.warning).toBeUndefined()
    expect(read.state).toEqual(state)
    // Another insertion order, the same text: an unchanged night writes the same body.
    const reversed = { ...state, entries: new Map([...state.entries].reverse()) }
    expect(writeStateBlock(reversed).text).toBe(text)
  })

  it('no block is a new, complete history (no warning)', () => {
    expect(readStateBlock(undefined)).toEqual({ state: emptyState() })
  })

  it.each([
    ['bad base64url', '<!-- kube-drift-history:v1:@@@ -->', 'not a kube-drift-history'],
    ['base64 that does not round-trip', '<!-- kube-drift-history:v1:A -->', 'does not decode'],
    ['not JSON', encode('{"v":1,'), 'not JSON'],
    ['a JSON array', encode('[1]'), 'not a JSON object'],
    ['another version (payload)', encode('{"v":2,"r":[]}'), 'version 2'],
    ['another version (marker)', '<!-- kube-drift-history:v2:e30 -->', 'version 2'],
    ['no resources', encode('{"v":1}'), 'no list of resources'],
    ['a short resource row', encode('{"v":1,"r":[["web","v1","ConfigMap","web"]]}'), 'list of six'],
    [
      'a bad pointer',
      encode('{"v":1,"r":[["web","v1","ConfigMap","web","a",[["spec",1764473400,null,null]]]]}'),
      'JSON Pointer'
    ],
    [
      'a bad time',
      encode('{"v":1,"r":[["web","v1","ConfigMap","web","a",[["/data",-5,null,null]]]]}'),
      'not a time'
    ],
    ['a bad cut count', encode('{"v":1,"n":-1,"r":[]}'), 'cut count'],
    [
      'a severity part 1 does not know',
      encode(
        '{"v":1,"r":[["web","v1","ConfigMap","web","a",[["/data",1764473400,"urgent",null]]]]}'
      ),
      'bad severity'
    ],
    [
      'an oversized block',
      `<!-- kube-drift-history:v1:${'A'.repeat(STATE_BLOCK_LIMIT)} -->`,
      'over the 16000 allowed'
    ],
    ['a cut-off block', '<!-- kube-drift-history:v1:eyJ2Ijox', 'not a kube-drift-history']
  ])('%s is rebuilt empty, partial, with a warning', (_name, line, why) => {
    const read = readStateBlock(line)
    expect(read.state.entries.size).toBe(0)
    expect(read.state.partial).toBe(true)
    expect(read.warning).toContain(why)
    expect(read.warning).toContain('rebuilt')
  })

  it('is bounded: the lowest severity and newest go first, and the cut is counted', () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({
      path: `/data/key-${String(i).padStart(4, '0')}`,
      firstSeen: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      severity: i === 599 ? ('critical' as const) : ('low' as const),
      fingerprint: 'abcdefgh'
    }))
    const state = stateOf(entries)
    const written = writeStateBlock(state)
    expect(written.text.length).toBeLessThanOrEqual(STATE_BLOCK_LIMIT)
    expect(written.state.cut).toBeGreaterThan(0)
    expect(written.state.entries.size + written.state.cut).toBe(600)
    const kept = [...written.state.entries.values()].map(entry => entry.path)
    // The critical one stays though newest; of the low ones the oldest stay.
    expect(kept).toContain('/data/key-0599')
    expect(kept).toContain('/data/key-0000')
    expect(kept).not.toContain('/data/key-0598')
    // Read back: the cut is known, so the next run calls nothing new.
    const read = readStateBlock(written.text)
    expect(read.warning).toBeUndefined()
    expect(read.state.cut).toBe(written.state.cut)
    expect(read.state.partial).toBe(true)
  })

  it('the same JSON is the --state file', () => {
    const state = stateOf([{ path: '/spec/replicas', firstSeen: '2026-11-30T03:30:00Z' }])
    expect(stateFromJson(stateToJson(state))).toEqual({ state })
    expect(stateFromJson('').warning).toContain('not JSON')
  })
})
