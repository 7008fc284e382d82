import {
  findChild,
  isOwnedNode,
  mostRecent,
  ownedPointers,
  ownersOf,
  parseFieldsKey
} from '../../../src/drift/managed-fields.ts'
import {
  T_APPLY,
  T_EDIT,
  T_LATER,
  addEntry,
  appliedDeploymentFields,
  deploymentLive,
  dropOwnership,
  entry,
  setAt
} from './fixtures.ts'

const CONTAINER = '/spec/template/spec/containers/0'

describe('parseFieldsKey', () => {
  it('reads the four kinds of fieldsV1 path elements', () => {
    expect(parseFieldsKey('f:replicas')).toEqual({ type: 'field', name: 'replicas' })
    expect(parseFieldsKey('f:deployment.kubernetes.io/revision')).toEqual({
      type: 'field',
      name: 'deployment.kubernetes.io/revision'
    })
    expect(parseFieldsKey('k:{"containerPort":8080,"protocol":"TCP"}')).toEqual({
      type: 'key',
      fields: { containerPort: 8080, protocol: 'TCP' }
    })
    expect(parseFieldsKey('v:"kubernetes"')).toEqual({ type: 'value', value: 'kubernetes' })
    expect(parseFieldsKey('i:2')).toEqual({ type: 'index', index: 2 })
  })

  it('returns undefined for `.` and for unreadable keys', () => {
    expect(parseFieldsKey('.')).toBeUndefined()
    expect(parseFieldsKey('k:{not json')).toBeUndefined()
    expect(parseFieldsKey('x:y')).toBeUndefined()
  })
})

describe('findChild', () => {
  const ports = [
    { containerPort: 8080, name: 'http', protocol: 'TCP' },
    { containerPort: 53, name: 'dns', protocol: 'UDP' }
  ]

  it('finds associative list items on all key fields', () => {
    expect(
      findChild(ports, { type: 'key', fields: { containerPort: 53, protocol: 'UDP' } })?.segment
    ).toBe('1')
    expect(
      findChild(ports, { type: 'key', fields: { containerPort: 53, protocol: 'TCP' } })
    ).toBeUndefined()
  })

  it('matches a desired port without protocol against a TCP key (the server default)', () => {
    const desiredPorts = [{ containerPort: 8080, name: 'http' }]
    expect(
      findChild(desiredPorts, { type: 'key', fields: { containerPort: 8080, protocol: 'TCP' } })
        ?.segment
    ).toBe('0')
  })

  it('finds set items by value and list items by index', () => {
    expect(findChild(['a', 'kubernetes'], { type: 'value', value: 'kubernetes' })?.segment).toBe(
      '1'
    )
    expect(findChild(['a', 'b'], { type: 'index', index: 1 })?.value).toBe('b')
  })
})

describe('ownedPointers', () => {
  it('resolves an Apply entry into live JSON Pointers (leaves and `.` items only)', () => {
    const live = deploymentLive()
    const pointers = ownedPointers(appliedDeploymentFields(), live)
    expect(pointers).toContain('/spec/replicas')
    expect(pointers).toContain('/spec/selector')
    expect(pointers).toContain(CONTAINER)
    expect(pointers).toContain(`${CONTAINER}/env/1`)
    expect(pointers).toContain(`${CONTAINER}/env/1/value`)
    expect(pointers).toContain(`${CONTAINER}/ports/0/containerPort`)
    expect(pointers).toContain('/metadata/labels/app')
    // Intermediate maps are not owned by themselves.
    expect(pointers).not.toContain('/spec')
    expect(pointers).not.toContain(`${CONTAINER}/env`)
  })

  it('resolves the example from the field-manager docs against a live object', () => {
    const fieldsV1 = JSON.parse(
      '{"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:env":{"k:{\\"name\\":\\"A\\"}":{".":{},"f:name":{},"f:value":{}}}}}}}}}'
    )
    expect(ownedPointers(fieldsV1, deploymentLive()).sort()).toEqual(
      [
        '/spec/replicas',
        CONTAINER,
        `${CONTAINER}/env/0`,
        `${CONTAINER}/env/0/name`,
        `${CONTAINER}/env/0/value`
      ].sort()
    )
  })

  it('skips owned fields that no longer exist in the object', () => {
    expect(ownedPointers({ 'f:spec': { 'f:paused': {} } }, deploymentLive())).toEqual([])
  })

  it('marks leaves and `.` nodes as owned', () => {
    expect(isOwnedNode({})).toBe(true)
    expect(isOwnedNode({ '.': {}, 'f:name': {} })).toBe(true)
    expect(isOwnedNode({ 'f:name': {} })).toBe(false)
  })
})

describe('ownersOf', () => {
  it('names the manager that owns a field (kubectl scale took over /spec/replicas)', () => {
    const live = deploymentLive()
    setAt(live, '/spec/replicas', 5)
    dropOwnership(live, 'kubectl', ['f:spec', 'f:replicas'])
    addEntry(
      live,
      entry('kubectl-scale', 'Update', { 'f:spec': { 'f:replicas': {} } }, T_EDIT, 'scale')
    )
    expect(ownersOf(live, '/spec/replicas').map(e => e.manager)).toEqual(['kubectl-scale'])
  })

  it('attributes a subtree to the owners of what is inside it', () => {
    expect(ownersOf(deploymentLive(), `${CONTAINER}/resources`).map(e => e.manager)).toEqual([
      'kubectl'
    ])
  })

  it('falls back to the nearest owned ancestor (an atomic selector owned as a whole)', () => {
    expect(
      ownersOf(deploymentLive(), '/spec/selector/matchLabels/app').map(e => e.manager)
    ).toEqual(['kubectl'])
  })

  it('finds nobody for fields no manager owns (server defaults set on Apply)', () => {
    expect(ownersOf(deploymentLive(), '/spec/strategy/type')).toEqual([])
  })
})

describe('mostRecent', () => {
  it('picks the latest time; entries without one lose', () => {
    const a = entry('a', 'Update', {}, T_APPLY)
    const b = entry('b', 'Update', {}, T_LATER)
    const c = { manager: 'c', operation: 'Update' as const }
    expect(mostRecent([a, b, c])?.manager).toBe('b')
    expect(mostRecent([c, a])?.manager).toBe('a')
    expect(mostRecent([])).toBeUndefined()
  })
})
