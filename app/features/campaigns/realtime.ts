// The letters' socket events (types only: the letter's page imports them in the browser;
// `realtime.server.ts` handles them). Progress goes to the webmasters' room, each message naming
// its letter; `queued` only grows during a send, so a client keeps the highest it has seen.
import type { CampaignProgress } from '~/features/campaigns/schema'
import type { Ack, Refusal } from '~/shared/realtime'
import type { WebmastersRoom } from '~/shared/rooms'

export type WatchCampaignAnswer = { ok: true; progress: CampaignProgress } | Refusal

export interface CampaignsClientToServer {
  /** Webmasters on a letter's page: join the room its batches report to; answers where it stands now. */
  'campaign:watch': (payload: { campaignId: number }, ack: Ack<WatchCampaignAnswer>) => void
}

export interface CampaignsServerToClient {
  'campaign:progress': (progress: CampaignProgress) => void
}

/** What the letters' use cases publish after each batch's transaction. */
export type CampaignsBusEvent = { type: 'campaign:progress'; room: WebmastersRoom; payload: CampaignProgress }
