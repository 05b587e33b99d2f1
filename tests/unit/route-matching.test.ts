import { matchRoutes } from '@remix-run/react'
import { resolveTo } from '@remix-run/router'
import { describe, expect, it } from 'vitest'

// patches/@remix-run+router: a path's matches are kept per route array (a page is matched three
// or four times per request); every caller must still get matches of its own.
describe('route matching, kept per path', () => {
  const routes = [
    {
      id: 'root',
      path: '/',
      children: [
        { id: 'thread', path: 'discussions/:threadId' },
        { id: 'home', index: true },
      ],
    },
  ]

  it('answers as matching afresh, again and again', () => {
    for (let i = 0; i < 3; i++) {
      expect(matchRoutes(routes, '/discussions/12')?.map((m) => [m.route.id, m.params.threadId, m.pathname])).toEqual([
        ['root', '12', '/'],
        ['thread', '12', '/discussions/12'],
      ])
      expect(matchRoutes(routes, '/')?.map((m) => m.route.id)).toEqual(['root', 'home'])
      expect(matchRoutes(routes, '/nulle-part')).toBeNull()
    }
  })

  it('gives each caller its own match objects and params, shared within one answer as before', () => {
    const first = matchRoutes(routes, '/discussions/7')!
    ;(first[1]!.params as Record<string, string>).threadId = 'changed'
    first[1]!.pathname = '/changed'
    const second = matchRoutes(routes, '/discussions/7')!
    expect(second[1]).toMatchObject({ params: { threadId: '7' }, pathname: '/discussions/7' })
    expect(second[0]!.params).toBe(second[1]!.params)
  })

  it('keeps the answers of one route array apart from another’s', () => {
    const other = [{ id: 'other', path: '/discussions/:threadId' }]
    expect(matchRoutes(routes, '/discussions/3')?.at(-1)?.route.id).toBe('thread')
    expect(matchRoutes(other, '/discussions/3')?.at(-1)?.route.id).toBe('other')
  })
})

// The same patch keeps what a link's target resolves to (a page renders dozens of links).
describe('link targets, kept per route paths', () => {
  it('resolve as afresh, relative ones included, and each caller gets its own copy', () => {
    for (let i = 0; i < 2; i++) {
      expect(resolveTo('/evenements/3', ['/', '/groupes'], '/groupes')).toEqual({ pathname: '/evenements/3', search: '', hash: '' })
      expect(resolveTo('..', ['/', '/groupes/4'], '/groupes/4')).toEqual({ pathname: '/', search: '', hash: '' })
      expect(resolveTo('membres?page=2', ['/', '/groupes/4'], '/groupes/4')).toEqual({ pathname: '/groupes/4/membres', search: '?page=2', hash: '' })
      expect(resolveTo('.', ['/', '/groupes/'], '/groupes/')).toEqual({ pathname: '/groupes/', search: '', hash: '' })
    }
    const first = resolveTo('/annuaire', ['/'], '/')
    first.pathname = '/changed'
    expect(resolveTo('/annuaire', ['/'], '/').pathname).toBe('/annuaire')
    // Object targets are checked as before.
    expect(() => resolveTo({ pathname: '/a?b' }, ['/'], '/')).toThrow(/Cannot include a '\?' character/)
  })
})
