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

  it('refuses a path that is not a JSON Pointer', () => {
    expect(() => parseIgnoreRules('- paths: [spec.replicas]\n', 'r')).toThrow(
      'path "spec.replicas" is not a JSON Pointer'
    )
  })

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
