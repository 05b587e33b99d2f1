/**
 * `<input type="datetime-local">` gives a wall-clock time with no zone; events are stored as
 * instants. These convert between the two in the event's time zone (Europe/Paris by default),
 * summer time included, with Intl only.
 */
// One formatter per zone: building one costs far more than using it.
const formats = new Map<string, Intl.DateTimeFormat>()

function offsetMs(instant: number, timeZone: string): number {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formats.set(timeZone, format)
  }
  const parts = format.formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** « 2026-12-10T19:00 » in Paris → the instant; null when the text is not such a time. */
export function zonedToUtc(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return null
  const [, y, mo, d, h, mi] = m.map(Number)
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  if (Number.isNaN(wall) || new Date(wall).getUTCMonth() !== mo - 1) return null
  // Two passes: the offset at the guess may differ from the offset at the answer around a change.
  let instant = wall - offsetMs(wall, timeZone)
  instant = wall - offsetMs(instant, timeZone)
  return new Date(instant)
}

/** The instant as the input's wall-clock value in that zone. */
export function utcToZonedInput(date: Date | string, timeZone: string): string {
  const instant = new Date(date).getTime()
  return new Date(instant + offsetMs(instant, timeZone)).toISOString().slice(0, 16)
}
