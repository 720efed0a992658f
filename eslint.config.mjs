// Lint for the layering (docs/ARCHITECTURE.md: which folder may import which), import cycles in
// the engine, and React's hook rules. `npm test` runs it with zero warnings allowed;
// test/unit/boundaries/layering.test.ts proves each layering rule reports a deliberate violation.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Import patterns a folder may not use, each with the reason shown to whoever breaks it. */
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
});
const HOSTS = [
  ['**/host/**', '**/electron/**', '**/cli/**', '**/renderer/**'],
  'core/ is the engine: it never imports a host, the CLI or the renderer.',
];
const CONTRACT = [
  ['**/api', './api', '../api', '../../api'],
  'Inside core/, only the engine imports core/api.ts (it joins the domains); use core/errors.ts, core/engine-events.ts or a *-contract module.',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tmp/', 'out/', 'test/fixtures/', 'test/unit/boundaries/layering-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,cjs,js}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      // import-x parses the files an import leads to (for no-cycle) with this parser, not espree.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      // The house style: `cond && act()` and `a ? b() : c()` as statements; `_name` for what a
      // destructuring or a signature must name but does not use.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  { files: ['core/**/*.ts'], ignores: ['core/engine.ts'], rules: forbid(HOSTS, CONTRACT) },
  { files: ['core/engine.ts'], rules: forbid(HOSTS) },
  // The fixtures folder carries a deliberate cycle, so the test can show the rule fires.
  {
    files: ['core/**/*.ts', 'test/unit/boundaries/layering-fixtures/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['host/**/*.ts'],
    rules: forbid([
      ['**/electron/**', '**/cli/**', '**/renderer/**'],
      'The browser host is thin: it serves core/ and imports no other host, the CLI or the renderer.',
    ]),
  },
  {
    files: ['electron/**/*.ts'],
    rules: forbid([
      ['**/host/**', '**/cli/**', '**/renderer/**'],
      'The desktop host is thin: it serves core/ and imports no other host, the CLI or the renderer.',
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        [['node:*', 'fs', 'path', 'child_process', 'crypto', 'os'], 'The renderer runs in a browser: no Node modules.'],
        [['**/host/**', '**/electron/**', '**/cli/**'], 'The renderer talks to the engine only through core/api.ts.'],
      ),
    },
  },
);
