/** A field with the ranges the search matched wrapped in <mark> (React escapes the text). */
export function Highlighted({ text, ranges }: { text: string; ranges?: [number, number][] }) {
  if (!ranges?.length) return <>{text}</>
  const parts: JSX.Element[] = []
  let at = 0
  for (const [start, length] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || start >= text.length) continue
    if (start > at) parts.push(<span key={`t${at}`}>{text.slice(at, start)}</span>)
    parts.push(<mark key={`m${start}`}>{text.slice(start, start + length)}</mark>)
    at = start + length
  }
  if (at < text.length) parts.push(<span key={`t${at}`}>{text.slice(at)}</span>)
  return <>{parts}</>
}
