// The one typed client the UI talks through. Which host is behind the bridge (Electron preload
// or the WebSocket server) is invisible here: both speak core/api.ts's Response shape.
import type { Api, Bridge, CommandName, CommandOutputs, EngineEvent } from '../../core/api';

export type ApiClient = Api & {
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** When the oldest quick request still waiting for its answer was sent (undefined: none waits). */
  onWaiting?(listener: (since: number | undefined) => void): () => void;
};

// Commands that may take long by nature (PDFs, S3, imports, keys, the register over every run):
// their wait says nothing about whether the engine is stuck, so only the others are watched.
const LONG = new Set<CommandName>([
  'previewReport',
  'exportReport',
  'verifyRunReport',
  'printChecklist',
  'previewImport',
  'saveImport',
  's3TestConnection',
  'libraryPull',
  'libraryPush',
  'archiveRun',
  'syncTeamRuns',
  'initKeys',
  'getRegister',
  'getHistory',
  'getControls',
]);

/** Thrown for ok:false replies; `code` lets callers tell "invalid_state" from a real failure. */
export class ServerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

// Kept as a literal list (not Object.keys(commandInputs)) so the bundle never pulls in zod;
// the `satisfies` makes the compiler fail when the contract gains a command we do not expose.
const methods = [
  'listRunbooks',
  'getRunbook',
  'lintDraft',
  'saveVersion',
  'listRuns',
  'getRun',
  'startRun',
  'completeStep',
  'skipStep',
  'reopenStep',
  'overrideStep',
  'addNote',
  'signGate',
  'addParticipant',
  'endRun',
  'getClock',
  'runStep',
  'cancelStep',
  'checkRun',
  'getStepOutput',
  'getInventory',
  'listPrompts',
  'answerPrompt',
  'getSettings',
  'updateSettings',
  'setS3Credentials',
  'clearS3Credentials',
  'getS3Credentials',
  's3TestConnection',
  'libraryPull',
  'libraryPush',
  'librarySyncStatus',
  'archiveRun',
  'archiveQueue',
  'keysStatus',
  'initKeys',
  'previewReport',
  'exportReport',
  'verifyRunReport',
  'previewImport',
  'saveImport',
  'diffRunbooks',
  'printChecklist',
  'getRegister',
  'getHistory',
  'getControls',
  'syncTeamRuns',
] as const satisfies readonly CommandName[];
type Missing = Exclude<CommandName, (typeof methods)[number]>;
const everyCommandListed: [Missing] extends [never] ? true : Missing = true;
void everyCommandListed;

export function createApiClient(bridge: Bridge, now: () => number = Date.now): ApiClient {
  const waiting = new Map<number, number>();
  const watchers = new Set<(since: number | undefined) => void>();
  let nextId = 0;
  const changed = () => {
    const since = waiting.size ? Math.min(...waiting.values()) : undefined;
    watchers.forEach((l) => l(since));
  };
  const call = async <K extends CommandName>(method: K, params: unknown): Promise<CommandOutputs[K]> => {
    const id = LONG.has(method) ? undefined : nextId++;
    if (id !== undefined) {
      waiting.set(id, now());
      changed();
    }
    try {
      const res = await bridge.invoke(method, params);
      if (!res.ok) throw new ServerError(res.error.code, res.error.message);
      return res.result as CommandOutputs[K];
    } finally {
      if (id !== undefined) {
        waiting.delete(id);
        changed();
      }
    }
  };
  const api = Object.fromEntries(methods.map((m) => [m, (input: unknown) => call(m, input)])) as unknown as Api;
  return Object.assign(api, {
    onEvent: (l: (e: EngineEvent) => void) => bridge.onEvent(l),
    onWaiting: (l: (since: number | undefined) => void) => {
      watchers.add(l);
      return () => watchers.delete(l);
    },
  });
}
