// The socket events of every area, put together (as `~/i18n` puts their catalogues together): the
// server's Socket.IO and the browser's client are declared with these maps, so an event name, a
// payload or an answer that does not match is a type error on both sides. Types only.
import type { RemoteSocket, Server, Socket } from 'socket.io'
import type { EventsClientToServer, EventsServerToClient } from '~/features/events/realtime'
import type { GroupsClientToServer, GroupsServerToClient } from '~/features/groups/realtime'
import type { RosterClientToServer, RosterServerToClient } from '~/features/roster/realtime'
import type { CampaignsClientToServer, CampaignsServerToClient } from '~/features/campaigns/realtime'
import type { Ack, SocketData } from '~/shared/realtime'

/** The connection's own events, whatever the area. */
interface ConnectionClientToServer {
  /** The authenticated ping: proves the socket's session is still valid. */
  'amicale:ping': (ack: Ack<{ ok: true; userId: string; at: string }>) => void
}

export interface ClientToServerEvents
  extends ConnectionClientToServer, GroupsClientToServer, EventsClientToServer, RosterClientToServer, CampaignsClientToServer {}
export interface ServerToClientEvents extends GroupsServerToClient, EventsServerToClient, RosterServerToClient, CampaignsServerToClient {}
/** Processes talk through the Redis adapter's room emits only. */
export type InterServerEvents = Record<string, never>

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
/** A socket of this process or of another one (through the adapter). */
export type AnyRealtimeSocket = RealtimeSocket | RemoteSocket<ServerToClientEvents, SocketData>
