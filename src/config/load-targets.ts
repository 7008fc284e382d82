// Turns what the user gave (CLI flags or action inputs) into validated targets.
// One place, so the CLI and the action agree on every default.
import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { parseIgnoreRules } from './ignore-rules.ts'
import type { Renderer, Target } from './target.ts'
import type { IgnoreRule } from '../types.ts'

export interface TargetRequest {
  cwd: string
  /** manifests paths (files, directories, globs); default '.' when no config is given. */
  paths?: string[]
  /** a .kube-drift.yaml with several targets. */
  configPath?: string
  /** pick one target of the config by name. */
  target?: string
  renderer?: Renderer | 'auto'
  namespace?: string
  selector?: string
  /** ignore rules as YAML text, and where they came from (for error messages). */
  ignore?: { text: string; origin: string }
  /** a file of ignore rules. */
  ignoreFile?: string
  context?: string
}

export async function loadTargets(request: TargetRequest): Promise<Target[]> {
  if (request.configPath) {
    throw new Error('a .kube-drift.yaml config is not supported yet: give paths instead')
  }
  if (request.renderer && request.renderer !== 'auto' && request.renderer !== 'plain') {
    throw new Error(`renderer "${request.renderer}" is not supported yet: use plain YAML`)
  }
  const paths = request.paths && request.paths.length > 0 ? request.paths : ['.']
  const ignore: IgnoreRule[] = []
  if (request.ignore) ignore.push(...parseIgnoreRules(request.ignore.text, request.ignore.origin))
  if (request.ignoreFile) {
    const file = isAbsolute(request.ignoreFile)
      ? request.ignoreFile
      : join(request.cwd, request.ignoreFile)
    ignore.push(...parseIgnoreRules(await readFile(file, 'utf8'), request.ignoreFile))
  }
  return [
    {
      name: paths.join(', '),
      renderer: 'plain',
      paths,
      namespace: request.namespace,
      selector: request.selector,
      ignore,
      context: request.context
    }
  ]
}
