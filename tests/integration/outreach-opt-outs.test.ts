import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addressOptOuts, outbox } from '../../db/schema'
import { isOptedOut, optOutToken, optOutUrl } from '../../app/features/outreach/opt-outs.server'
import { HttpClient } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'

// Issue #17: an address that asked « ne plus m'écrire » is never written to again by the
// network's outreach, and what was queued for it is called back.

let app: TestServer
beforeAll(async () => {
  app = await startTestServer()
})
afterAll(async () => {
  await app?.close()
})

describe('« Ne plus m’écrire »', () => {
  it('asks first on GET, records on POST (any case of the address), and calls back queued outreach mails only', async () => {
    const email = 'Jeanne.Durand@Exemple.fr'
    const queue = (kind: string) =>
      app.ctx.db.insert(outbox).values({ to: email, subject: 'x', text: 'x', html: 'x', kind, createdAt: new Date() }).returning({ id: outbox.id }).get().id
    // Hold the sender off these rows: they are due in an hour.
    const later = new Date(Date.now() + 3600_000)
    const invitation = queue('referrals.invitation')
    const receipt = queue('dues.receipt')
    app.ctx.database.sqlite.prepare('update outbox set next_attempt_at = ? where id in (?, ?)').run(later.getTime(), invitation, receipt)

    const url = new URL(optOutUrl(app.ctx, app.url, email))
    const client = new HttpClient(app.url)
    const page = await client.get(url.pathname)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('jeanne.durand@exemple.fr')
    expect(isOptedOut(app.ctx.db, email)).toBe(false)

    expect((await client.post(url.pathname, {})).status).toBe(200)
    expect(isOptedOut(app.ctx.db, 'JEANNE.durand@exemple.fr')).toBe(true)
    expect(
      app.ctx.db
        .select()
        .from(addressOptOuts)
        .all()
        .filter((r) => r.email === 'jeanne.durand@exemple.fr'),
    ).toHaveLength(1)
    const left = app.ctx.db
      .select({ id: outbox.id })
      .from(outbox)
      .all()
      .map((r) => r.id)
    expect(left).not.toContain(invitation)
    expect(left).toContain(receipt)
    // Twice is once.
    expect((await client.post(url.pathname, {})).status).toBe(200)
  })

  it('takes a mail client’s one-click POST (RFC 8058), which carries no Origin', async () => {
    const email = 'un.clic@exemple.fr'
    const url = optOutUrl(app.ctx, app.url, email)
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(response.status).toBe(200)
    expect(isOptedOut(app.ctx.db, email)).toBe(true)
    // The exemption is that path's alone: another form posted without Origin is refused.
    const elsewhere = await fetch(new URL('/contact', app.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    })
    expect(elsewhere.status).toBe(403)
  })

  it('answers 404 to a forged or altered token', async () => {
    const client = new HttpClient(app.url)
    const good = optOutToken(app.ctx.config.SESSION_SECRET, 'a@exemple.fr')
    const forged = `${Buffer.from('b@exemple.fr').toString('base64url')}.${good.split('.')[1]}`
    for (const token of [forged, 'nimporte', 'x.', `${good}x`, 'a'.repeat(700)]) {
      expect((await client.get(`/ne-plus-ecrire/${encodeURIComponent(token)}`)).status, token).toBe(404)
      expect((await client.post(`/ne-plus-ecrire/${encodeURIComponent(token)}`, {})).status, token).toBe(404)
    }
  })
})
