import { base64url, decodeScalar, encodePoint, encodeScalar, mulBase, randomScalar } from '~/features/elections/crypto/group'
import { EquationBatch } from '~/features/elections/crypto/msm'

// Helpers of the election cryptography tests (tests/unit/election-*.test.ts).

export const P = 2n ** 255n - 19n
/** 32 bytes little-endian of x, in base64url: any integer spelled as an encoding. */
export const le = (x: bigint) => base64url(Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn)))
export const otherPoint = () => encodePoint(mulBase(randomScalar()))
export const nextScalar = (s: string) => encodeScalar(decodeScalar(s)! + 1n)
/** A different but well-formed value for a field: another point, or the scalar plus one. */
export const alter = (field: string, value: string) => (['c', 'r'].includes(field) ? nextScalar(value) : otherPoint())
/** A point's encoding spelled with + and / (standard base64) instead of - and _. */
export function standardBase64() {
  for (let k = 2n; ; k++) {
    const text = encodePoint(mulBase(k))
    if (/[-_]/.test(text)) return text.replace(/-/g, '+').replace(/_/g, '/')
  }
}
/** Adds a proof's equations to a fresh batch and checks them. */
export const holds = (add: (b: EquationBatch) => boolean) => {
  const batch = new EquationBatch()
  return add(batch) && batch.check()
}

/** Every string leaf of a JSON value with its path. */
export function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path]
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))
  return []
}
export function setAt(target: unknown, path: (string | number)[], value: unknown) {
  let node = target as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path[path.length - 1]!] = value
}
export function getAt(target: unknown, path: (string | number)[]): string {
  let node = target as Record<string | number, unknown>
  for (const key of path) node = node[key] as Record<string | number, unknown>
  return node as unknown as string
}
