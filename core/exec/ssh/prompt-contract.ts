// The questions an SSH connection of a run may put to the commander, as the UI receives them
// (EngineEvent `prompt`, command `listPrompts`) and answers them (command `answerPrompt`).
// No Node imports: the renderer uses these types too.

export type PromptKind = 'host-key' | 'passphrase';

export interface Prompt {
  promptId: string;
  kind: PromptKind;
  runId: string;
  /** Inventory name of the host being connected to (a jump host, when it is the one asking). */
  host: string;
  /** host-key: `SHA256:...`, as `ssh-keygen -lf` prints it. */
  fingerprint?: string;
  /** host-key: `ssh-ed25519`, ... */
  keyType?: string;
  /** host-key: `address:port` as connected to. */
  address?: string;
  /** passphrase: the encrypted key file. */
  keyPath?: string;
  /** passphrase: the previous passphrase for this key was wrong. */
  wrong?: boolean;
  /** Unanswered by then, the question is refused (the step fails with a clear reason). */
  expiresAt: string;
}

/** Why a prompt went away: answered (here or in another window), timed out, or its run closed. */
export type PromptClosedReason = 'answered' | 'timeout' | 'cancelled';
