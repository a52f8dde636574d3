import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default [
  {ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'oclif.manifest.json']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {files: ['**/*.ts'], rules: {'@typescript-eslint/no-non-null-assertion': 'off'}},
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'test/**/*.mjs', 'ci/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        TextDecoder: 'readonly',
        Buffer: 'readonly',
        structuredClone: 'readonly',
      },
    },
  },
  {files: ['ci/**/*.mjs'], languageOptions: {globals: {URL: 'readonly', fetch: 'readonly'}}},
  prettier,
]
