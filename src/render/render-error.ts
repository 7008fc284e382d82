// A manifest problem the user must fix, with the place to fix it: every error
// from rendering names the file (relative to the working directory) and, when
// known, the 1-based line.
export interface RenderErrorLocation {
  file: string
  line?: number
}

export class RenderError extends Error {
  readonly file: string
  readonly line: number | undefined

  constructor(message: string, location: RenderErrorLocation, options?: ErrorOptions) {
    super(message, options)
    this.name = 'RenderError'
    this.file = location.file
    this.line = location.line
  }
}

/** `deploy/api.yaml:14` or `deploy/api.yaml` when the line is unknown. */
export function formatLocation(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`
}

/** A RenderError whose message starts with the location: `deploy/api.yaml:14: <reason>`. */
export function renderErrorAt(
  file: string,
  line: number | undefined,
  reason: string,
  options?: ErrorOptions
): RenderError {
  return new RenderError(`${formatLocation(file, line)}: ${reason}`, { file, line }, options)
}
