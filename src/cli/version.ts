// The package's version, for `kube-drift --version`. esbuild inlines package.json
// into the bundle, so the installed CLI needs no file beside it to know its version.
import packageJson from '../../package.json' with { type: 'json' }

export const VERSION: string = packageJson.version
