// Shorthands for writing hand edits and what kube-drift must say about them.
import type { ChangeReason } from '../../../src/types.ts'
import type { Command, Expectation } from './corpus-app.ts'

export function mergePatch(target: string, patch: unknown): Command {
  return ['patch', target, '--type=merge', '-p', JSON.stringify(patch)]
}

export function jsonPatch(target: string, ops: unknown[]): Command {
  return ['patch', target, '--type=json', '-p', JSON.stringify(ops)]
}

export function strategicPatch(target: string, patch: unknown): Command {
  return ['patch', target, '--type=strategic', '-p', JSON.stringify(patch)]
}

/** A field changed by hand: found at `path`, by `manager`. */
export function at(
  kind: string,
  name: string,
  path: string,
  manager: string,
  reason?: ChangeReason
): Expectation {
  return { kind, name, path, manager, ...(reason ? { reason } : {}) }
}

/** A field Git does not have, set by hand. */
export function added(kind: string, name: string, path: string, manager: string): Expectation {
  return { kind, name, path, manager, reason: 'added-out-of-band' }
}

/** A value removed by hand: found, with no manager to name. */
export function removed(kind: string, name: string, path: string): Expectation {
  return { kind, name, path, manager: null, reason: 'changed' }
}

/** An atomic node (list, map or struct the server replaces whole) changed by `manager`. */
export function atomic(
  kind: string,
  name: string,
  node: string,
  manager: string,
  shows?: string
): Expectation {
  return { kind, name, under: node, atomic: true, manager, ...(shows ? { shows } : {}) }
}

/** Some change in a keyed list (a Service port renumbered): the new entry by `manager`. */
export function within(
  kind: string,
  name: string,
  node: string,
  manager: string,
  shows?: string
): Expectation {
  return { kind, name, under: node, manager, ...(shows ? { shows } : {}) }
}

export function missing(kind: string, name: string): Expectation {
  return { kind, name, status: 'Missing', manager: null }
}

export function extra(kind: string, name: string): Expectation {
  return { kind, name, status: 'Extra', manager: null }
}

/** `kubectl create` + `kubectl label`: an object made by hand that carries the app's label. */
export function createLabelled(create: string[], resource: string, label: string): Command[] {
  return [create, ['label', resource, label]]
}
