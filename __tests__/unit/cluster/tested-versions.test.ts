import {
  TESTED_KUBERNETES_MINORS,
  untestedVersionWarning
} from '../../../src/cluster/tested-versions.ts'
import {
  parseVersionsEnv,
  pinnedVersions,
  selectedHelm,
  selectedKubernetes
} from '../../../test/cluster/versions.ts'

describe('the tested Kubernetes range', () => {
  it('is the list of minors the local control plane is built for (test/cluster/versions.env)', () => {
    expect([...TESTED_KUBERNETES_MINORS]).toEqual(pinnedVersions().kubernetesMinors)
  })

  it.each(['v1.34.4', 'v1.35.0', 'v1.36.3', 'v1.37.2', 'v1.37.2-eks-1a2b3c', '1.35.1'])(
    '%s gets no warning',
    version => expect(untestedVersionWarning(version)).toBeUndefined()
  )

  it.each(['v1.33.7', 'v1.38.0', 'v1.3.4', 'v2.34.0', 'v1.340.0'])(
    '%s is outside the range and says so',
    version =>
      expect(untestedVersionWarning(version)).toBe(
        `Kubernetes ${version} is outside the range kube-drift is tested on (1.34–1.37): defaulting, managedFields and dry-run answers may differ there, so read the verdicts with care`
      )
  )

  it('an unreadable version is a warning too', () => {
    expect(untestedVersionWarning('unknown')).toMatch(
      /^the server reported no readable Kubernetes version \("unknown"\); kube-drift is tested on 1\.34–1\.37$/
    )
  })
})

describe('test/cluster/versions.env', () => {
  const pinned = parseVersionsEnv(
    [
      '# comment',
      'KUBERNETES_MINORS="1.34 1.37"',
      'KUBERNETES_DEFAULT_MINOR=1.37',
      'KUBERNETES_VERSION_1_34=v1.34.4',
      'KUBERNETES_VERSION_1_37=v1.37.2',
      'HELM_MAJORS="3 4"',
      'HELM_DEFAULT_MAJOR=3',
      'HELM_VERSION_3=v3.21.4',
      'HELM_VERSION_4=v4.3.2'
    ].join('\n')
  )

  it('pins one release per tested minor and per helm major', () => {
    expect(pinned.kubernetes).toEqual({ '1.34': 'v1.34.4', '1.37': 'v1.37.2' })
    expect(pinned.helm).toEqual({ 3: 'v3.21.4', 4: 'v4.3.2' })
  })

  it('KUBE_DRIFT_KUBERNETES and KUBE_DRIFT_HELM choose; the defaults apply when unset', () => {
    expect(selectedKubernetes({}, pinned)).toEqual({ minor: '1.37', version: 'v1.37.2' })
    expect(selectedKubernetes({ KUBE_DRIFT_KUBERNETES: 'v1.34' }, pinned)).toEqual({
      minor: '1.34',
      version: 'v1.34.4'
    })
    expect(selectedHelm({}, pinned)).toEqual({ major: '3', version: 'v3.21.4' })
    expect(selectedHelm({ KUBE_DRIFT_HELM: '4' }, pinned)).toEqual({
      major: '4',
      version: 'v4.3.2'
    })
  })

  it('an untested minor or helm major is an error naming the choices', () => {
    expect(() => selectedKubernetes({ KUBE_DRIFT_KUBERNETES: '1.33' }, pinned)).toThrow(
      'KUBE_DRIFT_KUBERNETES=1.33 is not a tested Kubernetes minor; use one of: 1.34 1.37'
    )
    expect(() => selectedHelm({ KUBE_DRIFT_HELM: '2' }, pinned)).toThrow(
      'KUBE_DRIFT_HELM=2 is not a supported helm major; use one of: 3 4'
    )
  })

  it('a missing pin is an error', () => {
    expect(() => parseVersionsEnv('KUBERNETES_MINORS="1.34"\n')).toThrow(
      /HELM_MAJORS not found in .*versions\.env/
    )
  })
})
