import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'

type Trustee = {
  position: number
  name: string
  steps: { commitment: boolean; shares: boolean; verificationKey: boolean; partialDecryption: boolean }
}

const STEPS: { key: keyof Trustee['steps']; label: MessageKey }[] = [
  { key: 'commitment', label: 'elections.admin.trustees.step1' },
  { key: 'shares', label: 'elections.admin.trustees.step2' },
  { key: 'verificationKey', label: 'elections.admin.trustees.step3' },
  { key: 'partialDecryption', label: 'elections.admin.trustees.tally' },
]

/** The trustees and which of their steps each has published: done or waiting, in words. */
export function SetupTrustees({ trustees, threshold }: { trustees: Trustee[]; threshold: number }) {
  const t = useT()
  const ready = trustees.length > 0 && trustees.every((tr) => tr.steps.verificationKey)
  return (
    <section aria-labelledby="manage-trustees">
      <h3 id="manage-trustees">{t('elections.admin.trustees.title', { count: trustees.length })}</h3>
      <p className="muted">{ready ? t('elections.admin.trustees.ready') : t('elections.admin.trustees.explained', { threshold })}</p>
      {trustees.length === 0 ? (
        <p>{t('elections.admin.trustees.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table trustee-progress">
            <caption className="visually-hidden">{t('elections.admin.trustees.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('elections.admin.trustees.trustee')}</th>
                {STEPS.map((s) => (
                  <th scope="col" key={s.key}>
                    {t(s.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {trustees.map((tr) => (
                <tr key={tr.position}>
                  <th scope="row">
                    {tr.position}. {tr.name}
                  </th>
                  {STEPS.map((s) => (
                    <td key={s.key} data-label={t(s.label)}>
                      {tr.steps[s.key] ? (
                        <span className="badge badge--success">✓ {t('elections.admin.trustees.done')}</span>
                      ) : (
                        <span className="muted">{t('elections.admin.trustees.waiting')}</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
