import type { ReactNode } from 'react'
import { parseRichText, type Block, type Inline, type Mentionable } from '~/shared/rich-text'

/**
 * A chat or forum message. Everything is built as React elements from the parser's plain data, so
 * text is always escaped by React: no dangerouslySetInnerHTML, and only http(s)/mailto hrefs exist.
 */
export function RichText({
  text,
  mentionables,
  selfId,
  className = 'rich-text',
}: {
  text: string
  mentionables?: Mentionable[]
  /** The reader: a mention of them stands out more than the others. */
  selfId?: string
  className?: string
}) {
  const renderInline = inlineRenderer(selfId)
  return <div className={className}>{parseRichText(text, { mentionables }).map((block, key) => renderBlock(block, key, renderInline))}</div>
}

type InlineRenderer = (node: Inline, key: number) => ReactNode

function renderBlock(block: Block, key: number, renderInline: InlineRenderer): ReactNode {
  if (block.type === 'paragraph') return <p key={key}>{block.children.map(renderInline)}</p>
  const items = block.items.map((item, i) => <li key={i}>{item.map(renderInline)}</li>)
  return block.ordered ? (
    <ol key={key} start={block.start === 1 ? undefined : block.start}>
      {items}
    </ol>
  ) : (
    <ul key={key}>{items}</ul>
  )
}

const inlineRenderer = (selfId: string | undefined): InlineRenderer =>
  function renderInline(node, key) {
    switch (node.type) {
      case 'text':
        return node.text
      case 'br':
        return <br key={key} />
      case 'strong':
        return <strong key={key}>{node.children.map(renderInline)}</strong>
      case 'em':
        return <em key={key}>{node.children.map(renderInline)}</em>
      case 'mention':
        return (
          <span key={key} className={node.userId === selfId ? 'mention mention--me' : 'mention'} data-user-id={node.userId}>
            @{node.name}
          </span>
        )
      case 'link':
        // Every link leaves the site: new tab, no window.opener, no referrer, no SEO credit for spam.
        return node.href.startsWith('mailto:') ? (
          <a key={key} href={node.href} rel="noopener noreferrer nofollow">
            {node.children.map(renderInline)}
          </a>
        ) : (
          <a key={key} href={node.href} rel="noopener noreferrer nofollow" target="_blank">
            {node.children.map(renderInline)}
          </a>
        )
    }
  }
