import net from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * One HTTP/1.1 request written byte for byte on a TCP socket: what `fetch` refuses to send (bad
 * percent-encoding kept as is, control characters, bytes above Latin-1 in headers, a lying Host)
 * is exactly what an attacker sends. Resolves with the parsed answer once the server closes or
 * the declared body has arrived. `head` is the request line and headers, without the blank line.
 */
export function rawRequest(port: number, head: string, body: Buffer | string = '', options: { timeoutMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms to ${head.split('\r\n')[0]}`))
    }, options.timeoutMs ?? 10_000)
    let done = false
    const finish = () => {
      if (done) return
      done = true
      clearTimeout(timer)
      const text = Buffer.concat(chunks).toString('latin1')
      const split = text.indexOf('\r\n\r\n')
      const [statusLine, ...lines] = text.slice(0, split === -1 ? undefined : split).split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of lines) {
        const colon = line.indexOf(':')
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      resolve({
        status: Number(statusLine?.split(' ')[1] ?? 0),
        headers,
        body: split === -1 ? '' : Buffer.from(text.slice(split + 4), 'latin1').toString('utf8'),
      })
    }
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      // The answer is complete once its declared length has arrived (keep-alive would wait forever).
      const text = Buffer.concat(chunks).toString('latin1')
      const split = text.indexOf('\r\n\r\n')
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split))?.[1]
      if (split !== -1 && length !== undefined && Buffer.byteLength(text.slice(split + 4), 'latin1') >= Number(length)) {
        socket.end()
        finish()
      }
    })
    socket.on('end', finish)
    socket.on('error', (error) => {
      // A server that answered then reset the connection (it refuses to read the rest) has answered.
      if (chunks.length > 0) finish()
      else {
        clearTimeout(timer)
        reject(error)
      }
    })
    socket.write(Buffer.from(`${head.replace(/(\r\n)*$/, '')}\r\nConnection: close\r\n\r\n`, 'latin1'))
    if (body.length > 0) socket.write(body)
  })
}
