// Helm sources against the real control plane: the fixture chart (helpers, a
// values override, a CRD in crds/, a hook, a subchart, a template that needs the
// cluster's API versions and one that prints its Kubernetes version) deployed
// with `helm install`, then compared with kube-drift's helm renderer.
import { kubectl, helm, verdicts } from './harness.ts'
import {
  MODES,
  REPO,
  SHOP_CHART,
  SHOP_VALUES,
  change,
  checkTargets,
  installShop,
  targetsFor,
  usePinnedTools
} from './renderers-harness.ts'
import path from 'node:path'
import { helmUnderTest } from './helm-under-test.ts'

usePinnedTools()

function shopTargets(namespace: string) {
  return targetsFor({
    paths: [SHOP_CHART],
    namespace,
    helmRelease: 'shop',
    helmValues: [SHOP_VALUES]
  })
}

describe('helm renderer against helm install', () => {
  it('shows no false drift: every mode, every object of the chart and its subchart, hooks left out and counted', async () => {
    const { namespace } = installShop('rh-sync')
    // helm install adds its release metadata; helm template does not: it must not be drift.
    const live = JSON.parse(kubectl(['-n', namespace, 'get', 'deployment/shop-shop', '-o', 'json']))
    expect(live.metadata.annotations['meta.helm.sh/release-name']).toBe('shop')
    const targets = await shopTargets(namespace)
    expect(targets.map(t => t.renderer)).toEqual(['helm'])

    for (const mode of MODES) {
      const { report, resources, find } = await checkTargets(targets, mode)
      expect({
        mode: mode.name,
        notInSync: verdicts(resources.filter(r => r.status !== 'InSync'))
      }).toEqual({
        mode: mode.name,
        notInSync: []
      })
      expect(resources.map(r => `${r.kind}/${r.name}`).sort()).toEqual([
        'ConfigMap/shop-shop-settings',
        'CustomResourceDefinition/widgets.shop.renderers.drift.test',
        'Deployment/shop-cache',
        'Deployment/shop-shop',
        'Service/shop-cache',
        'Service/shop-shop',
        // rendered only because the cluster's API versions were passed to helm template
        'Widget/shop-shop'
      ])
      const target = report.targets[0]
      expect(target?.notes.join('\n')).toContain(
        'Left out 1 Helm hook(s) (helm.sh/hook): helm does not keep them in the release. ConfigMap shop-shop-installed (post-install,post-upgrade)'
      )
      if (mode.context === 'reader') {
        expect(resources.every(r => r.method === 'local')).toBe(true)
      } else if (!mode.fastPath) {
        expect(resources.every(r => r.method === 'server')).toBe(true)
        expect(target?.comparison).toBe('server')
      }
      // Each object points at the chart file that wrote it.
      expect(find('Deployment', 'shop-shop').source).toEqual({
        file: `${SHOP_CHART}/templates/deployment.yaml`,
        line: 1,
        template: 'shop/templates/deployment.yaml'
      })
      expect(find('Deployment', 'shop-cache').source).toEqual({
        file: `${SHOP_CHART}/charts/cache/templates/cache.yaml`,
        line: 1,
        template: 'shop/charts/cache/templates/cache.yaml'
      })
      expect(find('Service', 'shop-cache').source?.line).toBe(25)
      expect(find('Widget', 'shop-shop').source?.line).toBe(3)
      expect(find('CustomResourceDefinition', 'widgets.shop.renderers.drift.test').source).toEqual({
        file: `${SHOP_CHART}/crds/widget.yaml`,
        line: 1,
        template: 'shop/crds/widget.yaml'
      })
    }
  })

  it('finds catalogue B changes in a release: scale, image, env added by hand, ConfigMap key, deleted → Missing, tracked → Extra', async () => {
    const { namespace } = installShop('rh-drift')
    kubectl(['-n', namespace, 'scale', 'deployment/shop-shop', '--replicas=5'])
    kubectl([
      '-n',
      namespace,
      'set',
      'image',
      'deployment/shop-cache',
      'cache=registry.example.com/cache:8'
    ])
    kubectl([
      '-n',
      namespace,
      'patch',
      'deployment/shop-shop',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"DEBUG","value":"1"}]}]}}}}'
    ])
    kubectl([
      '-n',
      namespace,
      'patch',
      'configmap/shop-shop-settings',
      '--type=merge',
      '-p',
      '{"data":{"LOG_LEVEL":"debug"}}'
    ])
    kubectl(['-n', namespace, 'delete', 'service/shop-cache'])
    // Made by hand to look like part of the release: Extra. Another release's, or the
    // same release name's in another namespace, are not ours.
    for (const [name, release, releaseNamespace] of [
      ['hotfix', 'shop', namespace],
      ['other-release', 'not-shop', namespace],
      ['other-namespace', 'shop', 'elsewhere']
    ] as const) {
      kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name,
            namespace,
            labels: { 'app.kubernetes.io/managed-by': 'Helm' },
            annotations: {
              'meta.helm.sh/release-name': release,
              'meta.helm.sh/release-namespace': releaseNamespace
            }
          },
          data: { FLAG: 'on' }
        })
      })
    }
    const targets = await shopTargets(namespace)
    for (const context of ['differ', 'reader'] as const) {
      const { find, resources } = await checkTargets(targets, { context })
      expect(change(find('Deployment', 'shop-shop'), '/spec/replicas')).toMatchObject({
        reason: 'changed',
        desired: 3,
        live: 5,
        manager: 'kubectl',
        subresource: 'scale'
      })
      expect(
        change(find('Deployment', 'shop-cache'), '/spec/template/spec/containers/0/image')
      ).toMatchObject({
        desired: 'registry.example.com/cache:7',
        live: 'registry.example.com/cache:8',
        manager: 'kubectl-set'
      })
      const added = find('Deployment', 'shop-shop').changes.filter(
        c => c.reason === 'added-out-of-band'
      )
      expect(added).toMatchObject([
        { live: { name: 'DEBUG', value: '1' }, manager: 'kubectl-patch' }
      ])
      expect(change(find('ConfigMap', 'shop-shop-settings'), '/data/LOG_LEVEL')).toMatchObject({
        desired: 'warn',
        live: 'debug',
        manager: 'kubectl-patch'
      })
      expect(find('Service', 'shop-cache').status).toBe('Missing')
      const extra = resources.filter(r => r.status === 'Extra')
      expect(extra.map(r => `${r.kind}/${r.name}`)).toEqual(['ConfigMap/hotfix'])
      expect(find('Service', 'shop-shop').status).toBe('InSync')
      expect(find('Widget', 'shop-shop').status).toBe('InSync')
    }
  })

  it('finds helm upgrade --set made outside Git as drift, attributed to helm', async () => {
    const { namespace, release } = installShop('rh-upgrade')
    helm([
      'upgrade',
      release,
      path.join(REPO, SHOP_CHART),
      '--namespace',
      namespace,
      '--values',
      path.join(REPO, SHOP_VALUES),
      '--set',
      'replicaCount=5',
      '--set',
      'config.LOG_LEVEL=debug'
    ])
    const targets = await shopTargets(namespace)
    for (const mode of MODES) {
      const { resources, find } = await checkTargets(targets, mode)
      expect(change(find('Deployment', 'shop-shop'), '/spec/replicas')).toMatchObject({
        reason: 'changed',
        desired: 3,
        live: 5,
        manager: 'helm',
        // Helm 4 upgrades server-side (--server-side=auto follows the install), Helm 3 updates.
        operation: helmUnderTest().operation
      })
      expect(change(find('ConfigMap', 'shop-shop-settings'), '/data/LOG_LEVEL')).toMatchObject({
        desired: 'warn',
        live: 'debug',
        manager: 'helm'
      })
      expect(
        verdicts(resources.filter(r => r.status !== 'InSync'))
          .map(v => v.split(':')[0])
          .sort()
      ).toEqual(['ConfigMap/shop-shop-settings', 'Deployment/shop-shop'])
    }
  })

  it('renders with a values file missing from the target as an error naming the file', async () => {
    await expect(
      targetsFor({ paths: [SHOP_CHART], namespace: 'x', helmValues: ['nope.yaml'] }).then(t =>
        checkTargets(t)
      )
    ).rejects.toThrow('nope.yaml: values file of target "__tests__/fixtures/charts/shop" not found')
  })
})
