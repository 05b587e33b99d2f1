import { ComingSoon } from '../components/coming-soon'
import { titleMeta } from '../utils/meta'

export const meta = titleMeta('nav.events')

export default function Page() {
  return <ComingSoon title="nav.events" lead="section.events.lead" />
}
