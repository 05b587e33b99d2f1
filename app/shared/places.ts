/** The radii a search « around a city » offers (directory, careers), in kilometres. */
export const RADII_KM = [10, 25, 50, 100, 200] as const
