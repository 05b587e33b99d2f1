// `npm run search:reindex`: rebuilds the member search index from the database.
import { migrateDatabase, openDatabase } from '../db/client'
import { reindexDirectory } from '../app/features/directory/directory.server'
import { createSearchEngine } from '../search'
import { loadConfig } from '../server/config'

const config = loadConfig()
const database = openDatabase(config.DATABASE_PATH)
migrateDatabase(database)
const search = createSearchEngine({ MEILI_HOST: config.MEILI_HOST, MEILI_MASTER_KEY: config.MEILI_MASTER_KEY })
const started = Date.now()
const count = await reindexDirectory({ db: database.db, search })
console.log(JSON.stringify({ engine: search.name, members: count, ms: Date.now() - started }))
if (search.name === 'embedded') {
  console.log('The embedded engine lives in the server process and is rebuilt at every start: set MEILI_HOST to keep a persistent index.')
}
database.sqlite.close()
