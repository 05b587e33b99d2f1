import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The `~/` alias of tsconfig.json (Remix's compiler and tsx read it there).
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'app') } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
