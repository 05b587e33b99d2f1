import type { MessageKey } from '~/i18n'
import { useT } from '~/shared/i18n'
import { PageHeader } from '~/shared/components/layout'

/** What a section shows until its issue lands: its purpose, and that it is on its way. */
export function ComingSoon({ title, lead }: { title: MessageKey; lead: MessageKey }) {
  const t = useT()
  return (
    <>
      <PageHeader title={t(title)} lead={t(lead)} />
      <section className="card state state--soft">
        <h2>{t('soon.title')}</h2>
        <p>{t('soon.body')}</p>
      </section>
    </>
  )
}
