import { readFileSync } from 'node:fs'
import { YAMLException } from 'js-yaml'
import { MAX_ALIAS_NODES, loadBounded, parseBoundedEvents } from '../../../src/util/yaml-bounds.ts'

/** `count` aliases of a 9-node anchor (a list of 8 scalars): 9 × count nodes added. */
function aliases(count: number): string {
  return `a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb:\n${'  - *a\n'.repeat(count)}`
}

describe('the alias bound', () => {
  it('counts the nodes aliases stand for, not the aliases: up to the limit is fine', () => {
    const count = Math.floor(MAX_ALIAS_NODES / 9)
    const value = loadBounded(aliases(count)) as { b: unknown[] }
    expect(value.b).toHaveLength(count)
  })

  it('one alias more than the limit fails, at that alias’s line', () => {
    const count = Math.floor(MAX_ALIAS_NODES / 9) + 1
    let error: unknown
    try {
      loadBounded(aliases(count), { filename: 'x.yaml' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(YAMLException)
    expect((error as YAMLException).reason).toContain('(alias limit)')
    expect((error as YAMLException).mark?.line).toBe(count + 1)
  })

  it('refuses the billion laughs at its sixth level', () => {
    const bomb = readFileSync('__tests__/fixtures/hostile/billion-laughs.yaml', 'utf8')
    expect(() => parseBoundedEvents(bomb, 'laughs.yaml')).toThrow(
      /aliases expand to more than 100000 nodes \(alias limit\).*\(11:/s
    )
  })

  it('counts over the whole file, not per document', () => {
    const half = Math.floor(MAX_ALIAS_NODES / 9 / 2) + 1
    const text = `${aliases(half)}---\n${aliases(half)}`
    expect(() => parseBoundedEvents(text)).toThrow('alias limit')
    expect(() => parseBoundedEvents(aliases(half))).not.toThrow()
  })

  it('refuses an alias to a node that contains it, which would be a cycle', () => {
    expect(() => loadBounded('a: &x\n  b: *x\n')).toThrow(
      'alias *x refers to a node that contains it'
    )
  })

  it('returns undefined for an empty text, and refuses several documents, as load does', () => {
    expect(loadBounded('')).toBeUndefined()
    expect(() => loadBounded('a: 1\n---\nb: 2\n')).toThrow('expected a single document')
  })
})
