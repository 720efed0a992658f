// Sizes the rest of the app holds a runbook to. API_LIMITS are what core/api.ts accepts in a
// command: a runbook whose id, version, default or role is longer could be listed but never run
// or signed, so lint refuses it. The api schemas are built from the same numbers.

export const API_LIMITS = {
  /** Runbook ids, step ids, run ids in commands. */
  id: 200,
  version: 100,
  /** A participant's role (what a gate names) and a host role in bindings. */
  role: 100,
  /** A parameter value given at start (the start form sends defaults as values). */
  paramValue: 10_000,
} as const;

/**
 * Step ids name evidence files `<step>-<host>-<attempt>.log`; 100 leaves room for a host name
 * of 140 bytes within the 255-byte file name limit of common file systems.
 */
export const MAX_STEP_ID = 100;

/** `is 201 characters long; the app takes at most 200` */
export const tooLong = (length: number, max: number) => `is ${length} characters long; the app takes at most ${max}`;
