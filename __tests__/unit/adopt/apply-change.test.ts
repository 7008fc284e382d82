import { AdoptFieldError, applyFieldEdit } from '../../../src/adopt/apply-change.ts'

const git = () => ({
  spec: {
    containers: [
      { name: 'app', image: 'a:1', env: [{ name: 'MODE', value: 'prod' }] },
      { name: 'side', image: 's:1' }
    ]
  }
})

describe('applyFieldEdit', () => {
  it("finds list items by merge key: the live index need not be Git's", () => {
    const target = git()
    const live = {
      spec: {
        containers: [
          { name: 'side', image: 's:2' },
          { name: 'app', image: 'a:1' }
        ]
      }
    }
    applyFieldEdit(target, live, '/spec/containers/0/image', { action: 'set', value: 's:2' })
    expect(target.spec.containers[1]?.image).toBe('s:2')
    expect(target.spec.containers[0]?.image).toBe('a:1')
  })

  it('a new env var goes after the one before it live', () => {
    const target = git()
    const item = { name: 'EXTRA', value: '1' }
    const live = {
      spec: { containers: [{ name: 'app', env: [{ name: 'MODE', value: 'prod' }, item] }] }
    }
    applyFieldEdit(target, live, '/spec/containers/0/env/1', { action: 'set', value: item })
    expect(target.spec.containers[0]?.env).toEqual([{ name: 'MODE', value: 'prod' }, item])
  })

  it('a field inside a list item Git lacks brings the live item whole', () => {
    const target = git()
    const live = { spec: { containers: [{ name: 'new', image: 'n:1' }] } }
    applyFieldEdit(target, live, '/spec/containers/0/image', { action: 'set', value: 'n:1' })
    expect(target.spec.containers.map(c => c.name)).toEqual(['new', 'app', 'side'])
  })

  it('creates missing parents as maps', () => {
    const target: Record<string, unknown> = { metadata: { name: 'x' } }
    applyFieldEdit(target, {}, '/metadata/labels/team', { action: 'set', value: 'payments' })
    expect(target).toEqual({ metadata: { name: 'x', labels: { team: 'payments' } } })
  })

  it('removes a field and a list item by key; removing what is absent changes nothing', () => {
    const target = git()
    applyFieldEdit(target, git(), '/spec/containers/1', { action: 'remove' })
    applyFieldEdit(target, git(), '/spec/containers/0/env', { action: 'remove' })
    applyFieldEdit(target, git(), '/spec/nothing/here', { action: 'remove' })
    expect(target).toEqual({ spec: { containers: [{ name: 'app', image: 'a:1' }] } })
  })

  it('refuses a path through a scalar, and the whole object', () => {
    expect(() =>
      applyFieldEdit({ spec: 'text' }, { spec: { a: 1 } }, '/spec/a', { action: 'set', value: 1 })
    ).toThrow(AdoptFieldError)
    expect(() => applyFieldEdit({}, {}, '', { action: 'set', value: 1 })).toThrow(AdoptFieldError)
  })
})
