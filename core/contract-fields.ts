// Field schemas the domains' commands share, so one limit is the same everywhere (lint checks
// runbooks against the same numbers, core/runbook/limits.ts).
import { z } from 'zod';
import { API_LIMITS } from './runbook/limits';

export const id = z.string().min(1).max(API_LIMITS.id);
export const version = z.string().min(1).max(API_LIMITS.version);
export const actor = z.string().trim().min(1).max(100);
export const text = z.string().max(20_000);
export const reason = z.string().trim().min(1).max(20_000);
export const role = z.string().trim().min(1).max(API_LIMITS.role);
export const participant = z.object({ name: actor, role }).strict();
export const empty = z.object({}).strict();
