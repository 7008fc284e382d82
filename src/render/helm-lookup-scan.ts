// Which templates of a chart use Helm's `lookup`, directly or through what
// they call. Offline (`helm template` without the cluster) lookup finds
// nothing, so the output of those templates may differ from what helm
// deployed; the report must say so instead of calling it drift.
//
// The chart is read as helm reads it: templates/ of the chart and of every
// subchart under charts/ (folders and .tgz archives, at any depth). Template
// names are helm's (`<chart name>/charts/<sub name>/templates/x.yaml`), so they
// match the `# Source:` lines of the output. The analysis is conservative:
// a template is tainted when it calls lookup, includes a tainted named
// template, or evaluates a string with `tpl` while a values file mentions
// lookup. A template that includes one whose name is computed (`include (print
// $.Template.BasePath "/secret.yaml") . | sha256sum`, the checksum idiom)
// while any template calls lookup is tainted in its annotations, where that
// idiom writes.
import { lstat, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { load } from 'js-yaml'

export interface LookupUsage {
  /** helm names of the templates that call lookup themselves (or the values files `tpl` may run). */
  direct: string[]
  /** helm names of the templates whose output may depend on lookup (calls, includes, tpl). */
  tainted: Set<string>
  /**
   * helm names of the templates that depend on lookup only through an include whose
   * name is computed: the checksum idiom (`include (print $.Template.BasePath
   * "/secret.yaml") . | sha256sum`), whose output goes into annotations.
   */
  throughComputedInclude: Set<string>
}

/** What one scope (a named template, or a file's text outside its defines) does. */
interface Scope {
  lookup: boolean
  calls: Set<string>
  dynamicCall: boolean
  tpl: boolean
}

interface ChartText {
  /** helm's name of each template file → its text. */
  templates: Map<string, string>
  /** texts of the charts' values.yaml files (what `tpl` usually evaluates). */
  values: string[]
}

/** An archive or tree bigger than this is not a chart: stop rather than exhaust memory. */
const MAX_CHART_BYTES = 64 * 1024 * 1024

/** `extraValues`: the texts of the target's own values files. */
export async function scanChartForLookup(
  chartRoot: string,
  extraValues: string[] = []
): Promise<LookupUsage> {
  const files = await readTree(chartRoot)
  const text: ChartText = { templates: new Map(), values: [...extraValues] }
  collectChart(files, undefined, text)
  return analyseTemplates(text.templates, text.values)
}

/** The analysis on template texts alone (the unit tests' entry). */
export function analyseTemplates(templates: Map<string, string>, values: string[]): LookupUsage {
  const valuesUseLookup = values.some(v => LOOKUP_CALL.test(v))
  const scopes = new Map<string, Scope>()
  const fileScopes = new Map<string, Scope>()
  for (const [name, text] of templates) {
    const { top, defines } = scopesOf(text)
    fileScopes.set(name, top)
    // A file is also a template of its own name (what `include (print $.Template.BasePath ...)` names).
    scopes.set(name, top)
    for (const [define, scope] of defines)
      scopes.set(define, mergeScopes(scopes.get(define), scope))
  }
  const anyLookup = [...scopes.values()].some(s => s.lookup) || valuesUseLookup
  const strict = taintedNames(scopes, valuesUseLookup, false)
  const full = taintedNames(scopes, valuesUseLookup, anyLookup)
  const direct = [...fileScopes.keys()].filter(name => fileUsesLookup(templates.get(name) ?? ''))
  if (valuesUseLookup && [...scopes.values()].some(s => s.tpl)) direct.push('values (through tpl)')
  const files = [...fileScopes.keys()]
  return {
    direct: direct.sort(),
    tainted: new Set(files.filter(name => strict.has(name))),
    throughComputedInclude: new Set(files.filter(name => full.has(name) && !strict.has(name)))
  }
}

/** Named templates (and files) whose output may depend on lookup, to a fixpoint. */
function taintedNames(
  scopes: Map<string, Scope>,
  valuesUseLookup: boolean,
  dynamicCallsTaint: boolean
): Set<string> {
  const tainted = new Set<string>()
  const isTainted = (scope: Scope): boolean =>
    scope.lookup ||
    (scope.tpl && valuesUseLookup) ||
    (scope.dynamicCall && dynamicCallsTaint) ||
    [...scope.calls].some(call => tainted.has(call))
  for (let changed = true; changed;) {
    changed = false
    for (const [name, scope] of scopes) {
      if (!tainted.has(name) && isTainted(scope)) {
        tainted.add(name)
        changed = true
      }
    }
  }
  return tainted
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g
/** `lookup` called, not a field (`.Values.lookup`) or a string. */
const LOOKUP_CALL = /(?<![\w.$"'-])lookup\s+["'(]/
const LITERAL_CALL = /\b(?:include|template)\s+"([^"]+)"/g
const DYNAMIC_CALL = /\b(?:include|template)\s+(?!")\S/
const TPL_CALL = /(?<![\w.$])tpl\s/

function fileUsesLookup(text: string): boolean {
  for (const match of text.matchAll(ACTION)) {
    const action = match[1] ?? ''
    if (!action.startsWith('/*') && LOOKUP_CALL.test(action)) return true
  }
  return false
}

function scopesOf(text: string): { top: Scope; defines: Map<string, Scope> } {
  const top = emptyScope()
  const defines = new Map<string, Scope>()
  // What each open block is: a define (its scope) or control flow (if/range/with).
  const stack: (Scope | 'control')[] = []
  const current = (): Scope => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const entry = stack[i]
      if (entry !== 'control' && entry !== undefined) return entry
    }
    return top
  }
  for (const match of text.matchAll(ACTION)) {
    const action = (match[1] ?? '').trim()
    if (action.startsWith('/*')) continue
    const define = /^(define|block)\s+"([^"]+)"/.exec(action)
    if (define) {
      const name = define[2] ?? ''
      // `block` also runs the template where it stands.
      if (define[1] === 'block') current().calls.add(name)
      const scope = defines.get(name) ?? emptyScope()
      defines.set(name, scope)
      stack.push(scope)
      note(scope, action.slice(define[0].length))
      continue
    }
    if (/^end\b/.test(action)) {
      stack.pop()
      continue
    }
    if (/^(if|range|with)\b/.test(action)) stack.push('control')
    note(current(), action)
  }
  return { top, defines }
}

