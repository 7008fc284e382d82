// .kube-drift.yaml: several targets in one file. Every mistake is an error that
// names the file, the line and the key (`targets[1].helm.values`), so a typo
// never silently compares the wrong thing.
//
//   ignore: [...]                 # rules for every target (optional)
//   severity:                     # overrides of the severity rule table (optional)
//     - { kind: Deployment, path: /spec/replicas, severity: high }
//   targets:
//     - name: web                 # default: the path
//       path: deploy/web          # or paths: [a, b]; relative to this file
//       renderer: auto            # auto | plain | kustomize | helm
//       namespace: web
//       context: prod             # kubeconfig context
//       selector: app=web         # label selector for Extra
//       ignore: [...]
//       helm: { release: web, values: [values/prod.yaml], set: { image.tag: "1.2" }, includeHooks: false,
//               lookup: false }   # never render this chart with the cluster (helm-lookup-policy.ts)
//       kustomize: { enableHelm: false }
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { isSeverity, SEVERITIES } from '../drift/lifecycle/threshold.ts'
import type { IgnoreRule, SeverityOverride } from '../types.ts'
import { parseIgnoreRules } from './ignore-rules.ts'
import { releaseNameProblem } from './release-name.ts'
import { RENDERERS, type Renderer } from './target.ts'
import { YamlPositionError, keyName, parseWithPositions, type YamlPath } from './yaml-positions.ts'

/** A target as written in the file, before detection and defaults. */
export interface ConfigTarget {
  name?: string
  /** relative to the working directory (the file's own paths are relative to the file). */
  paths: string[]
  renderer: Renderer | 'auto'
  namespace?: string
  context?: string
  selector?: string
  ignore: IgnoreRule[]
  helm?: {
    release?: string
    /** relative to the working directory */
    values: string[]
    set: string[]
    includeHooks: boolean
    /** false: never render with the cluster; it cannot turn lookup on (helm-lookup-policy.ts). */
    lookup?: boolean
  }
  kustomize?: { enableHelm: boolean }
  /** where the target starts, for messages about it. */
  location: string
}

export interface KubeDriftConfig {
  file: string
  /** rules for every target */
  ignore: IgnoreRule[]
  /** severity overrides for every target, looked at before the rule table. */
  severity: SeverityOverride[]
  targets: ConfigTarget[]
}

/** The keys the reader accepts (schema/kube-drift-config.schema.json lists the same: a unit test checks). */
export const TOP_KEYS = ['targets', 'ignore', 'severity']
export const SEVERITY_KEYS = ['kind', 'path', 'severity']
export const TARGET_KEYS = [
  'name',
  'path',
  'paths',
  'renderer',
  'namespace',
  'context',
  'selector',
  'ignore',
  'helm',
  'kustomize'
]
export const HELM_KEYS = ['release', 'values', 'set', 'includeHooks', 'lookup']
export const KUSTOMIZE_KEYS = ['enableHelm']

export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'ConfigError'
  }
}

/** Reads and validates `configPath` (relative to `cwd`). */
export async function readConfigFile(configPath: string, cwd: string): Promise<KubeDriftConfig> {
  const absolute = path.resolve(cwd, configPath)
  const text = await readFile(absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(
      error.code === 'ENOENT'
        ? `${configPath}: config file not found`
        : `${configPath}: cannot read: ${error.message}`,
      { cause: error }
    )
  })
  // The file's paths are relative to the file; targets carry them relative to cwd.
  const base = path.relative(cwd, path.dirname(absolute))
  return parseConfig(text, displayPath(configPath), base)
}

