/** Small real files for upload tests: the first bytes are what the server checks. */
export const files = {
  pdf: (size = 2048) => withHeader([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a], size),
  png: (size = 1024) => withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size),
  jpeg: (size = 1024) => withHeader([0xff, 0xd8, 0xff, 0xe0], size),
  text: (size = 512) => new TextEncoder().encode('Ceci n’est pas un PDF. '.repeat(Math.ceil(size / 24))).slice(0, size),
}

function withHeader(header: number[], size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set(header)
  return bytes
}
