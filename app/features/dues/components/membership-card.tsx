import { Link } from '@remix-run/react'
import { formatDate, formatMoney } from '~/i18n'
import { useRootData, useT } from '~/shared/i18n'

interface Overview {
  membership: { kind: 'alumni' | 'student'; status: 'active' | 'suspended'; activatedAt: Date } | null
  receipts: { id: string; number: string | null; amountCents: number; paidAt: Date | null }[]
  proofs: { id: string; status: 'pending' | 'approved' | 'rejected'; reason: string | null; uploadedAt: Date; originalName: string }[]
}

/** Where the dues stand: none yet (with « Cotiser »), suspended, or paid since a date. */
export function MembershipStatus({ membership }: { membership: Overview['membership'] }) {
  const t = useT()
  const { locale } = useRootData()
  if (!membership)
    return (
      <>
        <p>{t('membership.none')}</p>
        <a href="/cotiser" className="button button--accent">
          {t('account.payDues')}
        </a>
      </>
    )
  if (membership.status === 'suspended') return <p className="alert alert--error">{t('membership.suspended')}</p>
  return <p>{t('membership.active', { date: formatDate(locale, new Date(membership.activatedAt)) })}</p>
}

/** Mon compte's dues section: status, receipts to download, the student's proofs. */
export function MembershipCard({ overview }: { overview: Overview }) {
  const t = useT()
  const { locale } = useRootData()
  const date = (at: Date | null) => (at ? formatDate(locale, at) : '')
  const { membership, receipts, proofs } = overview
  return (
    <section className="card" aria-labelledby="cotisation">
      <h2 id="cotisation">{t('membership.title')}</h2>
      <MembershipStatus membership={membership} />
      {receipts.length ? (
        <>
          <h3>{t('membership.receipts')}</h3>
          <ul className="list-plain">
            {receipts.map((r) => (
              <li key={r.id}>
                <a href={`/recus/${r.id}`} download>
                  {t('membership.receiptDownload', { number: r.number ?? '' })}
                </a>
                <span className="muted">
                  {' '}
                  — {formatMoney(locale, r.amountCents)}, {date(r.paidAt)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {membership?.kind === 'student' ? (
        <>
          <h3>{t('membership.proofs')}</h3>
          <ul className="list-plain">
            {proofs.map((p) => (
              <li key={p.id}>
                <a href={`/justificatifs/${p.id}`}>{p.originalName}</a>{' '}
                <span className="muted">
                  ({date(p.uploadedAt)}) —{' '}
                  {p.status === 'rejected' ? t('membership.proof.rejected', { reason: p.reason ?? '' }) : t(`membership.proof.${p.status}`)}
                </span>
              </li>
            ))}
          </ul>
          <Link to="/mon-compte/justificatif" className="button button--secondary">
            {t('membership.proof.send')}
          </Link>
        </>
      ) : null}
    </section>
  )
}
