import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseRoom, rooms } from '../../app/shared/rooms'

// The re-authorisation reads a socket's rooms back to decide which it must leave: a name it read
// wrongly would keep a right alive, or take one away.
describe('room names', () => {
  const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })

  it('reads back every room it builds, as the same kind and id', () => {
    fc.assert(
      fc.property(id, (n) => {
        expect(parseRoom(rooms.group(n))).toEqual({ kind: 'group', id: n })
        expect(parseRoom(rooms.thread(n))).toEqual({ kind: 'thread', id: n })
        expect(parseRoom(rooms.event(n))).toEqual({ kind: 'event', id: n })
        expect(parseRoom(rooms.eventOrganizers(n))).toEqual({ kind: 'eventOrganizers', id: n })
      }),
    )
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (userId) => {
        expect(parseRoom(rooms.user(userId))).toEqual({ kind: 'user', userId })
      }),
    )
    expect(parseRoom(rooms.forum)).toEqual({ kind: 'forum' })
    expect(parseRoom(rooms.moderation)).toEqual({ kind: 'moderation' })
  })

  it.each(['Vx3kq9ZtAAAB', 'user:', 'group:', 'group:abc', 'group:0', 'group:1.5', 'thread:-3', 'event:4:watchers', 'event::organizers', 'groups:1'])(
    'reads %j as no room of ours (a socket id, or a name nobody builds)',
    (name) => {
      expect(parseRoom(name)).toBeNull()
    },
  )
})
