import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { inject } from 'vitest'

/** A private copy of the migrated template: a real SQLite file per test file (or per test). */
export function freshDatabase(): { databasePath: string; dataDir: string } {
  const dataDir = path.join(inject('testRoot'), crypto.randomUUID())
  fs.mkdirSync(dataDir, { recursive: true })
  const databasePath = path.join(dataDir, 'amicale.db')
  fs.copyFileSync(inject('templateDatabase'), databasePath)
  return { databasePath, dataDir }
}
