/** A mistake in how the command was called or configured; exits with code 2. */
export class UsageError extends Error {}
