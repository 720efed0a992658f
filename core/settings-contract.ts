// The settings part of the contract. core/api.ts joins it; core/settings.ts reads each field
// through these same schemas.
import { z } from 'zod';
import { empty } from './contract-fields';
import { s3SettingsSchema, type S3Settings } from './s3/settings-schema';

export const settingsCommands = {
  getSettings: empty,
  updateSettings: z
    .object({
      actor: z.string().trim().max(100).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
      /** The whole `s3:` block (replaced, not merged); null removes it. Keys: setS3Credentials. */
      s3: s3SettingsSchema.nullable().optional(),
    })
    .strict(),
} as const;

export interface Settings {
  /** The name recorded as actor on this machine's events. */
  actor: string;
  theme: 'system' | 'light' | 'dark';
  /** The non-secret `s3:` block; absent when S3 is not set up (the app works without it). */
  s3?: S3Settings;
}
export const defaultSettings: Settings = { actor: '', theme: 'system' };

export interface SettingsOutputs {
  getSettings: Settings;
  updateSettings: Settings;
}
