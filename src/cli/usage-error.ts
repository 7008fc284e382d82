/** A mistake in the command line: the entry point prints the usage after it. */
export class UsageError extends Error {}
