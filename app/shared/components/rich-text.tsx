import type { ReactNode } from 'react'
import { parseRichText, type Block, type Inline, type Mentionable } from '~/shared/rich-text'

/**
 * A chat or forum message. Everything is built as React elements from the parser's plain data, so
 * text is always escaped by React: no dangerouslySetInnerHTML, and only http(s)/mailto hrefs exist.
 */
export function RichText({ text, mentionables, className = 'rich-text' }: { text: string; mentionables?: Mentionable[]; className?: string }) {
  return <div className={className}>{parseRichText(text, { mentionables }).map(renderBlock)}</div>
}

function renderBlock(block: Block, key: number): ReactNode {
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

function renderInline(node: Inline, key: number): ReactNode {
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
        <span key={key} className="mention">
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
