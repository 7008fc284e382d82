// Prints one plain closing line, "N passed, N failed, N skipped", that CI reads
// to know how many tests really ran (Jest's own summary is not in that form).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`
    process.stdout.write(`\n${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`)
  }
}
module.exports = SummaryReporter
