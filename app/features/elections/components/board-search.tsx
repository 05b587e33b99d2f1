import { Form, useActionData, useSubmit } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { Field } from '~/shared/components/forms'
import { useT } from '~/shared/i18n'

export type BoardSearchAnswer =
  { intent: 'search'; tracker: string; found: boolean } | { intent: 'search'; errors: { tracker: string[] }; values: Record<string, string> }

/**
 * « Vérifier mon bulletin »: a tracker looked up in the box. Posted, not put in the address: the
 * server's request log keeps addresses, and a tracker beside a time is not for a log. The vote
 * page's link brings the tracker in the fragment (`#suivi=…`), which never leaves the browser.
 */
export function BoardSearch() {
  const t = useT()
  const answer = useActionData<BoardSearchAnswer>()
  const submit = useSubmit()
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    const match = /(?:^#|&)suivi=([A-Za-z0-9_-]{43})/.exec(window.location.hash)
    const form = formRef.current
    if (!match || !form) return
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    const input = form.elements.namedItem('tracker') as HTMLInputElement | null
    if (input) input.value = match[1]!
    submit(form, { replace: true, preventScrollReset: true })
  }, [submit])
  const found = answer && 'found' in answer ? answer : null
  return (
    <section className="card board-search" aria-labelledby="board-search-title" id="verifier">
      <h2 id="board-search-title">{t('elections.board.search.title')}</h2>
      <p className="muted">{t('elections.board.search.hint')}</p>
      <Form method="post" ref={formRef} className="form board-search__form" noValidate>
        <Field
          label={t('elections.board.search.field')}
          name="tracker"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          required
          defaultValue={answer && 'values' in answer ? answer.values.tracker : found?.tracker}
          errors={answer && 'errors' in answer ? answer.errors.tracker : undefined}
        />
        <button type="submit" name="intent" value="search" className="button button--primary">
          {t('elections.board.search.submit')}
        </button>
      </Form>
      <div role="status" aria-live="polite">
        {found ? (
          found.found ? (
            <p className="alert alert--success">{t('elections.board.search.found', { tracker: found.tracker })}</p>
          ) : (
            <p className="alert alert--error">{t('elections.board.search.notFound', { tracker: found.tracker })}</p>
          )
        ) : null}
      </div>
    </section>
  )
}
