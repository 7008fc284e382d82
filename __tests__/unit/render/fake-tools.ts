// Stand-ins for helm, kustomize and kubectl in unit tests: each records its
// arguments (one per line) and answers with what the test prepared: stdout,
// stderr and an exit code. They run with PATH holding only their folder, so
// they use no other command. With echoBuilt, kustomize also prints the
// kustomization it was asked to build on stderr, as its errors quote it.
// `<tool> version --template …` answers <tool>.version (default v3.21.4) and is
// not recorded, so a renderer's version check leaves the recorded run alone.
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface FakeTools {
  /** the folder to use as PATH */
  bin: string
  env: { PATH: string }
  /** what `tool` answers next */
  answer: (
    tool: string,
    answer: { stdout?: string; stderr?: string; code?: number; echoBuilt?: boolean }
  ) => Promise<void>
  /** the arguments of `tool`'s last run */
  args: (tool: string) => Promise<string[]>
  /** the kustomization the last kustomize run built (the wrapper's), if any */
  built: (tool: string) => Promise<string>
}

const SCRIPT = `#!/bin/sh
d="\${0%/*}"
t="\${0##*/}"
if [ "$1" = version ] && [ "$2" = --template ]; then
  if [ -f "$d/$t.version" ]; then /bin/cat "$d/$t.version"; else printf v3.21.4; fi
  exit 0
fi
for a in "$@"; do printf '%s\\n' "$a"; done > "$d/$t.args"
for a in "$@"; do
  if [ -f "$a/kustomization.yaml" ]; then
    /bin/cat "$a/kustomization.yaml" > "$d/$t.built"
    if [ -f "$d/$t.echo" ]; then /bin/cat "$a/kustomization.yaml" >&2; fi
  fi
done
if [ -f "$d/$t.stderr" ]; then /bin/cat "$d/$t.stderr" >&2; fi
if [ -f "$d/$t.stdout" ]; then /bin/cat "$d/$t.stdout"; fi
if [ -f "$d/$t.code" ]; then exit "$(/bin/cat "$d/$t.code")"; fi
exit 0
`

export async function fakeTools(tools: string[]): Promise<FakeTools> {
  const bin = await mkdtemp(path.join(tmpdir(), 'kube-drift-fake-tools-'))
  for (const tool of tools) {
    await writeFile(path.join(bin, tool), SCRIPT)
    await chmod(path.join(bin, tool), 0o755)
  }
  return {
    bin,
    env: { PATH: bin },
    answer: async (tool, { stdout = '', stderr = '', code = 0, echoBuilt = false }) => {
      if (echoBuilt) await writeFile(path.join(bin, `${tool}.echo`), '')
      await writeFile(path.join(bin, `${tool}.stdout`), stdout)
      await writeFile(path.join(bin, `${tool}.stderr`), stderr)
      await writeFile(path.join(bin, `${tool}.code`), String(code))
    },
    args: async tool =>
      (await readFile(path.join(bin, `${tool}.args`), 'utf8')).split('\n').slice(0, -1),
    built: tool => readFile(path.join(bin, `${tool}.built`), 'utf8')
  }
}
