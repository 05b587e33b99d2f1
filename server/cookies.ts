/**
 * One cookie's value from a Cookie header, or undefined. Never throws: a cookie that is not
 * valid percent-encoding (ours or anyone's on the same host) is ignored, not fatal.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=')
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(eq + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}
