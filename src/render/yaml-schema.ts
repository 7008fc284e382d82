// The YAML schema that reads manifests the way kubectl does. kubectl decodes
// YAML with go-yaml v2 (through sigs.k8s.io/yaml), which follows YAML 1.1:
// `defaultMode: 0644` is the octal 420, `yes`/`on` are booleans and `<<` merges.
// js-yaml's default YAML 1.2 core schema would read 0644 as 644 and report false
// drift on every Secret volume. go-yaml v2 keeps timestamps as strings when
// decoding into untyped values, so the timestamp tag is left out (no Date
// objects), and so is !!binary (no Uint8Array in a JSON object).
import { Schema, YAML11_SCHEMA, binaryTag, timestampTag } from 'js-yaml'

const excluded = new Set([timestampTag.tagName, binaryTag.tagName])

export const KUBERNETES_YAML_SCHEMA = new Schema(
  YAML11_SCHEMA.tags.filter(tag => !excluded.has(tag.tagName))
)
