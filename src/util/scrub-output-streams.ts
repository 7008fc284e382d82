// The log's edge: everything written to stdout and stderr — @actions/core's
// info, warning, error and group lines, the CLI's report and progress, and
// whatever a library prints — passes through the scrubber. The one exception
// is `::add-mask::`, the command that tells the runner what to mask: the
// runner consumes it and never shows it, and masked it would hide nothing.
import type { SecretScrubber } from './secret-scrubber.ts'

const ADD_MASK_COMMAND = /^::add-mask::[^\r\n]*\r?\n?$/

type Write = NodeJS.WriteStream['write']

/** Scrubs every write to the streams until the returned function is called. */
export function scrubOutputStreams(
  scrubber: SecretScrubber,
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]
): () => void {
  const restores = streams.map(stream => wrap(stream, scrubber))
  return () => {
    for (const restore of restores) restore()
  }
}

function wrap(stream: NodeJS.WriteStream, scrubber: SecretScrubber): () => void {
  const original: Write = stream.write
  const scrubbing = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    const write = original as (...args: unknown[]) => boolean
    const text = textOf(chunk, rest[0])
    if (text === undefined || ADD_MASK_COMMAND.test(text)) return write.call(stream, chunk, ...rest)
    const safe = scrubber.scrub(text)
    if (safe === text) return write.call(stream, chunk, ...rest)
    // The scrubbed text is a UTF-8 string whatever the chunk was; the callback stays.
    const callback = rest.find(arg => typeof arg === 'function')
    return callback ? write.call(stream, safe, 'utf8', callback) : write.call(stream, safe, 'utf8')
  } as Write
  stream.write = scrubbing
  return () => {
    // Only undo our own wrapper: something wrapped after us keeps its own.
    if (stream.write === scrubbing) stream.write = original
  }
}

function textOf(chunk: unknown, encoding: unknown): string | undefined {
  if (typeof chunk === 'string') {
    return typeof encoding === 'string' && Buffer.isEncoding(encoding) && encoding !== 'utf8'
      ? Buffer.from(chunk, encoding).toString('utf8')
      : chunk
  }
  if (chunk instanceof Uint8Array) {
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')
  }
  return undefined
}
