import { chromium } from 'playwright-core'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const p = await (await b.newContext({ viewport: { width: 360, height: 800 }, locale: 'fr-FR' })).newPage()
await p.goto('http://localhost:3102/connexion')
await p.getByLabel('Adresse e-mail').fill('admin@amicale.example')
await p.getByLabel('Mot de passe', { exact: true }).fill('amicale-demo-2026')
await p.getByRole('button', { name: 'Se connecter' }).click()
await p.waitForURL((u) => !u.pathname.startsWith('/connexion'))
for (const path of process.argv.slice(2)) {
  await p.goto('http://localhost:3102' + path)
  if (process.env.HIDE) await p.addStyleTag({ content: process.env.HIDE })
  console.log(
    path,
    await p.evaluate(() => {
      const out: string[] = [`scrollWidth=${document.documentElement.scrollWidth}`]
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect()
        if (r.right > 361 && el.children.length < 3) out.push(`${el.tagName}.${el.className} ${Math.round(r.width)} right=${Math.round(r.right)}`)
      }
      return out.slice(0, 12)
    }),
  )
}
await b.close()
