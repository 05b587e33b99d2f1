import { RichText } from '~/shared/components/rich-text'
import { useT } from '~/shared/i18n'
import { parseTermsDocument } from '~/features/moderation/terms'

/**
 * A version of the terms as members read it: a table of contents, then every clause under a
 * heading carrying its number and an anchor (`#article-4-2`) that decisions link to. The text is
 * rendered by `RichText`, which builds React elements from plain data: no HTML from the text.
 */
export function TermsDocument({ body, idPrefix = '' }: { body: string; idPrefix?: string }) {
  const t = useT()
  const document = parseTermsDocument(body)
  const top = document.clauses.filter((c) => c.level === 1)
  const contentsId = `${idPrefix}terms-contents`
  return (
    <div className="terms">
      {document.preamble ? <RichText text={document.preamble} className="rich-text terms__preamble" /> : null}
      {top.length > 1 ? (
        <nav className="terms__contents" aria-labelledby={contentsId}>
          <h2 id={contentsId}>{t('terms.contents')}</h2>
          <ol>
            {top.map((clause) => (
              <li key={clause.anchor}>
                <a href={`#${idPrefix}${clause.anchor}`}>
                  <span className="terms__number">{clause.number}.</span> {clause.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {document.clauses.map((clause) => {
        const Heading = clause.level === 1 ? 'h2' : 'h3'
        const anchor = `${idPrefix}${clause.anchor}`
        return (
          <section key={anchor} className={`terms__clause terms__clause--${clause.level}`} aria-labelledby={anchor}>
            <Heading id={anchor}>
              <span className="terms__number">
                {clause.number}
                {clause.level === 1 ? '.' : ''}
              </span>{' '}
              {clause.title}{' '}
              <a href={`#${anchor}`} className="terms__anchor" aria-label={t('terms.clauseLink', { clause: clause.number })}>
                #
              </a>
            </Heading>
            {clause.text ? <RichText text={clause.text} /> : null}
          </section>
        )
      })}
    </div>
  )
}
