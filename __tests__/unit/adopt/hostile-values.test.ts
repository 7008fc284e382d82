// A live value is whatever someone wrote into the cluster: adopt must write it
// as that one value, never as YAML that adds keys, documents or comments.
import { load, loadAll } from 'js-yaml'
import {
  documentValue,
  editDocument,
  parseYamlFile,
  applyEdits
} from '../../../src/adopt/yaml-edit.ts'

const FILE = `# settings
kind: ConfigMap
data:
  mode: plain # comment
  script: |
    echo one
---
kind: Secret
metadata: {name: other}
`

const hostile = [
  'a\nb: injected',
  'x # not a comment',
  '---\nkind: Pod',
  '*alias',
  '&anchor v',
  '!!binary aGk=',
  'it\'s "quoted"',
  '  leading and trailing  ',
  '- item',
  '{a: 1}',
  '[1, 2]',
  '@at',
  '`tick`',
  '%TAG ! tag:x',
  'tab\there',
  'unicode \u2028 line separator',
  'value: with colon',
  '\n\nleading newlines'
]

describe('adopt writes a hostile live string as exactly that string', () => {
  it.each(hostile)('%j', value => {
    for (const key of ['mode', 'script', 'added']) {
      const file = parseYamlFile(FILE, 'test.yaml')
      const doc = documentValue(file.documents[0]!) as { data: Record<string, unknown> }
      doc.data[key] = value
      const out = applyEdits(FILE, editDocument(file, 0, doc))
      const docs = loadAll(out) as { data?: Record<string, unknown>; kind: string }[]
      expect(docs).toHaveLength(2)
      // The comment of the line stays a comment (moved to a block's header line).
      expect(out).toContain('# comment')
      expect(docs[0]!.data![key]).toBe(value)
      expect(Object.keys(docs[0]!.data!).sort()).toEqual(
        [...new Set(['mode', 'script', key])].sort()
      )
      expect(docs[1]).toEqual(load('kind: Secret\nmetadata: {name: other}\n'))
    }
  })
})
