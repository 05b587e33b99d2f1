import { describe, expect, it } from 'vitest'
import { clauseError, reachesThreshold, reporterWeight, totalWeight } from '../../app/features/moderation/schema'

const DAY = 86400_000
const now = new Date('2026-06-01T12:00:00Z')
const aged = (days: number) => new Date(now.getTime() - days * DAY)

describe('a reporter’s weight and the threshold', () => {
  it.each([
    { paying: true, days: 400, weight: 1 },
    { paying: true, days: 30, weight: 1 },
    { paying: true, days: 29, weight: 0.5 },
    { paying: false, days: 400, weight: 0.5 },
    { paying: false, days: 2, weight: 0.5 },
  ])('paying $paying, account $days days old: $weight', ({ paying, days, weight }) => {
    expect(reporterWeight({ isPayingMember: paying, accountCreatedAt: aged(days), now })).toBe(weight)
  })

  it('two alumni and a new account (2.5) do not reach 3; three alumni do', () => {
    expect(
      reachesThreshold([
        { reporterId: 'a', weight: 1 },
        { reporterId: 'b', weight: 1 },
        { reporterId: 'n', weight: 0.5 },
      ]),
    ).toBe(false)
    expect(
      reachesThreshold([
        { reporterId: 'a', weight: 1 },
        { reporterId: 'b', weight: 1 },
        { reporterId: 'c', weight: 1 },
      ]),
    ).toBe(true)
  })

  it('counts each reporter once, and a report whose reporter left not at all', () => {
    expect(
      totalWeight([
        { reporterId: 'a', weight: 1 },
        { reporterId: 'a', weight: 1 },
        { reporterId: 'a', weight: 0.5 },
        { reporterId: null, weight: 1 },
      ]),
    ).toBe(1)
  })

  it('asks a clause only for a breach of the terms, among the clauses in force when there are some', () => {
    expect(clauseError('spam', '', null)).toBeNull()
    expect(clauseError('terms', '', null)).toBe('moderation.reports.error.clauseRequired')
    expect(clauseError('terms', '4.2', null)).toBeNull()
    expect(clauseError('terms', '4,2', null)).toBe('moderation.reports.error.clause')
    expect(clauseError('terms', '9', ['1', '4', '4.2'])).toBe('moderation.reports.error.clause')
    expect(clauseError('terms', '4.2', ['1', '4', '4.2'])).toBeNull()
  })
})
