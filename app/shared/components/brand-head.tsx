import type { PublicSettings } from '~/shared/config'

/**
 * The association's colour and icons, in the page's head. The colour overrides app.css's tokens
 * (it comes after the stylesheets); with a logo or a colour of its own, the default SVG icon
 * would show the wrong mark, so only the PNGs drawn from the brand are offered. The CSP allows
 * inline styles (server/security.ts), so the colour needs no nonce.
 */
export function BrandHead({ settings }: { settings: PublicSettings | undefined }) {
  const colors = settings?.brandColors
  const custom = Boolean(colors || settings?.logoUrl)
  return (
    <>
      {custom ? null : <link rel="icon" href="/favicon.svg" type="image/svg+xml" />}
      <link rel="icon" href="/favicon-32.png" type="image/png" sizes="32x32" />
      <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
      {colors ? <style>{`:root{--primary:${colors.primary};--primary-hover:${colors.hover};--primary-soft:${colors.soft}}`}</style> : null}
    </>
  )
}
