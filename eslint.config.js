import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
                'recharts',
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
