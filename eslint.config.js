// The house rules that a machine can check: the direction of imports above all (see
// ../shared/ARCHITECTURE.md), then TypeScript, React hooks and accessibility. `npm run lint`;
// `npm test` runs it first.
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Who may import whom: each zone forbids `target` to import anything from `from`. */
const boundaries = [
  // The process (config, Express, sockets, jobs) is wired in server/ and handed down in the context.
  { target: './app', from: './server', message: 'app/ never imports server/: read what you need from the context (AppContext).' },
  { target: './db', from: ['./app', './server', './search'], message: 'db/ imports nothing of the app.' },
  { target: './search', from: ['./app', './server', './db'], message: 'search/ knows only its documents.' },
  // Features use shared; shared never reaches up into a feature or a route.
  { target: './app/shared', from: ['./app/features', './app/routes'], message: 'app/shared is below the features: move the code down, or into the feature.' },
  { target: './app/features', from: './app/routes', message: 'Features never import routes.' },
]

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'node_modules/**', 'data/**', '.cache/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Module augmentation (Remix's AppLoadContext) is an interface that only extends.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // French typography puts no-break spaces in text: only code must be free of them.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipTemplates: true, skipJSXText: true, skipRegExps: true }],
    },
  },
  {
    // The lower-level writes skip the mails and refunds that go with them: routes and sockets
    // call the use cases that wrap them (`signUp`, `cancelTicket`, `releaseExpiredHolds`, `saveEventChanges`
    // in event-tickets.server.ts).
    files: ['app/routes/**', 'server/**', 'app/**/realtime.server.ts', 'app/**/jobs.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '~/features/events/event-registrations.server',
              importNames: ['registerForEvent', 'cancelRegistration', 'promoteWaitlist', 'releaseAllExpiredHolds'],
              message: 'Call the use case in event-tickets.server.ts: it sends the mails and refunds.',
            },
            {
              name: '~/features/events/events.server',
              importNames: ['updateEvent'],
              message: 'Call saveEventChanges (event-tickets.server.ts): it fills from the waitlist and mails the changes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // `<ul role="list">` on purpose: Safari drops the list semantics of an unstyled list.
      'jsx-a11y/no-redundant-roles': ['error', { ul: ['list'] }],
      // A page whose one purpose is one button (« Je participe ») focuses it: said per use.
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
    },
  },
)
