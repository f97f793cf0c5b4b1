// A user's mistake in the arguments (not the server's answer): printed as is after `error: `, exit code 1.
export class UsageError extends Error {}
