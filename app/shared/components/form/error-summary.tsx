import { useActionData } from '@remix-run/react'
import { useEffect, useRef, useState, type MouseEvent } from 'react'
import { useFieldScope } from '~/shared/components/form/field-parts'
import { summaryItems, type SummaryItem } from '~/shared/form-result'
import { useT } from '~/shared/i18n'
import type { FieldErrors } from '~/shared/validation'

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement

/** The control a line is about: by its id, else (a field given an id of its own) by its name in the summary's form. */
function controlOf(summary: HTMLElement | null, item: SummaryItem): Control | null {
  if (!item.target) return null
  const byId = document.getElementById(item.target)
  if (byId) return byId as Control
  const scope = summary?.closest('form') ?? document
  return scope.querySelector<Control>(`[name="${CSS.escape(item.name)}"]:not([type="hidden"])`)
}

/**
 * GOV.UK's move: the field gets the focus, but the view shows its question (the legend of a
 * group, else its label) so that one sees what to fix, not a bare box at the top of the screen.
 */
function goTo(control: Control) {
  const legend = control.closest('fieldset')?.querySelector('legend')
  const label = control.labels?.[0] ?? null
  // A legend far above the box (a long list of choices) would push the box itself off screen.
  const legendIsNear = legend && control.getBoundingClientRect().top - legend.getBoundingClientRect().top < window.innerHeight / 2
  const shown = (legendIsNear ? legend : label) ?? control
  shown.scrollIntoView({ block: 'start' })
  control.focus({ preventScroll: true })
}

/** What the page calls the field: the legend of a group of boxes, else its label, without « (facultatif) ». */
function questionOf(control: Control): string | undefined {
  const box = control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox')
  const legend = box ? control.closest('fieldset')?.querySelector('legend') : null
  const source = legend ?? control.labels?.[0]
  if (!source) return undefined
  const copy = source.cloneNode(true) as HTMLElement
  copy.querySelectorAll('.field__optional').forEach((mark) => mark.remove())
  return copy.textContent?.trim() || undefined
}

interface Line extends SummaryItem {
  /** The field's label, read from the page once it runs (the server renders the summary before the fields). */
  question?: string
}

/** The lines in the order of their fields on the page (a rule checked after the fields files its error last), each with its field's label. */
function placed(summary: HTMLElement | null, items: SummaryItem[]): Line[] {
  const controls = new Map(items.map((item) => [item, controlOf(summary, item)]))
  return [...items]
    .sort((a, b) => {
      const x = controls.get(a)
      const y = controls.get(b)
      if (!x || !y) return x ? 1 : y ? -1 : 0
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
    })
    .map((item) => {
      const control = controls.get(item)
      return { ...item, question: control ? questionOf(control) : undefined }
    })
}

/**
 * The GOV.UK error summary: after a failed submit, at the top of the form, « Il y a un problème »
 * and every error at once, each a link to its field (the form's own errors without one). It takes
 * the focus — on a fresh page (no JavaScript) through `autofocus`, after an answer fetched by
 * Remix through an effect — so that a phone shows it wherever the submit button was.
 *
 * The focus moves here again on each new answer of the action, not when the page re-renders.
 */
export function ErrorSummary({ errors, result }: { errors?: FieldErrors; result?: { errors: FieldErrors } }) {
  const t = useT()
  const scope = useFieldScope()
  const ref = useRef<HTMLDivElement>(null)
  const given = errors ?? result?.errors
  const items = summaryItems(given ?? {}, scope)
  // A new answer of the action is a new submit, even with the same errors; a page re-rendering
  // (a box ticked, a socket message) is not, even if it rebuilt the errors object.
  const answer = useActionData()
  const signature = JSON.stringify(given ?? {})
  const [placedLines, setPlaced] = useState<{ for: string; lines: Line[] } | null>(null)
  const lines: Line[] = placedLines && placedLines.for === signature ? placedLines.lines : items
  const count = items.length

  useEffect(() => {
    if (!count) return
    setPlaced({ for: signature, lines: placed(ref.current, summaryItems(JSON.parse(signature) as FieldErrors, scope)) })
  }, [answer, signature, count, scope])
  // Once the lines carry their labels, so that a screen reader reads the summary once, complete.
  useEffect(() => {
    const summary = ref.current
    if (!placedLines || !summary) return
    // From its top, even when it is taller than the screen (focus alone would scroll it just into view).
    summary.scrollIntoView({ block: 'start' })
    summary.focus({ preventScroll: true })
  }, [placedLines])

  if (!count) return null
  const follow = (item: SummaryItem) => (event: MouseEvent<HTMLAnchorElement>) => {
    const control = controlOf(ref.current, item)
    if (!control) return
    event.preventDefault()
    goTo(control)
  }
  return (
    <div
      ref={ref}
      className="error-summary"
      tabIndex={-1}
      data-testid="error-summary"
      // eslint-disable-next-line jsx-a11y/no-autofocus -- GOV.UK's pattern: a page sent back with errors opens on their summary
      autoFocus
    >
      <div role="alert">
        <h2 className="error-summary__title">{t('form.summary.title')}</h2>
        <ul className="error-summary__list">
          {lines.map((line, index) => {
            const text = line.question ? t('form.summary.line', { question: line.question, message: line.message }) : line.message
            return (
              <li key={line.target ?? `form-${index}`}>
                {line.target ? (
                  <a href={`#${line.target}`} onClick={follow(line)}>
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
