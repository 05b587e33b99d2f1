import { ComingSoon } from '../components/coming-soon'
import { titleMeta } from '../utils/meta'

export const meta = titleMeta('nav.dues')

export default function Page() {
  return <ComingSoon title="nav.dues" lead="section.dues.lead" />
}
