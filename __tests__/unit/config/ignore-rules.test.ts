import { readFileSync } from 'node:fs'
import { parseIgnoreRules } from '../../../src/config/ignore-rules.ts'

describe('parseIgnoreRules', () => {
  it('reads paths, managers and scope from a list', () => {
    const rules = parseIgnoreRules(
      `- paths: [/spec/replicas]\n  kind: Deployment\n  name: api-*\n- managers: kube-controller-manager\n`,
      'rules.yaml'
    )
    expect(rules).toEqual([
      { paths: ['/spec/replicas'], kind: 'Deployment', name: 'api-*' },
      { managers: ['kube-controller-manager'] }
    ])
  })

  it('accepts a mapping with an ignore list', () => {
    expect(parseIgnoreRules('ignore:\n  - paths: ["/metadata/labels/team"]\n', 'x')).toEqual([
      { paths: ['/metadata/labels/team'] }
    ])
  })

  it('names the rule and the unknown key', () => {
    expect(() => parseIgnoreRules('- path: /spec/replicas\n', 'rules.yaml')).toThrow(
      'rules.yaml: rule 1: unknown key "path"'
    )
  })

  it('refuses the empty pointer: it is the whole object and would hide every difference', () => {
    expect(() => parseIgnoreRules('- paths: [""]\n  kind: Deployment\n', 'rules.yaml')).toThrow(
      'rules.yaml: rule 1: path "" is the whole object (the empty JSON Pointer): ignoring it would hide every difference'
    )
  })

  it.each(['/spec/~2x', '/spec/a~', '/metadata/annotations/a~b'])(
    'refuses %s, an escape RFC 6901 does not have, naming the rule',
    pointer => {
      expect(() =>
        parseIgnoreRules(`- managers: [x]\n- paths: ["/spec/replicas", "${pointer}"]\n`, 'r')
      ).toThrow(`r: rule 2: path "${pointer}" is not a valid JSON Pointer`)
    }
  )

  it.each(['/metadata/annotations/example.com~1team', '/a~0b', '/a~01', '/spec/*/image', '/'])(
    'accepts the valid pointer %s',
    pointer => {
      expect(parseIgnoreRules(`- paths: ["${pointer}"]\n`, 'r')).toEqual([{ paths: [pointer] }])
    }
  )

  it('refuses a YAML alias bomb in the rules with the line, before expanding it', () => {
    const bomb = readFileSync('__tests__/fixtures/hostile/billion-laughs.yaml', 'utf8')
    expect(() => parseIgnoreRules(bomb, 'input "ignore"')).toThrow(
      /^input "ignore":\d+: invalid YAML in ignore rules: aliases expand to more than 100000 nodes \(alias limit\)/
    )
  })

  it('refuses a path that is not a JSON Pointer', () => {
    expect(() => parseIgnoreRules('- paths: [spec.replicas]\n', 'r')).toThrow(
      'path "spec.replicas" is not a JSON Pointer'
    )
  })

  it.each(['/*', '/*/*'])('refuses %s, which matches every field', pointer => {
    expect(() => parseIgnoreRules(`- paths: ["${pointer}"]\n`, 'r')).toThrow(
      `r: rule 1: path "${pointer}" matches every field (wildcards only)`
    )
  })

  it.each(['paths', 'managers'])(
    'refuses an empty %s list, which would match every change',
    key => {
      expect(() => parseIgnoreRules(`- ${key}: []\n  kind: Deployment\n`, 'r')).toThrow(
        `r: rule 1: ${key} is an empty list, which would ignore every difference`
      )
    }
  )

  it('refuses a rule that would ignore nothing', () => {
    expect(() => parseIgnoreRules('- kind: Deployment\n', 'r')).toThrow(
      'needs "paths" or "managers"'
    )
  })

  it('names the line of invalid YAML', () => {
    expect(() =>
      parseIgnoreRules('- paths: [/a\n- managers: x\n  bad: : :\n', 'rules.yaml')
    ).toThrow(/^rules\.yaml:\d+: invalid YAML/)
  })
})
