#!/usr/bin/env node
// `npm test`: system packages the tests need, then lint, typecheck, build, and every vitest suite.
// Extra arguments go to vitest: `npm test -- tests/integration/accounts.test.ts`.
import { execSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'

const needed = [
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  { pkg: 'redis-server', file: '/usr/bin/redis-server' },
]
const missing = needed.filter((n) => !fs.existsSync(n.file)).map((n) => n.pkg)
if (missing.length > 0) {
  const command = `apt-get install -y ${missing.join(' ')}`
  if (process.getuid?.() !== 0) {
    console.error(`Missing Debian packages for the tests: run \`sudo ${command}\``)
    process.exit(1)
  }
  console.log(`Installing ${missing.join(', ')} (${command})…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let done = spawnSync('sh', ['-c', `${command} >/dev/null`], { stdio: 'inherit', env })
  if (done.status !== 0) done = spawnSync('sh', ['-c', `apt-get update >/dev/null && ${command} >/dev/null`], { stdio: 'inherit', env })
  if (done.status !== 0) {
    console.error(`Could not install ${missing.join(', ')}: run \`${command}\` by hand`)
    process.exit(1)
  }
}

function step(title, command) {
  const started = Date.now()
  console.log(`\n▶ ${title}`)
  execSync(command, { stdio: 'inherit' })
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

try {
  step('lint', 'npx eslint . && npx prettier --check .')
  step('typecheck', 'npx tsc --noEmit')
  step('build', 'npm run build')
  const args = process.argv
    .slice(2)
    .map((a) => JSON.stringify(a))
    .join(' ')
  step('tests', `npx vitest run ${args}`)
} catch {
  process.exit(1)
}