function note(scope: Scope, action: string): void {
  if (LOOKUP_CALL.test(action)) scope.lookup = true
  if (TPL_CALL.test(action)) scope.tpl = true
  for (const call of action.matchAll(LITERAL_CALL)) scope.calls.add(call[1] ?? '')
  if (DYNAMIC_CALL.test(action)) scope.dynamicCall = true
}

function emptyScope(): Scope {
  return { lookup: false, calls: new Set(), dynamicCall: false, tpl: false }
}

function mergeScopes(a: Scope | undefined, b: Scope): Scope {
  if (!a) return b
  return {
    lookup: a.lookup || b.lookup,
    calls: new Set([...a.calls, ...b.calls]),
    dynamicCall: a.dynamicCall || b.dynamicCall,
    tpl: a.tpl || b.tpl
  }
}

/** A chart's files by their path inside it (`templates/x.yaml`, `charts/db-1.0.0.tgz`). */
type Tree = Map<string, Buffer>

/** `parent`: helm's name of the parent chart; the chart's own name comes from its Chart.yaml. */
function collectChart(files: Tree, parent: string | undefined, into: ChartText): void {
  const name = chartName(files.get('Chart.yaml'))
  const prefix = parent === undefined ? name : `${parent}/charts/${name}`
  const values = files.get('values.yaml')
  if (values) into.values.push(values.toString('utf8'))
  const subcharts = new Map<string, Tree>()
  for (const [file, content] of files) {
    if (file.startsWith('templates/')) {
      into.templates.set(`${prefix}/${file}`, content.toString('utf8'))
      continue
    }
    const sub = /^charts\/([^/]+)\/(.+)$/.exec(file)
    if (sub?.[1] && sub[2]) {
      const tree = subcharts.get(sub[1]) ?? new Map<string, Buffer>()
      tree.set(sub[2], content)
      subcharts.set(sub[1], tree)
    } else if (/^charts\/[^/]+\.tgz$/.test(file)) {
      subcharts.set(file, readArchive(content, file))
    }
  }
  for (const tree of subcharts.values()) {
    if (tree.has('Chart.yaml')) collectChart(tree, prefix, into)
  }
}

function chartName(chartYaml: Buffer | undefined): string {
  try {
    const parsed = load(chartYaml?.toString('utf8') ?? '') as { name?: unknown } | null
    if (typeof parsed?.name === 'string' && parsed.name) return parsed.name
  } catch {
    // helm itself reports a broken Chart.yaml; here it only names the templates.
  }
  return 'chart'
}

/** What helm reads to render, at any subchart depth (a chart's files/ and the like are not read). */
const CHART_FILE = /^(charts\/[^/]+\/)*(Chart\.yaml|values\.yaml|templates\/.+|charts\/[^/]+\.tgz)$/

/** The chart files under `root`, symlinks not followed (a chart may not reach outside itself). */
async function readTree(root: string): Promise<Tree> {
  const tree: Tree = new Map()
  let total = 0
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        await walk(full)
      } else if (entry.isFile()) {
        const relative = path.relative(root, full).split(path.sep).join('/')
        if (!CHART_FILE.test(relative)) continue
        const size = (await lstat(full)).size
        total += size
        if (total > MAX_CHART_BYTES)
          throw new Error(
            `${root}: the templates and subcharts of the chart are larger than 64 MiB`
          )
        tree.set(relative, await readFile(full))
      }
    }
  }
  await walk(root)
  return tree
}

/**
 * The files of a packed subchart (`helm package`: a gzipped ustar archive whose
 * entries all sit under the chart's folder), that folder dropped.
 */
export function readArchive(gzipped: Buffer, label: string): Tree {
  let tar: Buffer
  try {
    tar = gunzipSync(gzipped, { maxOutputLength: MAX_CHART_BYTES })
  } catch (error) {
    throw new Error(`${label}: not a gzipped chart archive (${(error as Error).message})`, {
      cause: error
    })
  }
  const tree: Tree = new Map()
  let offset = 0
  let longName: string | undefined
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512)
    if (header.every(byte => byte === 0)) break
    const size = parseInt(field(header, 124, 12) || '0', 8)
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = field(header, 345, 155)
    const body = tar.subarray(offset + 512, offset + 512 + size)
    let name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
    longName = undefined
    if (type === 'x') {
      // A pax header: its `path=` record names the next entry.
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1]
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '')
    } else if (type === '0' || type === '\0') {
      name = name.split('/').slice(1).join('/')
      if (name) tree.set(name, Buffer.from(body))
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return tree
}

function field(header: Buffer, start: number, length: number): string {
  return header
    .subarray(start, start + length)
    .toString('utf8')
    .replace(/\0.*$/s, '')
    .trim()
}
