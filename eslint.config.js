import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const labsDir = resolve(dirname(fileURLToPath(import.meta.url)), 'src/labs');

/** `{ lab, rest }` for a path inside a lab's folder, src/labs/<lab>/, else null. */
function labPath(path) {
  const [lab, ...rest] = relative(labsDir, path).split(sep);
  if (!lab || lab === '..' || rest.length === 0) return null;
  return { lab, rest: rest.join('/') };
}

/**
 * A lab core's public entries: its index, and its challenge definitions (a second entry of their
 * own, so a bundle that needs the lab's functions, such as the sandbox client, does not carry
 * every challenge: the top-level defineChallenge calls are not tree-shaken away).
 */
const PUBLIC_CORE_ENTRIES = new Set(['core/index', 'core/challenges']);

/**
 * Code outside a lab (another lab, the app, the CLI, the catalogue src/labs/challenges.ts) reaches
 * a lab's core only through its public entries (PUBLIC_CORE_ENTRIES), as noble-hashes keeps
 * `_`-prefixed internals: `../randomness/core`, never `../randomness/core/mt-clone`. `allow` lists
 * reaches still pending a move, as 'from -> other/core/module', where `from` is the lab's name or
 * `outside` for code that belongs to no lab.
 */
const labBoundary = {
  meta: {
    type: 'problem',
    schema: [
      { type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } } },
    ],
    messages: {
      deep: "{{from}} reaches into the {{other}} lab's core ({{module}}): import '{{index}}', its index, and export what it needs there.",
    },
  },
  create(context) {
    const from = labPath(context.filename) ?? { lab: 'outside', rest: '' };
    const allowed = new Set(context.options[0]?.allow ?? []);
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const to = labPath(resolve(dirname(context.filename), source.value));
      if (!to || to.lab === from.lab || !to.rest.startsWith('core/')) return;
      const module = to.rest.replace(/\.(ts|tsx|js)$/, '');
      if (PUBLIC_CORE_ENTRIES.has(module) || allowed.has(`${from.lab} -> ${to.lab}/${module}`))
        return;
      const index = source.value.slice(0, source.value.lastIndexOf('/core/') + '/core'.length);
      context.report({
        node: source,
        messageId: 'deep',
        data: {
          from: from.lab === 'outside' ? 'This file' : `The ${from.lab} lab`,
          other: to.lab,
          module: `${to.lab}/${module}`,
          index,
        },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

// Globals a core/ module must not touch: core runs in the page, in workers, in Node and in the CLI.
const pageOnlyGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'self',
  'postMessage',
  'importScripts',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'process',
  'require',
].map((name) => ({ name, message: 'core/ is framework-free: pass it in as an argument instead.' }));

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-cli',
      'dist-bench',
      'dist-single',
      'node_modules',
      'playwright-report',
      'test-results',
      'coverage',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    // Tests are white-box: a cross-lab test (src/labs/labs.test.ts) may check internals.
    ignores: ['**/*.test.ts'],
    plugins: { labs: { rules: { boundary: labBoundary } } },
    rules: {
      'labs/boundary': [
        'error',
        {
          // The Python audit hook serves the CLI's isolated child and the page's Python sandbox;
          // it moves to a shared core once the other labs' Python sessions use it (issue 17).
          allow: ['outside -> untrusted-data/core/python/audit-hook'],
        },
      ],
    },
  },
  {
    // Numbers are written by src/core/number-format.ts: the first Intl use in a page loads ICU's
    // data on the main thread (70–350 ms at 4× CPU slowdown, inside the task that opens a lab).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='toLocaleString']",
          message: 'Use formatNumber from src/core/number-format.ts: toLocaleString loads ICU.',
        },
        {
          selector: "MemberExpression[object.name='Intl']",
          message:
            'Use src/core/number-format.ts: the first Intl use loads ICU on the main thread.',
        },
      ],
    },
  },
  {
    // The dependency rule (STYLE.md): core/ is pure TypeScript, no React, no DOM, no node: imports.
    files: ['src/core/**/*.ts', 'src/labs/*/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react-dom',
                'react/*',
                'react-dom/*',
                'monaco-editor',
                'monaco-editor/*',
              ],
              message: 'core/ must not depend on UI libraries.',
            },
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'],
              message: 'core/ must run in the browser too: no Node built-ins.',
            },
            {
              group: [
                '**/ui/**',
                '**/app/**',
                '**/platform/**',
                '**/cli/**',
                '*.tsx',
                '**/*.tsx',
                '**/*.worker',
                '**/*.worker.ts',
              ],
              message: 'core/ may import only other core/ modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...pageOnlyGlobals],
    },
  },
);
