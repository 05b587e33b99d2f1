#!/usr/bin/env node
// Compiles the server (server/index.ts and the app, db and search modules it imports) to
// build/server/, so that `npm start` runs JavaScript rather than TypeScript through tsx.
// Packages stay imports of node_modules; the demo seed is its own chunk, loaded only when seeding.
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** Any bare import but `~/…` (tsconfig's alias for app/, resolved by `alias`) is a package. */
const packagesOutside = {
  name: 'packages-outside',
  setup(b) {
    b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }))
  },
}

fs.rmSync(path.join(root, 'build/server'), { recursive: true, force: true })

await build({
  // The election's worker thread is its own file beside index.js (server/elections-pool.ts).
  entryPoints: { index: path.join(root, 'server/index.ts'), 'elections-worker': path.join(root, 'app/features/elections/crypto-worker.server.ts') },
  outdir: path.join(root, 'build/server'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  alias: { '~': path.join(root, 'app') },
  plugins: [packagesOutside],
  logLevel: 'warning',
})