/** `base`: the file's folder relative to the working directory. */
export function parseConfig(text: string, file: string, base = ''): KubeDriftConfig {
  let parsed
  try {
    parsed = parseWithPositions(text, file)
  } catch (error) {
    if (!(error instanceof YamlPositionError)) throw error
    const where = error.line === undefined ? file : `${file}:${error.line}`
    throw new ConfigError(`${where}: invalid YAML: ${error.message}`, { cause: error })
  }
  const reader: Reader = new Reader(file, parsed.lineOf, base)
  const root = parsed.value
  if (root === null || root === undefined) reader.fail([], 'the file is empty: it needs "targets"')
  const top = reader.mapping(root, [], TOP_KEYS)
  const list = top.targets
  if (list === undefined) reader.fail([], 'missing key "targets" (a list of targets)')
  if (!Array.isArray(list) || list.length === 0) {
    reader.fail(['targets'], 'must be a non-empty list of targets')
  }
  const targets = list.map((raw: unknown, index) => reader.target(raw, ['targets', index]))
  const seen = new Map<string, YamlPath>()
  targets.forEach((target, index) => {
    const name = target.name ?? target.paths.join(', ')
    const first = seen.get(name)
    if (first) {
      reader.fail(
        ['targets', index],
        `target name "${name}" is used twice (also at line ${parsed.lineOf(first)}): names must be unique`
      )
    }
    seen.set(name, ['targets', index])
  })
  return {
    file,
    ignore: reader.ignore(top.ignore, ['ignore']),
    severity: reader.severity(top.severity, ['severity']),
    targets
  }
}

/** Validation with the file, the line and the key in every message. */
class Reader {
  private readonly file: string
  private readonly lineOf: (path: YamlPath) => number
  private readonly base: string

  constructor(file: string, lineOf: (path: YamlPath) => number, base: string) {
    this.file = file
    this.lineOf = lineOf
    this.base = base
  }

  fail(at: YamlPath, message: string): never {
    const key = at.length > 0 ? `${keyName(at)}: ` : ''
    throw new ConfigError(`${this.file}:${this.lineOf(at)}: ${key}${message}`)
  }

