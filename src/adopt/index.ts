// `kube-drift adopt`: accept drift into Git. Detect, turn each selected drifted
// field into an edit of its source file (or a kustomize overlay patch, or a Helm
// values suggestion), write (unless asked not to), check again.
import type { AdoptOptions, AdoptOutcome } from './types.ts'

export type * from './types.ts'

export async function runAdopt(options: AdoptOptions): Promise<AdoptOutcome[]> {
  void options
  throw new Error('adopt: not implemented yet')
}
