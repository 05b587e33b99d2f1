import { chromium } from 'playwright-core'
import fs from 'node:fs'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
const page = await browser.newPage({ viewport: { width: 412, height: 1400 } })
await page.setContent(`<body style="margin:0"><img src="data:image/jpeg;base64,${fs.readFileSync('/tmp/h1/full.jpg').toString('base64')}"></body>`)
await page.screenshot({ path: '/tmp/h1/full.png' })
await browser.close()
