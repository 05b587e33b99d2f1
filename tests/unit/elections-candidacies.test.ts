import { describe, expect, it } from 'vitest'
import { drawOrder } from '../../app/features/elections/candidacies.server'

describe('the drawn order of the candidates', () => {
  it('is a permutation', () => {
    const items = Array.from({ length: 20 }, (_, i) => i)
    expect(drawOrder(items).sort((a, b) => a - b)).toEqual(items)
    expect(drawOrder([])).toEqual([])
    expect(drawOrder(['seul'])).toEqual(['seul'])
  })

  it('puts each of 3 candidates first about a third of 3,000 draws, and every order about a sixth', () => {
    const first = new Map<string, number>()
    const orders = new Map<string, number>()
    for (let i = 0; i < 3000; i++) {
      const order = drawOrder(['a', 'b', 'c'])
      first.set(order[0]!, (first.get(order[0]!) ?? 0) + 1)
      orders.set(order.join(''), (orders.get(order.join('')) ?? 0) + 1)
    }
    // 1,000 expected, σ ≈ 26: ±150 is beyond 5 σ.
    for (const c of ['a', 'b', 'c']) expect(Math.abs((first.get(c) ?? 0) - 1000)).toBeLessThan(150)
    expect(orders.size).toBe(6)
    for (const n of orders.values()) expect(Math.abs(n - 500)).toBeLessThan(120)
  })

  it('rejects biased words instead of reducing them modulo n', () => {
    // 2^32 - 1 is above the largest multiple of 3 below 2^32: it must be drawn again.
    const words = [0xffffffff, 4]
    const random = (buf: Uint32Array) => {
      buf[0] = words.shift() ?? 0
      return buf
    }
    expect(drawOrder(['a', 'b'], random)).toEqual(['a', 'b'])
  })
})
