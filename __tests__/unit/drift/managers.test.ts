import {
  isDeployer,
  isOutOfBandManager,
  isSystemController,
  removesDroppedFields
} from '../../../src/drift/managers.ts'

describe('field manager roles', () => {
  it('treats our manager, every server-side applier and the deploy tools as deployers', () => {
    expect(isDeployer({ manager: 'my-pipeline', operation: 'Update' }, 'my-pipeline')).toBe(true)
    expect(isDeployer({ manager: 'anything', operation: 'Apply' }, 'kube-drift')).toBe(true)
    for (const manager of [
      'kubectl-client-side-apply',
      'kubectl-create',
      'helm',
      'before-first-apply'
    ]) {
      expect(isDeployer({ manager, operation: 'Update' }, 'kube-drift')).toBe(true)
    }
    expect(isDeployer({ manager: 'kubectl-edit', operation: 'Update' }, 'kube-drift')).toBe(false)
  })

  it('recognises the control plane', () => {
    expect(isSystemController({ manager: 'kube-controller-manager' })).toBe(true)
    expect(isSystemController({ manager: 'system:serviceaccount:kube-system:foo' })).toBe(true)
    expect(isSystemController({ manager: 'kubectl-scale' })).toBe(false)
  })

  it('does not count a status-subresource writer as out of band', () => {
    expect(
      isOutOfBandManager({ manager: 'my-operator', subresource: 'status' }, 'kube-drift')
    ).toBe(false)
    expect(isOutOfBandManager({ manager: 'my-operator', operation: 'Update' }, 'kube-drift')).toBe(
      true
    )
  })

  it('expects removal of dropped fields only from our manager and kubectl --server-side', () => {
    expect(removesDroppedFields({ manager: 'kube-drift', operation: 'Apply' }, 'kube-drift')).toBe(
      true
    )
    expect(removesDroppedFields({ manager: 'kubectl', operation: 'Apply' }, 'kube-drift')).toBe(
      true
    )
    expect(removesDroppedFields({ manager: 'kubectl', operation: 'Update' }, 'kube-drift')).toBe(
      false
    )
    expect(removesDroppedFields({ manager: 'flux', operation: 'Apply' }, 'kube-drift')).toBe(false)
  })
})
