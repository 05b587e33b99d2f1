import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateDatabase, openDatabase } from '../../db/client'

/** One migrated, empty database per run; every test file copies it (see tests/support/database.ts). */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicale-test-'))
  const template = path.join(dir, 'template.db')
  const database = openDatabase(template)
  migrateDatabase(database)
  database.sqlite.pragma('journal_mode = DELETE')
  database.sqlite.close()
  project.provide('templateDatabase', template)
  project.provide('testRoot', dir)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
    testRoot: string
  }
}
