import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The direction of imports is enforced by `npm run lint` (eslint.config.js): this proves the rule
// bites, on files that would break it, and stays quiet on one that follows it.
const eslint = new ESLint({ cwd: process.cwd() })

async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message)
}

describe('the import rule', () => {
  it.each([
    { file: 'app/shared/fixture.ts', code: "import { loadConfig } from '../../server/config'\nexport const c = loadConfig", why: 'app/ imports server/' },
    {
      file: 'app/features/events/fixture.ts',
      code: "import type { Config } from '../../../server/config'\nexport type C = Config",
      why: 'a type import from server/ counts too',
    },
    {
      file: 'app/shared/fixture.ts',
      code: "import { accountMails } from '~/features/accounts/account-mails.server'\nexport const m = accountMails",
      why: 'shared reaches up into a feature',
    },
    { file: 'app/features/events/fixture.ts', code: "import { meta } from '~/routes/_index'\nexport const m = meta", why: 'a feature imports a route' },
    { file: 'db/fixture.ts', code: "import { envSchema } from '../app/shared/config'\nexport const e = envSchema", why: 'db/ imports the app' },
    { file: 'search/fixture.ts', code: "import { schema } from '../db/client'\nexport const s = schema", why: 'search/ imports db/' },
  ])('refuses it when $why', async ({ file, code }) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1)
  })

  it('lets a feature use shared code, the database and the search engine', async () => {
    const code =
      "import { envSchema } from '~/shared/config'\nimport { schema } from '../../../db/client'\nimport type { SearchEngine } from '../../../search'\nexport const x: [unknown, unknown, SearchEngine | null] = [envSchema, schema, null]"
    expect(await boundaryErrors('app/features/events/fixture.ts', code)).toEqual([])
  })
})

describe('the use cases are the doors', () => {
  it('refuses a route that calls the registration write that skips the mails', async () => {
    const [result] = await eslint.lintText(
      "import { registerForEvent } from '~/features/events/event-registrations.server'\nexport const r = registerForEvent",
      {
        filePath: 'app/routes/fixture.tsx',
      },
    )
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports')
  })
})
