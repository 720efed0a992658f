// Where the app writes runbook versions: <dataDir>/library, as `<id>/<id>-<version>.md`, the
// layout `library push` publishes and `library pull` mirrors, and where imported drafts go too.
// Bundled runbooks may sit in a read-only place, so a new version of one is written here as well.
import path from 'node:path';

export const userRunbooksDir = (dataDir: string): string => path.join(dataDir, 'library');

export const versionFile = (dir: string, id: string, version: string): string => path.join(dir, id, `${id}-${version}.md`);
