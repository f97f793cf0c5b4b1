// Lint: typescript-eslint's recommended rules plus the k8ts layering rule (DESIGN.md §7).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersRule } from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'src/dashboard/ui/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { k8ts: { rules: { layers: layersRule } } },
    rules: {
      'k8ts/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
