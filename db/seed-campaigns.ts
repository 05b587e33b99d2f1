/**
 * Demo letters (« La lettre de l'Amicale », issue #17): one sent three weeks before the seed ran,
 * to every paying member, and a draft for the general assembly, both by the demo webmaster. The
 * sent one is history only: its mails are not in the demo's queue.
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from './client'
import { campaigns, memberships, users } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
const DAY = 24 * 60 * 60 * 1000

const SENT_BODY = `Chères et chers diplômés,

La rentrée de l’Amicale, c’est **trois rendez-vous** à ne pas manquer :

- l’afterwork de Lyon, le premier jeudi du mois ;
- la conférence en ligne sur les métiers de la donnée ;
- le gala annuel, dont la billetterie est ouverte.

Tout est sur la page des événements : https://amicale.example/evenements

Merci à celles et ceux qui ont rejoint le réseau cette année, et *bienvenue* aux nouveaux diplômés !`

const DRAFT_BODY = `Chères et chers membres,

L’assemblée générale de l’Amicale se tiendra le **samedi 21 novembre** à l’école, amphithéâtre A, à 10 h.

À l’ordre du jour :

1. le rapport moral et le rapport financier ;
2. l’élection d’une partie du bureau ;
3. les projets de l’année.

Les candidatures au bureau sont ouvertes jusqu’au 7 novembre : écrivez-nous à [contact@amicale.example](mailto:contact@amicale.example).`

export function insertCampaigns(tx: Tx, today: Date) {
  const author = tx.select({ id: users.id }).from(users).where(eq(users.email, 'admin@amicale.example')).get()
  const members =
    tx
      .select({ n: sql<number>`count(*)` })
      .from(memberships)
      .where(eq(memberships.status, 'active'))
      .get()?.n ?? 0
  const at = (days: number) => new Date(today.getTime() + days * DAY)
  tx.insert(campaigns)
    .values([
      {
        subject: 'La rentrée de l’Amicale',
        body: SENT_BODY,
        segment: JSON.stringify({ kind: 'members' }),
        status: 'sent',
        total: members,
        queued: members,
        createdBy: author?.id ?? null,
        createdAt: at(-23),
        updatedAt: at(-21),
        sentAt: at(-21),
      },
      {
        subject: 'Convocation à l’assemblée générale',
        body: DRAFT_BODY,
        segment: JSON.stringify({ kind: 'members' }),
        status: 'draft',
        createdBy: author?.id ?? null,
        createdAt: at(-2),
        updatedAt: at(-1),
      },
    ])
    .run()
}
