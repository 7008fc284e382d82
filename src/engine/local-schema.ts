// The hook between the server's OpenAPI (cluster/openapi.ts) and the local
// comparison: the kind's schema when it can be read, else nothing and a note, so
// the local comparison falls back to what it did without it (never more InSync).
import { OpenApiUnavailableError } from '../cluster/openapi.ts'
import type { OpenApiSchemas } from '../cluster/openapi.ts'
import type { KindSchema } from '../drift/schema.ts'
import type { KubeObject } from '../types.ts'

export async function schemaForLocalComparison(
  schemas: OpenApiSchemas | undefined,
  object: KubeObject,
  notes: Set<string>
): Promise<KindSchema | undefined> {
  if (schemas === undefined) return undefined
  try {
    const schema = await schemas.kindSchema(object.apiVersion, object.kind)
    if (schema === undefined) {
      notes.add(
        `The server publishes no OpenAPI schema for ${object.apiVersion} ${object.kind}: compared locally without it, so explicit zeros and defaults inside atomic fields may show as drift.`
      )
    }
    return schema
  } catch (error) {
    if (!(error instanceof OpenApiUnavailableError)) throw error
    notes.add(
      `The server's OpenAPI schema could not be read (${error.message}): compared locally without it, so explicit zeros and defaults inside atomic fields may show as drift.`
    )
    return undefined
  }
}
