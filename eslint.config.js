import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { layerConfigs } from './eslint-layers.js'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/cluster/tools-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', process: 'readonly' }
    }
  },
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true }
      ],
      'no-console': 'off'
    }
  },
  ...layerConfigs
)
