import { Link } from '@remix-run/react'
import type { PublicSettings } from '~/shared/config'
import { PageHeader } from '~/shared/components/layout'
import { useT } from '~/shared/i18n'
import type { PolicyCategory } from '~/features/privacy/policy.server'
import { CATEGORY_KEYS, LEGAL_BASIS_KEYS, RECIPIENT_KEYS, RIGHTS, retentionText, type Retention } from '~/features/privacy/schema'

type Settings = Pick<PublicSettings, 'associationName' | 'associationAddress' | 'associationEmail'>

const anchor = (category: string) => `donnees-${category}`

function RetentionLine({ rules }: { rules: Retention[] }) {
  const t = useT()
  const legal = rules.flatMap((r) => (r.kind === 'after' && r.legal ? [r.legal] : []))
  return (
    <div className="privacy__retention">
      {rules.length === 1 ? (
        <p>
          <span className="privacy__label">{t('privacy.retention.label')}</span> {retentionText(t, rules[0]!)}
        </p>
      ) : (
        <>
          <p className="privacy__label">{t('privacy.retention.label')}</p>
          <ul>
            {rules.map((rule, i) => (
              <li key={i}>{retentionText(t, rule)}</li>
            ))}
          </ul>
        </>
      )}
      {legal.map((key) => (
        <p key={key} className="privacy__kept">
          {t('privacy.retention.legal', { legal: t(key) })}
        </p>
      ))}
    </div>
  )
}

/** /confidentialite: the policy, every word of it read from the registry (issue #16). */
export function PrivacyPolicy({ categories, settings }: { categories: PolicyCategory[]; settings: Settings }) {
  const t = useT()
  const contactHref = `/contact?sujet=${encodeURIComponent(t('privacy.rights.how.subject'))}`
  return (
    <div className="privacy">
      <PageHeader title={t('privacy.title')} lead={t('privacy.lead', { name: settings.associationName })} />

      <section className="privacy__section" aria-labelledby="privacy-controller">
        <h2 id="privacy-controller">{t('privacy.controller.title')}</h2>
        <p>{t('privacy.controller.body', { name: settings.associationName, address: settings.associationAddress, email: settings.associationEmail })}</p>
      </section>

      <nav className="privacy__contents" aria-labelledby="privacy-toc">
        <h2 id="privacy-toc">{t('privacy.categories.title')}</h2>
        <ul role="list">
          {categories.map((c) => (
            <li key={c.category}>
              <a href={`#${anchor(c.category)}`}>{t(CATEGORY_KEYS[c.category])}</a>
            </li>
          ))}
          <li>
            <a href="#vos-droits">{t('privacy.rights.title')}</a>
          </li>
        </ul>
      </nav>

      {categories.map((c) => (
        <section key={c.category} id={anchor(c.category)} className="privacy__category" aria-labelledby={`${anchor(c.category)}-title`}>
          <h2 id={`${anchor(c.category)}-title`}>{t(CATEGORY_KEYS[c.category])}</h2>
          <div className="card">
            <h3>{t('privacy.held.title')}</h3>
            <ul role="list" className="privacy__items">
              {c.items.map((item) => (
                <li key={item.table} data-table={item.table}>
                  <p>{t(item.data)}</p>
                  <RetentionLine rules={item.retention} />
                  {item.keptReasons.map((reason) => (
                    <p key={reason} className="privacy__kept">
                      {t('privacy.erasure.kept', { reason: t(reason) })}
                    </p>
                  ))}
                </li>
              ))}
            </ul>
            <h3>{t('privacy.purposes.title')}</h3>
            <ul>
              {c.purposes.map((p) => (
                <li key={`${p.purpose}|${p.basis}`}>{t('privacy.purposeLine', { purpose: t(p.purpose), basis: t(LEGAL_BASIS_KEYS[p.basis]) })}</li>
              ))}
            </ul>
            <h3>{t('privacy.recipients.title')}</h3>
            <ul>
              {c.recipients.map((r) => (
                <li key={r}>{t(RECIPIENT_KEYS[r])}</li>
              ))}
            </ul>
          </div>
        </section>
      ))}

      <section id="vos-droits" className="privacy__section privacy__category" aria-labelledby="privacy-rights">
        <h2 id="privacy-rights">{t('privacy.rights.title')}</h2>
        <p>{t('privacy.rights.lead')}</p>
        <ul>
          {RIGHTS.map((right) => (
            <li key={right}>{t(`privacy.rights.${right}`)}</li>
          ))}
        </ul>
        <h3>{t('privacy.rights.how.title')}</h3>
        <p>
          {t('privacy.rights.how.self')} <Link to="/mon-compte/donnees">{t('privacy.rights.how.selfLink')}</Link>
          {t('privacy.rights.how.selfEnd')}
        </p>
        <p>
          {t('privacy.rights.how.body')} <Link to={contactHref}>{t('privacy.rights.how.link')}</Link> {t('privacy.rights.how.mail', { email: '' })}
          <a href={`mailto:${settings.associationEmail}`}>{settings.associationEmail}</a>.
        </p>
      </section>
    </div>
  )
}
