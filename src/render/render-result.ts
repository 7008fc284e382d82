import type { DesiredObject } from '../types.ts'

/** A file, or a document in it, that is not a Kubernetes object and was left out on purpose. */
export interface SkippedDocument {
  file: string
  reason: string
}

/** What a renderer produces: the desired objects, and what it saw but did not use. */
export interface RenderResult {
  objects: DesiredObject[]
  skipped: SkippedDocument[]
}
