import { translate, type Locale } from '~/i18n'
import type { Config } from '~/shared/config'

export interface MapTiles {
  /** XYZ template; empty: no tiles, the offline outlines only. */
  url: string
  /** The tiles' credit, in the reader's language unless the setting spells it out. */
  attribution: string
}

/** What a page's loader hands to its map: the tile server and its credit. */
export function mapTiles(config: Config, locale: Locale): MapTiles {
  return { url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION || translate(locale, 'map.credit.tiles') }
}
