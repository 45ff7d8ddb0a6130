import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import jest from 'eslint-plugin-jest'
import prettier from 'eslint-config-prettier'

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'AbortController',
    'TextDecoder',
    'fetch'
  ].map(name => [name, 'readonly'])
)

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  { languageOptions: { globals: nodeGlobals } },
  {
    files: ['__tests__/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
      // `onLinux`: it, or it.skip where Linux's limits that a test holds the action to do not apply;
      // `withSystemCa`: it, or it.skip where the action's node cannot read the system's store.
      'jest/no-standalone-expect': [
        'error',
        { additionalTestBlockFunctions: ['onLinux', 'withSystemCa'] }
      ]
    }
  },
  {
    // src/node-crypto.ts says why: node:crypto stays off the start-up path.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['node:crypto', 'crypto'].map(name => ({
            name,
            allowTypeImports: true,
            message: 'Call nodeCrypto() (src/node-crypto.ts) where it is needed instead.'
          }))
        }
      ]
    }
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  prettier
)
