import { parseEvents } from 'js-yaml'
import { lineLocator, walkYamlNodes } from '../../../src/util/yaml-walk.ts'

function walk(text: string): string[] {
  const seen: string[] = []
  const lineOf = lineLocator(text)
  walkYamlNodes(parseEvents(text, {}), text, ({ event, document, path, isKey }) => {
    const start = 'start' in event ? event.start : 'valueStart' in event ? event.valueStart : 0
    const where = path === undefined ? '-' : JSON.stringify(path)
    seen.push(`${document} ${isKey ? 'key' : 'value'} ${where} @${lineOf(start)}`)
  })
  return seen
}

describe('walkYamlNodes', () => {
  it('gives every key and value its path and document, list items their index', () => {
    expect(walk('a: 1\nb:\n  - x\n  - c: 2\n---\nz\n')).toEqual([
      '0 value [] @1',
      '0 key ["a"] @1',
      '0 value ["a"] @1',
      '0 key ["b"] @2',
      '0 value ["b"] @3',
      '0 value ["b",0] @3',
      '0 value ["b",1] @4',
      '0 key ["b",1,"c"] @4',
      '0 value ["b",1,"c"] @4',
      '1 value [] @6'
    ])
  })

  it('has no path for a key that is not a scalar, and `?` in place of it below', () => {
    expect(walk('? [k]\n: {v: 1}\n')).toEqual([
      '0 value [] @1',
      '0 key - @1',
      '0 value ["?",0] @1',
      '0 value - @2',
      '0 key ["?","v"] @2',
      '0 value ["?","v"] @2'
    ])
  })
})

describe('lineLocator', () => {
  it('maps offsets to 1-based lines', () => {
    const lineOf = lineLocator('ab\ncd\n\nef')
    expect([0, 2, 3, 5, 6, 7, 8].map(lineOf)).toEqual([1, 1, 2, 2, 3, 4, 4])
  })
})
