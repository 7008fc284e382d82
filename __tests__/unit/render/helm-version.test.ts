import { readFileSync } from 'node:fs'
import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Target } from '../../../src/config/target.ts'
import {
  assertSupportedHelm,
  helmVersion,
  parseHelmVersion
} from '../../../src/render/helm-version.ts'
import { renderTarget } from '../../../src/render/index.ts'
import { fakeTools } from './fake-tools.ts'

describe('helm version', () => {
  it.each([
    ['v3.21.4', 3, 21],
    ['v4.3.2\n', 4, 3],
    ['v4.3.2+g1234567', 4, 3],
    ['v4.3', 4, 3],
    ['v3.22.0-rc.1', 3, 22]
  ])('reads %j', (output, major, minor) => {
    expect(parseHelmVersion(output)).toMatchObject({ major, minor })
  })

  it('refuses output it cannot read: the struct dump of a plain `helm version`, or nothing', () => {
    expect(() => parseHelmVersion('version.BuildInfo{Version:"v3.21.4"}')).toThrow(
      /^could not read helm's version from `helm version --template \{\{.Version\}\}`: "version.BuildInfo/
    )
    expect(() => parseHelmVersion('')).toThrow(/could not read helm's version/)
  })

  it('works with Helm 3 and 4 only', () => {
    expect(assertSupportedHelm(parseHelmVersion('v3.21.4')).major).toBe(3)
    expect(assertSupportedHelm(parseHelmVersion('v4.3.2')).major).toBe(4)
    expect(() => assertSupportedHelm(parseHelmVersion('v2.17.0'))).toThrow(
      'helm v2.17.0 is not supported: kube-drift renders charts with Helm 3 or 4'
    )
    expect(() => assertSupportedHelm(parseHelmVersion('v5.0.0'))).toThrow(
      /v5\.0\.0 is not supported/
    )
  })

  it('asks the binary with --template, so both majors print the bare version', async () => {
    const helm = await scriptHelm('printf "%s\\n" "$@" > "${0%/*}/args"; printf v4.3.2')
    await expect(helmVersion(helm, {}, tmpdir())).resolves.toMatchObject({ major: 4, minor: 3 })
    expect(readFileSync(path.join(path.dirname(helm), 'args'), 'utf8')).toBe(
      'version\n--template\n{{.Version}}\n'
    )
  })

  it('a helm that fails is an error, and is asked again next time', async () => {
    const helm = await scriptHelm('echo boom >&2; exit 1')
    await expect(helmVersion(helm, {}, tmpdir())).rejects.toThrow(
      /helm version failed \(exit 1\): boom/
    )
    await writeFile(helm, '#!/bin/sh\nprintf v3.21.4\n')
    await expect(helmVersion(helm, {}, tmpdir())).resolves.toMatchObject({ major: 3 })
  })

  it('the renderer refuses an unsupported helm before rendering', async () => {
    const tools = await fakeTools(['helm'])
    await writeFile(path.join(tools.bin, 'helm.version'), 'v2.17.0')
    const chart = await mkdtemp(path.join(tmpdir(), 'kube-drift-helm2-'))
    await writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n')
    const target: Target = {
      name: 'web',
      renderer: 'helm',
      paths: [chart],
      ignore: [],
      helm: { release: 'web', values: [], set: [], includeHooks: false }
    }
    const cluster = () => Promise.reject(new Error('the cluster is not asked'))
    await expect(renderTarget(target, chart, { cluster, env: tools.env })).rejects.toThrow(
      'helm v2.17.0 is not supported: kube-drift renders charts with Helm 3 or 4'
    )
    await expect(tools.args('helm')).rejects.toThrow(/ENOENT/)
  })
})

async function scriptHelm(body: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kube-drift-helm-version-'))
  const helm = path.join(dir, 'helm')
  await writeFile(helm, `#!/bin/sh\n${body}\n`)
  await chmod(helm, 0o755)
  return helm
}
