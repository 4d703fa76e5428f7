// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The engine and the other pure layers must not reach the terminal, the file system or the UI:
// they are tested without a terminal and reused by every command.
const pureLayerImports = {
  patterns: [
    { group: ['ink', 'ink/*', 'react', 'react/*', 'node:*', 'fs', 'path', 'process', 'os'], message: 'Pure layers take no UI or I/O imports.' },
    { group: ['**/ui/*', '**/commands/*', '**/store/*'], message: 'Pure layers do not depend on the UI, commands or store.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/engine/**', 'src/exercise/**', 'src/check/**', 'src/verify/**', 'src/render/**', 'src/authoring/**'],
    rules: {
      'no-restricted-imports': ['error', pureLayerImports],
      'no-restricted-globals': ['error', { name: 'process', message: 'Pure layers do not touch process.' }],
    },
  },
  {
    files: ['scripts/**', 'bench/**', '*.js', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
