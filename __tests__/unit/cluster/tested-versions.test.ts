import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  TESTED_KUBERNETES_MINORS,
  untestedVersionWarning
} from '../../../src/cluster/tested-versions.ts'
import {
  VERSIONS_FILE,
  parseVersionsEnv,
  pinnedVersions,
  selectedHelm,
  selectedKubernetes
} from '../../../test/cluster/versions.ts'
import { clusterOf } from '../../../src/engine/check.ts'

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

describe("the report's cluster", () => {
  const session = (version: string) => ({
    client: { server: 'https://10.0.0.1:6443' },
    context: 'prod',
    version
  })

  it('states the server version, without a warning on a tested minor', () => {
    expect(clusterOf(session('v1.37.2'))).toEqual({
      server: 'https://10.0.0.1:6443',
      context: 'prod',
      version: 'v1.37.2'
    })
  })

  it('carries the warning outside the tested range', () => {
    expect(clusterOf(session('v1.32.9'))).toEqual({
      server: 'https://10.0.0.1:6443',
      context: 'prod',
      version: 'v1.32.9',
      warning: untestedVersionWarning('v1.32.9')
    })
  })
})

describe('build-tools.sh', () => {
  const script = path.join(path.dirname(VERSIONS_FILE), 'build-tools.sh')
  const run = (env: Record<string, string>) =>
    spawnSync('bash', [script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } })

  it.each([
    [
      { KUBE_DRIFT_KUBERNETES: '1.33' },
      'KUBE_DRIFT_KUBERNETES=1.33 is not a tested Kubernetes minor; use one of: 1.34 1.35 1.36 1.37'
    ],
    [{ KUBE_DRIFT_HELM: '2' }, 'KUBE_DRIFT_HELM=2 is not a supported helm major; use one of: 3 4']
  ])('refuses %j before building anything', (env, message) => {
    const result = run({ ...env, KUBE_DRIFT_TOOLS_DIR: '/nonexistent/never-created' })
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(`[build-tools] ${message}\n`)
    expect(result.stdout).toBe('')
  })

  it.each(pinnedVersions().kubernetesMinors)(
    'builds %s from tools-<minor>/, whose go.mod requires exactly the pinned release',
    minor => {
      const goMod = readFileSync(
        path.join(path.dirname(VERSIONS_FILE), `tools-${minor}`, 'go.mod'),
        'utf8'
      )
      expect(goMod).toContain(`\tk8s.io/kubernetes ${pinnedVersions().kubernetes[minor]}\n`)
      // Every staging module is replaced by its release of the same minor.
      const staging = [...goMod.matchAll(/^replace (k8s\.io\/\S+) => \S+ (v\S+)$/gm)]
      expect(staging.length).toBeGreaterThan(25)
      const patch = pinnedVersions().kubernetes[minor]!.replace(/^v1\./, 'v0.')
      expect(staging.filter(m => m[2] !== patch).map(m => m[1])).toEqual([])
    }
  )
})
