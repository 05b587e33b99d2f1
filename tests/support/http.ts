/**
 * A tiny browser without a browser: keeps cookies, sends the Origin a browser would send, and
 * does not follow redirects, so tests can assert them.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>()
  constructor(
    readonly baseUrl: string,
    readonly ip?: string,
  ) {}

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';')
      const [name, ...rest] = pair.split('=')
      const value = rest.join('=')
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === ''
      if (expired) this.cookies.delete(name.trim())
      else this.cookies.set(name.trim(), value)
    }
  }

  async request(
    path: string,
    init: {
      method?: string
      form?: Record<string, string>
      multipart?: FormData
      body?: string
      origin?: string | null
      headers?: Record<string, string>
    } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const method = init.method ?? (init.form || init.multipart || init.body ? 'POST' : 'GET')
    if (method !== 'GET' && init.origin !== null) headers.origin = init.origin ?? this.baseUrl
    if (this.ip) headers['x-forwarded-for'] = this.ip
    const body = init.form ? new URLSearchParams(init.form) : (init.multipart ?? init.body)
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' })
    this.remember(response)
    return response
  }

  get(path: string) {
    return this.request(path)
  }
  post(path: string, form: Record<string, string>, options: { origin?: string | null } = {}) {
    return this.request(path, { form, ...options })
  }

  /** A multipart form, as a browser sends a form with a file input. */
  postMultipart(path: string, fields: Record<string, string>, files: Record<string, { name: string; type: string; bytes: Uint8Array }> = {}) {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    for (const [k, f] of Object.entries(files)) form.set(k, new File([Buffer.from(f.bytes)], f.name, { type: f.type }))
    return this.request(path, { multipart: form })
  }

  /** Logs in through the real form; throws unless it redirected. */
  async login(email: string, password: string) {
    const response = await this.post('/connexion', { email, password })
    if (response.status !== 302) throw new Error(`login failed: ${response.status} ${await response.text()}`)
    return response
  }
}
