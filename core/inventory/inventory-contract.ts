// What the UI sees of the inventory (command `getInventory`): host names to bind roles to, and
// the file's problems as `file:line:col: message`. No Node imports: the renderer uses it too.

export interface InventoryHostView {
  name: string;
  address: string;
  port: number;
  user: string;
  groups: string[];
  /** `inventory.yaml:4:3` or `~/.ssh/config`. */
  origin: string;
}

export interface InventoryView {
  /** The inventory file the engine reads (it may not exist: then only ~/.ssh/config hosts). */
  file: string;
  hosts: InventoryHostView[];
  /** Non-empty when the file is invalid; `hosts` is then empty. */
  errors: string[];
  warnings: string[];
}
