// Screen-level state: where we are, whether the host is reachable, the open dialog, the error
// banner, and the keyboard-focused step. Nothing here is persisted; the hash is the memory.
import type { ConnectionStatus } from '../api/ws.bridge';
import { parseHash, type Route } from '../router';
import type { SliceCreator } from './types';

/**
 * `reopen` asks the reason for an undo (then: 'complete' ticks a skipped manual step after it);
 * `override` closes an executed step without a successful attempt, with a reason.
 */
export type Dialog =
  | { kind: 'note' | 'skip' | 'sign' | 'override'; stepId: string }
  | { kind: 'reopen'; stepId: string; then?: 'complete' }
  | { kind: 'actor' }
  | { kind: 'end'; runId: string };

export type StepDialogKind = 'note' | 'skip' | 'sign' | 'override' | 'reopen';

export interface UiSlice {
  route: Route;
  connection: ConnectionStatus;
  /** When the oldest quick request still unanswered by the engine was sent. */
  waitingSince?: number;
  error?: string;
  dialog?: Dialog;
  focusedStep?: string;
  setRoute(route: Route): void;
  setConnection(s: ConnectionStatus): void;
  showError(message: string): void;
  clearError(): void;
  openDialog(d: Dialog): void;
  closeDialog(): void;
  focusStep(stepId: string | undefined): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  route: typeof window === 'undefined' ? { name: 'library' } : parseHash(window.location.hash),
  connection: 'connecting',
  // A step dialog belongs to its screen; the name prompt survives navigation.
  setRoute: (route) => set((s) => ({ route, dialog: s.dialog?.kind === 'actor' ? s.dialog : undefined, error: undefined })),
  setConnection: (connection) => set({ connection }),
  showError: (error) => set({ error }),
  clearError: () => set({ error: undefined }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: undefined }),
  focusStep: (focusedStep) => set({ focusedStep }),
});
