// The bar every corpus app is held to, one test per app, deployment and mode:
// 0 false drift clean, 100 % of the edits found, ≥ 95 % attributed to the right
// manager, and nothing reported after the edits that no edit explains.
import { DEPLOYER_LABELS, type CorpusApp } from './corpus-app.ts'
import { CORPUS_MODES, type Row } from './run-corpus.ts'

export const MIN_EDITS = 20
export const MIN_ATTRIBUTED = 0.95

export function corpusSuite(app: CorpusApp, rowsOf: () => Row[]): void {
  describe(`corpus app ${app.name} (${app.source})`, () => {
    it(`has at least ${MIN_EDITS} hand edits, each with what kube-drift must report`, () => {
      expect(app.edits.length).toBeGreaterThanOrEqual(MIN_EDITS)
      for (const edit of app.edits) expect(edit.expect.length).toBeGreaterThan(0)
    })

    for (const deployer of app.deployers) {
      for (const mode of CORPUS_MODES) {
        it(`${DEPLOYER_LABELS[deployer]}, ${mode}: clean, then every edit found and attributed`, () => {
          const row = rowsOf().find(
            r => r.app === app.name && r.deployer === deployer && r.mode === mode
          )
          expect(row).toBeDefined()
          if (!row) return
          expect(row.resources).toBeGreaterThan(0)
          expect({
            falseDrift: row.falseDrift,
            missed: row.missed,
            noiseAfterEdits: row.noise
          }).toEqual({ falseDrift: [], missed: [], noiseAfterEdits: [] })
          expect(row.found).toBe(row.edits)
          const ratio = row.attributable === 0 ? 1 : row.attributed / row.attributable
          if (ratio < MIN_ATTRIBUTED) {
            throw new Error(
              `${row.attributed}/${row.attributable} edits attributed to the right manager, below ${MIN_ATTRIBUTED * 100} %:\n${row.misattributed.join('\n')}`
            )
          }
        })
      }
    }
  })
}
