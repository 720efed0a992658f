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

// What one runbook file may be before the parser refuses to read it: markdown and YAML parsing
// is super-linear on some inputs (emphasis runs, deep nesting, aliases), and the library parses
// every file on every listing.
export const MAX_FILE_BYTES = 1024 * 1024;
/** Largest HTML document the importer reads (exports carry markup and styles); markdown stops at MAX_FILE_BYTES, as runbooks do. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** Leading indentation plus list and quote markers of a line: about 100 levels of nesting. */
export const MAX_PREFIX_COLUMNS = 200;
/** Errors (and warnings) listed per file; the rest are counted. */
export const MAX_ERRORS = 100;
/** Flow collections (`[`, `{`) inside YAML. */
export const MAX_YAML_DEPTH = 64;
/** Alias (`*name`) expansions per YAML snippet: the yaml library's own default. */
export const MAX_YAML_ALIASES = 100;
