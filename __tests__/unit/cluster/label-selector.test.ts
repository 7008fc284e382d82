// A label selector is checked as the API server parses it, before any request:
// a typo is a usage error, not a 400 halfway through the Extra search.
import { describe, expect, it } from '@jest/globals'
import { selectorProblem } from '../../../src/cluster/label-selector.ts'

describe('selectorProblem', () => {
  it.each([
    '',
    'app=web',
    'app==web',
    'app!=web',
    'app.kubernetes.io/part-of=shop,tier in (a, b),!legacy',
    'env notin (prod),release',
    'app=',
    'app=,tier=x',
    'replicas>2,generation<10',
    ' app = web , tier in ( a ) '
  ])('accepts %p', selector => {
    expect(selectorProblem(selector)).toBeUndefined()
  })

  it.each([
    ['app=web=x', 'expected "," after a requirement, found "="'],
    ['app in web', '"in" needs a parenthesised list of values'],
    ['app in (a b)', 'expected "," or ")" in the value list, found "b"'],
    ['=web', 'expected a label key, found "="'],
    ['app web', 'expected an operator (=, ==, !=, in, notin, <, >) after the key, found "web"'],
    ['app>x', '">" needs an integer, found "x"'],
    ['-app=web', 'the key name "-app" must be at most 63 characters'],
    ['Example.COM/app=web', 'the key prefix "Example.COM" is not a DNS subdomain'],
    ['app=we$b', 'the value "we$b" must be at most 63 characters'],
    [`app=${'v'.repeat(64)}`, 'must be at most 63 characters'],
    ['app=web,', 'expected a label key, found "end"'],
    ['!app=web', '"!key" takes no operator, found "="']
  ])('refuses %p: %s', (selector, problem) => {
    expect(selectorProblem(selector)).toContain(problem)
  })
})