  mapping(value: unknown, at: YamlPath, known: string[]): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(at, 'must be a mapping')
    }
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) {
        this.fail([...at, key], `unknown key (expected one of ${known.join(', ')})`)
      }
    }
    return record
  }

  target(raw: unknown, at: YamlPath): ConfigTarget {
    const record = this.mapping(raw, at, TARGET_KEYS)
    if (record.path !== undefined && record.paths !== undefined) {
      this.fail([...at, 'paths'], 'give "path" or "paths", not both')
    }
    const paths =
      record.path !== undefined
        ? [this.string(record.path, [...at, 'path'])]
        : this.stringList(record.paths, [...at, 'paths'])
    if (!paths || paths.length === 0) this.fail(at, 'a target needs "path" (or "paths")')
    const target: ConfigTarget = {
      paths: paths.map(p => this.relative(p)),
      renderer: this.renderer(record.renderer, [...at, 'renderer']),
      ignore: this.ignore(record.ignore, [...at, 'ignore']),
      location: `${this.file}:${this.lineOf(at)}`
    }
    for (const key of ['name', 'namespace', 'context', 'selector'] as const) {
      const value = this.optionalString(record[key], [...at, key])
      if (value !== undefined) target[key] = value
    }
    if (record.helm !== undefined) target.helm = this.helm(record.helm, [...at, 'helm'])
    if (record.kustomize !== undefined) {
      const kustomize = this.mapping(record.kustomize, [...at, 'kustomize'], KUSTOMIZE_KEYS)
      target.kustomize = {
        enableHelm: this.boolean(kustomize.enableHelm, [...at, 'kustomize', 'enableHelm'])
      }
    }
    if (target.helm && target.renderer !== 'helm' && target.renderer !== 'auto') {
      this.fail([...at, 'helm'], `helm settings on a ${target.renderer} target`)
    }
    if (target.kustomize && target.renderer !== 'kustomize' && target.renderer !== 'auto') {
      this.fail([...at, 'kustomize'], `kustomize settings on a ${target.renderer} target`)
    }
    return target
  }

  private helm(raw: unknown, at: YamlPath): NonNullable<ConfigTarget['helm']> {
    const record = this.mapping(raw, at, HELM_KEYS)
    const helm: NonNullable<ConfigTarget['helm']> = {
      values: (this.stringList(record.values, [...at, 'values']) ?? []).map(v => this.relative(v)),
      set: this.setEntries(record.set, [...at, 'set']),
      includeHooks: this.boolean(record.includeHooks, [...at, 'includeHooks'])
    }
    const release = this.optionalString(record.release, [...at, 'release'])
    if (release !== undefined) {
      const problem = releaseNameProblem(release)
      if (problem) {
        this.fail([...at, 'release'], `"${release}" is not a valid Helm release name: ${problem}`)
      }
      helm.release = release
    }
    if (record.lookup !== undefined) helm.lookup = this.boolean(record.lookup, [...at, 'lookup'])
    return helm
  }

  /** `set: { image.tag: "1.2" }` becomes `--set image.tag=1.2`, in the file's order. */
  private setEntries(raw: unknown, at: YamlPath): string[] {
    if (raw === undefined) return []
    const record = this.mapping(raw, at, Object.keys(raw ?? {}))
    return Object.entries(record).map(([key, value]) => {
      if (value === null || typeof value === 'object') {
        this.fail(
          [...at, key],
          'must be a string, number or boolean (nested values belong in a values file)'
        )
      }
      return `${key}=${String(value)}`
    })
  }

  ignore(raw: unknown, at: YamlPath): IgnoreRule[] {
    if (raw === undefined) return []
    if (!Array.isArray(raw)) this.fail(at, 'must be a list of ignore rules')
    // JSON is YAML: the rules go through the one parser of ignore rules.
    return parseIgnoreRules(JSON.stringify(raw), `${this.file}:${this.lineOf(at)}: ${keyName(at)}`)
  }

  /** `severity: [{ kind?, path, severity }]`: a path is a JSON Pointer, as in ignore rules. */
  severity(raw: unknown, at: YamlPath): SeverityOverride[] {
    if (raw === undefined) return []
    if (!Array.isArray(raw)) this.fail(at, 'must be a list of { kind, path, severity }')
    return raw.map((item: unknown, index) => {
      const here = [...at, index]
      const record = this.mapping(item, here, SEVERITY_KEYS)
      const path = record.path
      if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) {
        this.fail([...here, 'path'], 'must be a JSON Pointer (it starts with "/")')
      }
      if (!isSeverity(record.severity)) {
        this.fail([...here, 'severity'], `must be one of ${SEVERITIES.join(', ')}`)
      }
      const kind = this.optionalString(record.kind, [...here, 'kind'])
      return { ...(kind === undefined ? {} : { kind }), path, severity: record.severity }
    })
  }

  private renderer(raw: unknown, at: YamlPath): Renderer | 'auto' {
    if (raw === undefined) return 'auto'
    if (raw === 'auto' || RENDERERS.includes(raw as Renderer)) return raw as Renderer | 'auto'
    return this.fail(
      at,
      `unknown renderer ${JSON.stringify(raw)} (expected auto, ${RENDERERS.join(', ')})`
    )
  }

  private string(raw: unknown, at: YamlPath): string {
    if (typeof raw !== 'string' || raw === '') this.fail(at, 'must be a non-empty string')
    return raw
  }

  private optionalString(raw: unknown, at: YamlPath): string | undefined {
    return raw === undefined ? undefined : this.string(raw, at)
  }

  private stringList(raw: unknown, at: YamlPath): string[] | undefined {
    if (raw === undefined) return undefined
    const list = typeof raw === 'string' ? [raw] : raw
    if (!Array.isArray(list)) this.fail(at, 'must be a string or a list of strings')
    return list.map((item: unknown, index) =>
      this.string(item, typeof raw === 'string' ? at : [...at, index])
    )
  }

  private boolean(raw: unknown, at: YamlPath): boolean {
    if (raw === undefined) return false
    if (typeof raw !== 'boolean') this.fail(at, 'must be true or false')
    return raw
  }

  private relative(file: string): string {
    if (path.isAbsolute(file) || this.base === '') return file
    return path.join(this.base, file).split(path.sep).join('/')
  }
}

function displayPath(file: string): string {
  return file.split(path.sep).join('/')
}
