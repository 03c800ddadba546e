import type { FindQuery } from './api/registry-api';
import type { ScClientError } from './errors';

/**
 * What the client tells the application about itself (option `onEvent`): registration,
 * failover, outages and watches. Purely informative: the client acts on its own.
 */
export type ClientEvent =
  | Readonly<{ type: 'endpoint-down'; endpoint: string; error: string }>
  | Readonly<{ type: 'endpoint-up'; endpoint: string }>
  | Readonly<{ type: 'registered'; serviceId: string; instanceId: string }>
  | Readonly<{ type: 'reregistered'; serviceId: string; instanceId: string; reason: string }>
  | Readonly<{ type: 'heartbeat-failed'; error: ScClientError }>
  | Readonly<{ type: 'heartbeat-mode'; mode: 'http' | 'websocket'; endpoint?: string; reason?: string }>
  | Readonly<{ type: 'serving-cache'; query: FindQuery; error: ScClientError }>
  | Readonly<{ type: 'empty-answer-held'; query: FindQuery; streak: number }>
  | Readonly<{ type: 'watch-connected'; consumerId: string; endpoint: string }>
  | Readonly<{ type: 'watch-disconnected'; consumerId: string; reason: string; retryInMs: number }>
  | Readonly<{ type: 'watch-stopped'; consumerId: string; reason: string }>
  | Readonly<{ type: 'unregistered'; serviceId: string; instanceId: string }>
  | Readonly<{ type: 'error'; error: ScClientError }>;

export type EventSink = (e: ClientEvent) => void;

/** Call a listener without letting its failure reach the client's loops. */
export function safeEmit(sink: EventSink | undefined, e: ClientEvent): void {
  if (!sink) return;
  try {
    sink(e);
  } catch {
    // the application's listener failed; the client carries on
  }
}
