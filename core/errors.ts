// The one error type that crosses the contract: a code hosts pass on, a message for people.
// A leaf: every domain throws it without importing the contract.
export class ApiError extends Error {
  constructor(
    /** unavailable: an optional remote (S3) could not be used; the rest of the app is fine. */
    readonly code: 'bad_request' | 'not_found' | 'conflict' | 'invalid_state' | 'unavailable' | 'internal',
    message: string,
    /** Each problem on its own (the message joins them): the CLI prints one per line. */
    readonly details?: string[],
  ) {
    super(message);
  }
}
