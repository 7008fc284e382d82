// Kustomize sources against the real control plane: the fixture overlay (a
// namePrefix, a strategic-merge and a JSON 6902 patch, a configMapGenerator with
// its hash suffix) deployed with `kubectl apply -k`, then compared with
// kube-drift's kustomize renderer.
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { renderTarget } from '../../src/render/index.ts'
import { toolPath } from '../../test/cluster/tools.ts'
import { kubectl, verdicts } from './harness.ts'
import {
  MODES,
  REPO,
  SHOP_CHART,
  SHOP_OVERLAY,
  applyKustomization,
  change,
  checkTargets,
  shopInstance,
  targetsFor,
  usePinnedTools
} from './renderers-harness.ts'

usePinnedTools()

const BASE = '__tests__/fixtures/kustomize/shop/base'

describe('kustomize renderer against kubectl apply -k', () => {
  it.each([
    ['client-side apply', false],
    ['server-side apply', true]
  ])('shows no false drift (%s), in every mode', async (_how, serverSide) => {
    const { namespace, dir, selector } = shopInstance(serverSide ? 'rk-ssa' : 'rk-csa')
    applyKustomization(namespace, dir, { serverSide })
    const targets = await targetsFor({ paths: [dir], selector })
    expect(targets.map(t => t.renderer)).toEqual(['kustomize'])
    const generated = JSON.parse(kubectl(['-n', namespace, 'get', 'configmap', '-o', 'json']))
      .items.map((item: { metadata: { name: string } }) => item.metadata.name)
      .find((name: string) => name.startsWith('prod-settings-'))
    expect(generated).toMatch(/^prod-settings-[a-z0-9]{10}$/)

    for (const mode of MODES) {
      const { resources, find } = await checkTargets(targets, mode)
      expect({
        mode: mode.name,
        notInSync: verdicts(resources.filter(r => r.status !== 'InSync'))
      }).toEqual({ mode: mode.name, notInSync: [] })
      expect(resources.map(r => `${r.kind}/${r.name}`).sort()).toEqual([
        `ConfigMap/${generated}`,
        'Deployment/prod-api',
        'Role/prod-reader',
        'RoleBinding/prod-reader',
        'Service/prod-api'
      ])
      if (!mode.fastPath) expect(resources.every(r => r.method === 'server')).toBe(true)
      // Sources: the file each object was written in, not the build output.
      expect(find('Deployment', 'prod-api').source).toEqual({
        file: `${BASE}/deployment.yaml`,
        line: 1
      })
      expect(find('RoleBinding', 'prod-reader').source).toEqual({
        file: `${BASE}/role.yaml`,
        line: 10
      })
      expect(find('ConfigMap', generated).source).toEqual({
        file: `${SHOP_OVERLAY}/kustomization.yaml`,
        line: 18
      })
    }
  })

  it('finds catalogue B changes: scale, image, env added by hand, generated ConfigMap key, deleted → Missing, tracked → Extra', async () => {
    const { namespace, dir, selector } = shopInstance('rk-drift')
    applyKustomization(namespace, dir)
    const settings = JSON.parse(kubectl(['-n', namespace, 'get', 'configmap', '-o', 'json']))
      .items.map((item: { metadata: { name: string } }) => item.metadata.name)
      .find((name: string) => name.startsWith('prod-settings-')) as string
    kubectl(['-n', namespace, 'scale', 'deployment/prod-api', '--replicas=5'])
    kubectl([
      '-n',
      namespace,
      'set',
      'image',
      'deployment/prod-api',
      'app=registry.example.com/api:hotfix'
    ])
    kubectl(['-n', namespace, 'edit', 'deployment/prod-api'], {
      env: {
        KUBE_EDITOR: `sed -i 's/^\\(\\s*\\)- name: MODE/\\1- name: DEBUG\\n\\1  value: "true"\\n&/'`
      }
    })
    kubectl([
      '-n',
      namespace,
      'patch',
      `configmap/${settings}`,
      '--type=merge',
      '-p',
      '{"data":{"LOG_LEVEL":"debug"}}'
    ])
    kubectl(['-n', namespace, 'delete', 'service/prod-api'])
    kubectl(['-n', namespace, 'create', 'configmap', 'hotfix', '--from-literal=FLAG=on'])
    kubectl(['-n', namespace, 'label', 'configmap/hotfix', selector])
    const targets = await targetsFor({ paths: [dir], selector })
    for (const context of ['differ', 'reader'] as const) {
      const { find, resources } = await checkTargets(targets, { context })
      const api = find('Deployment', 'prod-api')
      expect(change(api, '/spec/replicas')).toMatchObject({
        desired: 3,
        live: 5,
        manager: 'kubectl'
      })
      expect(change(api, '/spec/template/spec/containers/0/image')).toMatchObject({
        desired: 'registry.example.com/api:1.1',
        live: 'registry.example.com/api:hotfix',
        manager: 'kubectl-set'
      })
      expect(api.changes.filter(c => c.reason === 'added-out-of-band')).toMatchObject([
        { live: { name: 'DEBUG', value: 'true' }, manager: 'kubectl-edit' }
      ])
      expect(change(find('ConfigMap', settings), '/data/LOG_LEVEL')).toMatchObject({
        desired: 'warn',
        live: 'debug',
        manager: 'kubectl-patch'
      })
      expect(find('Service', 'prod-api').status).toBe('Missing')
      expect(resources.filter(r => r.status === 'Extra').map(r => r.name)).toEqual(['hotfix'])
      expect(find('Role', 'prod-reader').status).toBe('InSync')
    }
  })

  it('compares generated names as built: a generator changed in Git is a new ConfigMap, the old one Extra', async () => {
    const deployed = shopInstance('rk-gen')
    applyKustomization(deployed.namespace, deployed.dir)
    // The same instance, its generator changed in Git: kustomize gives it a new hash.
    const changed = shopInstance('rk-gen', {
      namespace: deployed.namespace,
      literal: 'LOG_LEVEL=debug'
    })
    const targets = await targetsFor({ paths: [changed.dir], selector: deployed.selector })
    const { resources, find } = await checkTargets(targets)
    const missing = resources.filter(r => r.status === 'Missing')
    const extra = resources.filter(r => r.status === 'Extra')
    expect(missing.map(r => r.kind)).toEqual(['ConfigMap'])
    expect(extra.map(r => r.kind)).toEqual(['ConfigMap'])
    expect(missing[0]?.name).toMatch(/^prod-settings-/)
    expect(extra[0]?.name).toMatch(/^prod-settings-/)
    expect(missing[0]?.name).not.toBe(extra[0]?.name)
    // The Deployment follows the new name.
    expect(
      change(
        find('Deployment', 'prod-api'),
        '/spec/template/spec/containers/0/envFrom/0/configMapRef/name'
      )
    ).toMatchObject({ desired: missing[0]?.name, live: extra[0]?.name })
  })

  describe('rendering', () => {
    const cluster = () => Promise.reject(new Error('kustomize must not ask the cluster'))

    it('uses kubectl kustomize when kustomize is not installed, with the same objects and sources', async () => {
      const bin = mkdtempSync(path.join(tmpdir(), 'kube-drift-kubectl-only-'))
      symlinkSync(toolPath('kubectl'), path.join(bin, 'kubectl'))
      const [target] = await targetsFor({ paths: [SHOP_OVERLAY] })
      if (!target) throw new Error('no target')
      const withKustomize = await renderTarget(target, REPO, { cluster })
      const withKubectl = await renderTarget(target, REPO, { cluster, env: { PATH: bin } })
      expect(withKubectl.objects).toEqual(withKustomize.objects)
      expect(withKubectl.notes).toEqual([
        "Built with kubectl's own kustomize (`kubectl kustomize`): kustomize is not installed."
      ])
      expect(withKustomize.notes).toEqual([])
      expect(withKubectl.objects).toHaveLength(5)
      expect(JSON.stringify(withKubectl)).not.toContain('config.kubernetes.io/origin')
    })

    it('inflates helmCharts only with enableHelm', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-kustomize-helm-'))
      // kustomize reads charts only inside its root: a copy of the fixture subchart.
      cpSync(path.join(REPO, SHOP_CHART, 'charts', 'cache'), path.join(dir, 'charts', 'cache'), {
        recursive: true
      })
      writeFileSync(
        path.join(dir, 'kustomization.yaml'),
        'helmCharts:\n  - name: cache\n    releaseName: kc\n    valuesInline: { replicas: 4 }\n'
      )
      const [target] = await targetsFor({ paths: [dir] })
      if (!target) throw new Error('no target')
      await expect(renderTarget(target, REPO, { cluster })).rejects.toThrow(/--enable-helm/)
      const rendered = await renderTarget({ ...target, kustomize: { enableHelm: true } }, REPO, {
        cluster
      })
      const deployment = rendered.objects.find(o => o.object.kind === 'Deployment')
      expect(deployment?.object.metadata.name).toBe('kc-cache')
      expect(deployment?.object.spec).toMatchObject({ replicas: 4 })
    })

    it('never runs exec functions: the build fails and the function never ran', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'kube-drift-kustomize-exec-'))
      const marker = path.join(dir, 'ran')
      mkdirSync(path.join(dir, 'fn'))
      writeFileSync(path.join(dir, 'fn', 'touch.sh'), `#!/bin/sh\ntouch ${marker}\ncat\n`, {
        mode: 0o755
      })
      writeFileSync(
        path.join(dir, 'fn.yaml'),
        'apiVersion: example.com/v1\nkind: Touch\nmetadata:\n  name: touch\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./fn/touch.sh\n'
      )
      writeFileSync(
        path.join(dir, 'cm.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: "1"}\n'
      )
      writeFileSync(
        path.join(dir, 'kustomization.yaml'),
        'resources: [cm.yaml]\ntransformers: [fn.yaml]\n'
      )
      const [target] = await targetsFor({ paths: [dir] })
      if (!target) throw new Error('no target')
      await expect(renderTarget(target, REPO, { cluster })).rejects.toThrow(
        /kustomization\.yaml: kustomize build failed .*external plugins disabled/
      )
      expect(existsSync(marker)).toBe(false)
    })
  })
})
