import type { MemberDocument } from './types'
import { HIGHLIGHT_FIELDS } from './highlight'
import { indexTerms } from './normalize'
import { Vocabulary } from './typos'

/** A posting packs a slot and a field (its index in HIGHLIGHT_FIELDS) into one integer. */
const FIELD_BITS = 3
const FIELD_MASK = (1 << FIELD_BITS) - 1
export const postingSlot = (posting: number) => posting >>> FIELD_BITS
export const postingField = (posting: number) => posting & FIELD_MASK

const fieldText = (doc: MemberDocument, field: (typeof HIGHLIGHT_FIELDS)[number]) => doc[field] ?? ''

/**
 * The embedded engine's inverted index: for each indexed word, the (slot, field) pairs that hold
 * it, in one growable Int32Array per word. Matching a query walks these arrays directly (see
 * embedded-match.ts): no per-posting object, score or callback. The words themselves live in the
 * sorted `vocabulary`, which gives prefix ranges and typo variants.
 *
 * A document's postings are removed when it is replaced or deleted (its old text says which
 * words to clean), so a list only ever holds live documents.
 */
export class TextIndex {
  readonly vocabulary = new Vocabulary()
  private ids = new Map<string, number>()
  private lists: Int32Array[] = []
  private lengths: number[] = []

  add(slot: number, doc: MemberDocument) {
    HIGHLIGHT_FIELDS.forEach((field, f) => {
      const posting = (slot << FIELD_BITS) | f
      for (const term of indexTerms(fieldText(doc, field))) {
        let id = this.ids.get(term)
        if (id === undefined) {
          id = this.lists.length
          this.ids.set(term, id)
          this.lists.push(new Int32Array(4))
          this.lengths.push(0)
          this.vocabulary.add(term)
        }
        const length = this.lengths[id]
        // A word twice in one field (« Martin Martin ») is one posting: this document's are the last ones added.
        if (length > 0 && this.lists[id][length - 1] === posting) continue
        if (length === this.lists[id].length) {
          const grown = new Int32Array(length * 2)
          grown.set(this.lists[id])
          this.lists[id] = grown
        }
        this.lists[id][length] = posting
        this.lengths[id] = length + 1
      }
    })
  }

  /**
   * Only teaches the vocabulary a document's words: for a version replaced within the same write,
   * whose words the vocabulary has always kept (they can matter to typo variants' cap).
   */
  learn(doc: MemberDocument) {
    for (const field of HIGHLIGHT_FIELDS) for (const term of indexTerms(fieldText(doc, field))) this.vocabulary.add(term)
  }

  /** Removes the postings of these slots, given the documents they held: one pass per word concerned. */
  remove(removed: { slot: number; doc: MemberDocument }[]) {
    if (removed.length === 0) return
    const dropped = new Uint8Array(removed.reduce((max, r) => Math.max(max, r.slot), 0) + 1)
    const words = new Set<number>()
    for (const { slot, doc } of removed) {
      dropped[slot] = 1
      for (const field of HIGHLIGHT_FIELDS) for (const term of indexTerms(fieldText(doc, field))) words.add(this.ids.get(term)!)
    }
    for (const id of words) {
      const list = this.lists[id]
      let kept = 0
      for (let k = 0; k < this.lengths[id]; k++) if (dropped[postingSlot(list[k])] !== 1) list[kept++] = list[k]
      this.lengths[id] = kept
    }
  }

  /** The postings of one word, in no particular order (empty when unknown). */
  postings(term: string): Int32Array {
    const id = this.ids.get(term)
    return id === undefined ? EMPTY : this.lists[id].subarray(0, this.lengths[id])
  }

  /**
   * The prefixes of known words (one letter or more) whose words hold at least `min` postings in
   * all: the one-word queries that reach that many documents or more (see embedded.ts, `prepared`).
   */
  broadPrefixes(min: number): string[] {
    const out: string[] = []
    const visit = (prefix: string, terms: string[]) => {
      let total = 0
      for (const term of terms) total += this.postings(term).length
      if (total < min) return
      if (prefix) out.push(prefix)
      // The longer words by their next character: the list is sorted, so each is one run.
      for (let i = 0; i < terms.length;) {
        if (terms[i].length === prefix.length) {
          i++
          continue
        }
        const next = prefix + terms[i][prefix.length]
        let j = i
        while (j < terms.length && terms[j].startsWith(next)) j++
        visit(next, terms.slice(i, j))
        i = j
      }
    }
    visit('', this.vocabulary.withPrefix(''))
    return out
  }

  settle() {
    this.vocabulary.settle()
  }
}

const EMPTY = new Int32Array(0)
