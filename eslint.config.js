// @ts-check
// Lint: the recommended rules, and the layer matrix of docs/architecture.md enforced on imports.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// The engine and the other pure layers must not reach the terminal, the file system or the UI:
// they are tested without a terminal and reused by every command.
const pureLayerImports = {
  patterns: [
    {
      group: ['node:*', 'fs', 'path', 'process', 'os'],
      message: 'Pure layers take no UI or I/O imports.',
    },
  ],
};

// The layer matrix: each folder of src/ and the folders it may import from. A folder never imports
// from one above it, so there is no folder cycle. render sits lowest of the middle four because
// judge's hints and verify's explanations print numbers and expressions the way render does;
// authoring sits above judge and verify because linting an exercise runs them. docs/architecture.md
// explains each row.
export const LAYERS = {
  engine: [],
  exercise: ['engine'],
  render: ['engine', 'exercise'],
  judge: ['engine', 'exercise', 'render'],
  verify: ['engine', 'exercise', 'render'],
  authoring: ['engine', 'exercise', 'render', 'judge', 'verify'],
  store: ['engine', 'exercise'],
  ui: ['engine', 'exercise', 'render', 'judge', 'verify', 'authoring', 'store'],
  commands: ['engine', 'exercise', 'render', 'judge', 'verify', 'authoring', 'store', 'ui'],
  cli: ['engine', 'exercise', 'render', 'judge', 'verify', 'authoring', 'store', 'ui', 'commands'],
};

// A folder of src/ is its layer; the files directly in src/ (cli.ts, bin.ts) are the cli layer.
const layerElements = [
  ...Object.keys(LAYERS)
    .filter((l) => l !== 'cli')
    .map((type) => ({ type, pattern: `src/${type}`, partialMatch: false })),
  { type: 'cli', pattern: 'src', partialMatch: false },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'vitest.unit.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Every command has the one signature (argv, io) => Promise<number>, so the CLI awaits them
      // all alike; a command that happens to do no asynchronous work is still async.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layerElements,
      'boundaries/include': ['src/**/*'],
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            'the layer "{{from.type}}" may not import from "{{to.type}}" (layers: docs/architecture.md)',
          policies: Object.entries(LAYERS).map(([from, to]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
          })),
        },
      ],
    },
  },
  {
    files: [
      'src/engine/**',
      'src/exercise/**',
      'src/judge/**',
      'src/verify/**',
      'src/render/**',
      'src/authoring/**',
    ],
    rules: {
      'no-restricted-imports': ['error', pureLayerImports],
      'no-restricted-globals': ['error', { name: 'process', message: 'Pure layers do not touch process.' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['scripts/**', 'bench/**', '*.js', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
