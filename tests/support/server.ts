import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { createAppContext, startServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import { freshDatabase } from './database'

let build: Promise<ServerBuild> | undefined
function remixBuild() {
  // `npm test` runs `remix build` first; a single test file run by hand needs it too.
  build ??= import(pathToFileURL(path.resolve('build/index.js')).href) as Promise<ServerBuild>
  return build
}

/** The whole app (Express, Remix build, Socket.IO) on a free port, with its own database copy. */
export async function startTestServer(env: Record<string, string> = {}) {
  const { databasePath, dataDir } = freshDatabase()
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // No network here: no map tiles unless a test asks for some (markers show on a plain background).
    MAP_TILE_URL: '',
    ...env,
  })
  const ctx = await createAppContext(config)
  const server = await startServer(ctx, await remixBuild())
  return { ...server, ctx }
}
export type TestServer = Awaited<ReturnType<typeof startTestServer>>
