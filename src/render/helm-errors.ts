// Where in the chart a `helm template` failure is. Helm names the template in
// several forms depending on the stage that failed:
//   template: web/templates/cm.yaml:6:15: executing ...        (execution)
//   execution error at (web/templates/cm.yaml:6:8): a is required (required/fail)
//   parse error at (web/templates/cm.yaml:6): function "x" not defined
//   YAML parse error on web/templates/cm.yaml: ... yaml: line 7: ... (the rendered output's line)
export interface HelmErrorLocation {
  /** the template as helm names it: `<chart>/templates/cm.yaml`. */
  template: string
  /** the line in the template; absent when helm gives only a line of the rendered output. */
  line?: number
}

const TEMPLATE_PATH = String.raw`[^\s():"]+\.(?:yaml|yml|tpl|txt|json)`

const PATTERNS: { pattern: RegExp; hasLine: boolean }[] = [
  { pattern: new RegExp(String.raw`\((${TEMPLATE_PATH}):(\d+)(?::\d+)?\)`), hasLine: true },
  { pattern: new RegExp(String.raw`template: (${TEMPLATE_PATH}):(\d+)(?::\d+)?:`), hasLine: true },
  { pattern: new RegExp(String.raw`YAML parse error on (${TEMPLATE_PATH})`), hasLine: false }
]

export function helmErrorLocation(message: string): HelmErrorLocation | undefined {
  for (const { pattern, hasLine } of PATTERNS) {
    const match = pattern.exec(message)
    if (!match?.[1]) continue
    if (!hasLine || !match[2]) return { template: match[1] }
    return { template: match[1], line: Number(match[2]) }
  }
  return undefined
}

/** Helm's "found in Chart.yaml, but missing in charts/ directory: a, b". */
export function isMissingDependency(message: string): boolean {
  return /missing in charts\/ directory/.test(message)
}
