// inventory.yaml as written. `s3:` belongs to the S3 layer and passes through unchecked here.
import { z } from 'zod';

export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const inventoryHostSchema = z.strictObject({
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1),
  identity: oneOrMany.optional(),
  jump: oneOrMany.optional(),
  groups: z.array(z.string().regex(HOST_NAME, 'a group name is letters, digits, ".", "_" or "-"')).optional(),
});

export const inventoryFileSchema = z.strictObject({
  hosts: z.record(z.string().regex(HOST_NAME, 'a host name is letters, digits, ".", "_" or "-"'), inventoryHostSchema).optional(),
  known_hosts: z.string().min(1).optional(),
  s3: z.unknown().optional(),
});

export type InventoryFile = z.infer<typeof inventoryFileSchema>;
export const HOST_KEYS = Object.keys(inventoryHostSchema.shape);
export const TOP_KEYS = Object.keys(inventoryFileSchema.shape);

/**
 * After the parser's words on a YAML syntax error in the file (both readers of it, this one and
 * core/s3/config.ts, give only the first): where a one-character typo usually is, and that
 * nothing else was checked.
 */
export const YAML_SYNTAX_HINT =
  '(check the indentation, and the space after each ":", on this line and the one above; nothing else in the file was checked)';
