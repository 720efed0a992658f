// The SSH part of the contract: the inventory for the start form, and the commander's answers
// to a run's connections. core/api.ts joins it.
import { z } from 'zod';
import { empty, id } from '../../contract-fields';
import type { InventoryView } from '../../inventory/inventory-contract';
import type { Prompt } from './prompt-contract';

export const sshCommands = {
  /** Hosts of <data dir>/inventory.yaml (+ ~/.ssh/config) to bind roles to, and the file's errors. */
  getInventory: empty,
  /** Questions from SSH connections (unknown host key, key passphrase) still waiting for an answer. */
  listPrompts: empty,
  /** Answer a `prompt` event: accept a host key, or give (accept: false = refuse) a passphrase. */
  answerPrompt: z.object({ promptId: id, accept: z.boolean().optional(), passphrase: z.string().max(4096).optional() }).strict(),
} as const;

export interface SshOutputs {
  getInventory: InventoryView;
  listPrompts: Prompt[];
  answerPrompt: { promptId: string };
}
