// Checks a label selector's syntax the way the API server parses it, so a typo
// is a usage error before any request, not a 400 halfway through a run (or,
// worse, an Extra search that silently did not run). Grammar: requirements
// separated by commas, each `key`, `!key`, `key=value`, `key==value`,
// `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key>1` or `key<1`.

const SPECIAL = new Set(['!', '=', ',', '(', ')', '<', '>'])
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** What is wrong with the selector, or undefined. */
export function selectorProblem(selector: string): string | undefined {
  const tokens = tokenize(selector)
  if (tokens.length === 0) return undefined
  let i = 0
  const next = () => tokens[i++]
  const peek = () => tokens[i]
  for (;;) {
    const problem = requirement()
    if (problem) return problem
    const separator = next()
    if (separator === undefined) return undefined
    if (separator !== ',') return `expected "," after a requirement, found "${separator}"`
  }

  function requirement(): string | undefined {
    let token = next()
    if (token === '!') {
      const key = next()
      return keyProblem(key) ?? afterExists()
    }
    const keyIssue = keyProblem(token)
    if (keyIssue) return keyIssue
    token = peek()
    if (token === undefined || token === ',') return undefined
    next()
    if (token === '=' || token === '==' || token === '!=') {
      const value = peek()
      // An empty value (`key=`, `key=,b`) is valid: it matches the empty label.
      if (value === undefined || value === ',') return undefined
      next()
      return valueProblem(value)
    }
    if (token === '<' || token === '>') {
      const value = next()
      return value !== undefined && /^-?\d+$/.test(value)
        ? undefined
        : `"${token}" needs an integer, found "${value ?? 'end of selector'}"`
    }
    if (token === 'in' || token === 'notin') return setProblem(token)
    return `expected an operator (=, ==, !=, in, notin, <, >) after the key, found "${token}"`
  }

  function afterExists(): string | undefined {
    const token = peek()
    return token === undefined || token === ','
      ? undefined
      : `"!key" takes no operator, found "${token}"`
  }

  function setProblem(operator: string): string | undefined {
    if (next() !== '(') return `"${operator}" needs a parenthesised list of values`
    for (;;) {
      let token = next()
      if (token === ')') return undefined
      const problem = valueProblem(token)
      if (problem) return problem
      token = next()
      if (token === ')') return undefined
      if (token !== ',') return `expected "," or ")" in the value list, found "${token ?? 'end'}"`
    }
  }
}

function keyProblem(key: string | undefined): string | undefined {
  if (key === undefined || isSpecial(key)) return `expected a label key, found "${key ?? 'end'}"`
  const slash = key.indexOf('/')
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined
  const name = slash >= 0 ? key.slice(slash + 1) : key
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the key prefix "${prefix}" is not a DNS subdomain`
  }
  if (name.length > 63 || !NAME.test(name)) {
    return `the key name "${name}" must be at most 63 characters: letters, digits, "-", "_", "." (beginning and ending with a letter or digit)`
  }
  return undefined
}

function valueProblem(value: string | undefined): string | undefined {
  if (value === undefined || isSpecial(value)) {
    return `expected a label value, found "${value ?? 'end'}"`
  }
  if (value.length > 63 || !NAME.test(value)) {
    return `the value "${value}" must be at most 63 characters: letters, digits, "-", "_", "." (beginning and ending with a letter or digit)`
  }
  return undefined
}

function isSpecial(token: string): boolean {
  return SPECIAL.has(token[0] ?? '') || token === '==' || token === '!='
}

/** Splits into operators, punctuation and words; whitespace separates only. */
function tokenize(selector: string): string[] {
  const tokens: string[] = []
  let word = ''
  const flush = () => {
    if (word) tokens.push(word)
    word = ''
  }
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i] as string
    if (/\s/.test(c)) {
      flush()
    } else if (SPECIAL.has(c)) {
      flush()
      const two = selector.slice(i, i + 2)
      if (two === '==' || two === '!=') {
        tokens.push(two)
        i++
      } else tokens.push(c)
    } else word += c
  }
  flush()
  return tokens
}
