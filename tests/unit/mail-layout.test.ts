import { describe, expect, it } from 'vitest'
import { composeMail } from '../../app/shared/mail-layout.server'
import { loadConfig } from '../../server/config'

const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32), ASSOCIATION_NAME: 'Amicale des diplômés' })

describe('composeMail', () => {
  const mail = composeMail(config, {
    to: 'a@exemple.fr',
    locale: 'fr',
    firstName: '<script>alert(1)</script>',
    subject: 'mail.reset.subject',
    paragraphs: [{ key: 'mail.reset.body' }],
    action: { label: 'mail.reset.action', url: 'https://amicale.example/reinitialiser-mot-de-passe?token=a&b="c"' },
  })

  it('has a French subject with the association name, and text and HTML parts', () => {
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe — Amicale des diplômés')
    expect(mail.text).toContain('Choisir un nouveau mot de passe')
    expect(mail.text).toContain('https://amicale.example/reinitialiser-mot-de-passe?token=a&b="c"')
    expect(mail.html).toContain('<html lang="fr">')
    expect(mail.text).toContain(config.ASSOCIATION_ADDRESS)
  })

  it('escapes user text and URLs in the HTML part', () => {
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(mail.html).toContain('href="https://amicale.example/reinitialiser-mot-de-passe?token=a&amp;b=&quot;c&quot;"')
  })
})
