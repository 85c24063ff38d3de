// ESLint for web/: JavaScript + TypeScript recommended rules, Vue's recommended rules, and
// Prettier owning the formatting. `vue/no-bare-strings-in-template` keeps user-visible text in i18n.
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },
  {
    files: ['**/*.{ts,vue}'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly' },
    },
    rules: {
      'vue/no-bare-strings-in-template': [
        'error',
        {
          attributes: {
            '/.+/': ['title', 'aria-label', 'aria-placeholder', 'placeholder', 'label', 'content'],
            img: ['alt'],
          },
        },
      ],
      'vue/no-v-html': 'error',
      'vue/block-lang': ['error', { script: { lang: 'ts' } }],
      'vue/component-api-style': ['error', ['script-setup']],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Components come from src/ui/element.ts so that the bundle holds only what is used.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'element-plus',
              message: 'Import Element Plus components from src/ui/element.ts.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  prettier,
)
