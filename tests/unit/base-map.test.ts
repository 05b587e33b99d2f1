import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { BASE_MAP_URL, BASE_MAP_VERSION } from '../../app/shared/map/base-map'

describe('the offline base map', () => {
  it('is cached under the version of the data it serves', () => {
    // The URL is cached for a year: a new world-atlas must come with a new URL, or browsers keep the old outlines.
    const { version } = createRequire(import.meta.url)('world-atlas/package.json') as { version: string }
    expect(BASE_MAP_VERSION).toBe(version)
    expect(BASE_MAP_URL).toContain(`v=${version}`)
  })
})
