// Where a kustomize-built object was written. kustomize's output has no source
// positions, but its origin annotation (`config.kubernetes.io/origin`, from
// `buildMetadata: [originAnnotations]`) names the resource file, or the
// kustomization whose generator made the object. The line is found by looking
// for the object in that file.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { KubeObject, SourceRef } from '../types.ts'
import { objectsFromYaml } from './kube-objects.ts'
import { relativePosix } from '../util/paths.ts'
import { loadBounded } from '../util/yaml-bounds.ts'

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin'

interface Origin {
  /** the resource file, relative to the build root. */
  path?: string
  /** the kustomization whose generator or inflator made the object. */
  configuredIn?: string
  /** set for remote bases: nothing on disk to point at. */
  repo?: string
}

/** Reads files once per build: a base shared by many objects is parsed once. */
export type FileCache = Map<string, Promise<string | undefined>>

export interface OriginContext {
  /** the folder kustomize built (absolute); origin paths are relative to it. */
  buildRoot: string
  cwd: string
  cache: FileCache
}

/** The source of `object` from its origin annotation, or undefined when it has none usable. */
export async function sourceFromOrigin(
  object: KubeObject,
  context: OriginContext
): Promise<SourceRef | undefined> {
  const origin = parseOrigin(object.metadata.annotations?.[ORIGIN_ANNOTATION])
  if (!origin || origin.repo) return undefined
  const written = origin.path ?? origin.configuredIn
  if (!written) return undefined
  const absolute = path.resolve(context.buildRoot, written)
  const file = relativePosix(context.cwd, absolute)
  const text = await readCached(absolute, context.cache)
  if (text === undefined) return { file, line: 1 }
  const line = origin.path
    ? lineOfObject(text, file, object)
    : lineOfGeneratorName(text, object.metadata.name ?? '')
  return { file, line }
}

/** Removes the origin annotation (and an annotations map it leaves empty). */
export function stripOrigin(object: KubeObject): void {
  const annotations = object.metadata.annotations
  if (!annotations || !(ORIGIN_ANNOTATION in annotations)) return
  delete annotations[ORIGIN_ANNOTATION]
  if (Object.keys(annotations).length === 0) delete object.metadata.annotations
}

function parseOrigin(value: string | undefined): Origin | undefined {
  if (value === undefined) return undefined
  try {
    const parsed = loadBounded(value)
    return typeof parsed === 'object' && parsed !== null ? (parsed as Origin) : undefined
  } catch {
    return undefined
  }
}

/**
 * The line of the document in `text` that became `object`: the same kind, and a
 * name the rendered one contains (namePrefix/nameSuffix only add to it).
 */
function lineOfObject(text: string, file: string, object: KubeObject): number {
  let objects
  try {
    objects = objectsFromYaml(text, file).objects
  } catch {
    return 1
  }
  const rendered = object.metadata.name ?? ''
  const candidates = objects
    .filter(({ object: written }) => written.kind === object.kind)
    .filter(({ object: written }) => rendered.includes(written.metadata.name ?? '\0'))
    .sort((a, b) => (b.object.metadata.name?.length ?? 0) - (a.object.metadata.name?.length ?? 0))
  return candidates[0]?.source.line ?? 1
}

/** The line of the generator entry (`- name: settings`) whose name the generated name contains. */
function lineOfGeneratorName(text: string, rendered: string): number {
  let best: { line: number; length: number } | undefined
  text.split('\n').forEach((content, index) => {
    const match = /^\s*(?:-\s+)?name:\s*["']?([^"'\s#]+)["']?\s*(?:#.*)?$/.exec(content)
    const name = match?.[1]
    if (!name || !rendered.includes(name)) return
    if (!best || name.length > best.length) best = { line: index + 1, length: name.length }
  })
  return best?.line ?? 1
}

function readCached(file: string, cache: FileCache): Promise<string | undefined> {
  let text = cache.get(file)
  if (!text) {
    text = readFile(file, 'utf8').catch(() => undefined)
    cache.set(file, text)
  }
  return text
}
