import { Link } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { useT } from '~/shared/i18n'

// The dashboard's charts, drawn on the server as SVG (no charting library, no JavaScript): bars
// laid out in percentages of the width and text in pixels, so a chart fills a 360 px phone or a
// wide screen and its labels stay 13 px either way. Each chart is an image with a title and a
// description; its numbers are in a table beside it (« Voir les chiffres »), for screen readers,
// for copying, and because a colour is never the only way to tell two series apart.

/** DESIGN.md's colours, each at least 3:1 against white (WCAG 1.4.11) but the empty track, which is outlined. */
export const CHART_COLOURS = {
  primary: '#1f4fa3',
  success: '#1f7a4d',
  warm: '#b7791f',
  lightBlue: '#6b8fd6',
  grey: '#8792a2',
  track: '#dde1e7',
} as const

export interface ChartSeries {
  label: string
  colour: string
}

export interface ChartRow {
  label: string
  /** One value per series, stacked left to right. */
  values: number[]
  /** What the row's end says (« 42 % », « 1,2 k€ »). */
  note: string
  /** For `scale="share"`: the whole the values are parts of (the rest is drawn as an empty track). */
  total?: number
}

const ROW = 28
const ROW_ABOVE = 44
const BAR = 16

/**
 * Horizontal bars, one row per label, the series stacked. `absolute`: lengths compare across
 * rows (the longest row fills the width); `share`: each row is its own 100 % (`total`).
 * `labelsAbove` puts long labels (event titles) on their own line above the bar.
 */
export function BarChart({
  title,
  description,
  series,
  rows,
  scale = 'absolute',
  labelWidth = 18,
  labelsAbove = false,
  trackLabel,
}: {
  title: string
  description?: string
  series: ChartSeries[]
  rows: ChartRow[]
  scale?: 'absolute' | 'share'
  /** Per cent of the width kept for the labels on the left. */
  labelWidth?: number
  labelsAbove?: boolean
  /** For `scale="share"`: what the empty part of a bar stands for, in the legend. */
  trackLabel?: string
}) {
  const id = useId()
  const left = labelsAbove ? 0 : labelWidth
  // The end of the longest bar leaves room for its note.
  const span = 100 - left - 16
  const max = scale === 'share' ? 1 : Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)))
  const height = rows.length * (labelsAbove ? ROW_ABOVE : ROW)
  const pct = (n: number) => `${n.toFixed(3)}%`
  return (
    <div className="chart">
      {series.length > 1 || trackLabel ? <Legend series={series} trackLabel={trackLabel} /> : null}
      <svg
        className="chart__svg"
        width="100%"
        height={height}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-desc` : undefined}
      >
        <title id={`${id}-title`}>{title}</title>
        {description ? <desc id={`${id}-desc`}>{description}</desc> : null}
        {rows.map((row, i) => {
          const top = i * (labelsAbove ? ROW_ABOVE : ROW)
          const barTop = labelsAbove ? top + 20 : top + (ROW - BAR) / 2
          const whole = scale === 'share' ? row.total || 0 : max
          let x = left
          const segments = row.values.map((value, s) => {
            const width = whole > 0 ? (value / whole) * span : 0
            const segment = { x, width, colour: series[s]?.colour ?? CHART_COLOURS.grey }
            x += width
            return segment
          })
          return (
            <g key={`${row.label}-${i}`}>
              {labelsAbove ? (
                <text x="0" y={top + 13} className="chart__label">
                  {row.label}
                </text>
              ) : (
                <text x={pct(left - 1.5)} y={barTop + BAR / 2} dominantBaseline="central" textAnchor="end" className="chart__label">
                  {row.label}
                </text>
              )}
              {scale === 'share' ? (
                <rect x={pct(left)} y={barTop} width={pct(span)} height={BAR} fill={CHART_COLOURS.track} stroke={CHART_COLOURS.grey} strokeWidth="1" rx="2" />
              ) : null}
              {segments.map((s, k) =>
                s.width > 0 ? (
                  <rect key={k} x={pct(s.x)} y={barTop} width={pct(s.width)} height={BAR} fill={s.colour} stroke="#ffffff" strokeWidth="1" />
                ) : null,
              )}
              <text x={pct((scale === 'share' ? left + span : x) + 1.5)} y={barTop + BAR / 2} dominantBaseline="central" className="chart__note">
                {row.note}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

export function Legend({ series, trackLabel }: { series: ChartSeries[]; trackLabel?: string }) {
  return (
    <ul className="chart-legend" role="list">
      {series.map((s) => (
        <li key={s.label}>
          <span className="chart-legend__swatch" style={{ background: s.colour }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
      {trackLabel ? (
        <li>
          <span className="chart-legend__swatch chart-legend__swatch--track" aria-hidden="true" />
          {trackLabel}
        </li>
      ) : null}
    </ul>
  )
}

/** The chart's numbers as a table, folded under « Voir les chiffres »; the first column heads its row. */
export function FigureTable({ caption, header, rows }: { caption: string; header: string[]; rows: ReactNode[][] }) {
  const t = useT()
  return (
    <details className="figure-table">
      <summary>{t('admin.dashboard.showTable')}</summary>
      <div className="table-wrap">
        <table className="table table--figures">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, k) =>
                  k === 0 ? (
                    <th key={k} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={k} data-label={header[k]}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}

/** The big numbers at the top of a figure, each optionally a link to where it is handled. */
export function KeyFigures({ items }: { items: { label: string; value: string; href?: string; action?: string }[] }) {
  return (
    <dl className="key-figures">
      {items.map((item) => (
        <div key={item.label} className="key-figures__item">
          <dt>{item.label}</dt>
          <dd>
            <span className="key-figures__value">{item.value}</span>
            {item.href && item.action ? (
              <Link to={item.href} className="key-figures__link">
                {item.action}
                <span className="visually-hidden"> — {item.label}</span>
              </Link>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** A figure's card: its heading, its CSV, and what it shows. */
export function FigureCard({ id, title, csv, children }: { id: string; title: string; csv: string; children: ReactNode }) {
  const t = useT()
  return (
    <section className="card figure-card" aria-labelledby={id}>
      <div className="figure-card__head">
        <h2 id={id}>{title}</h2>
        <a href={csv} className="button button--ghost button--small" download aria-describedby={id}>
          {t('admin.dashboard.csv')}
        </a>
      </div>
      {children}
    </section>
  )
}
