import type WebSocket from 'ws';
import { ScCodes, type MicroService, type MicroServiceInstance } from '@service-center/core';
import type { RegistryApi } from '../api/registry-api';
import { ScClientError, describeCause, hasScCode, isScClientError } from '../errors';
import { EventSink, safeEmit } from '../events';
import type { EndpointPool } from '../transport/failover';
import { Backoff, BackoffOptions } from '@service-center/core';
import { OpenedWebsocket, WebsocketDeps, openServerWebsocket, refusedUpgradeStatus } from '../transport/websocket';

export type HeartbeatMode = 'http' | 'websocket';

export type RegistrationSpec = Readonly<{ service: MicroService; instance: MicroServiceInstance }>;

export type Registration = Readonly<{ serviceId: string; instanceId: string }>;

/** WebSocket close code 4001: the server no longer has the instance (cari ErrWebsocketInstanceNotExists). */
const INSTANCE_GONE_CLOSE = 4001;

export type KeepAliveDeps = WebsocketDeps &
  Readonly<{
    api: RegistryApi;
    pool: EndpointPool;
    project: string;
    intervalMs: number;
    mode: HeartbeatMode;
    backoff: BackoffOptions;
    onEvent?: EventSink;
  }>;

/**
 * Keeps one registered instance alive: a heartbeat every interval (HTTP PUT, or the
 * websocket heartbeat where the server offers it, HTTP meanwhile), and registration again
 * (service, then the same instance id) whenever the server says the instance is gone (400017,
 * or websocket close 4001). Failures never stop the loop; they are reported as events.
 */
export class KeepAlive {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private ws: WebSocket | undefined;
  private wsOpen = false;
  private mode: HeartbeatMode;
  private readonly wsBackoff: Backoff;
  private wsTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: KeepAliveDeps,
    private readonly spec: RegistrationSpec,
    private current: Registration,
  ) {
    this.mode = deps.mode;
    this.wsBackoff = new Backoff(deps.backoff);
  }

  get registration(): Registration {
    return this.current;
  }

  start(): void {
    this.scheduleHttp(this.deps.intervalMs);
    if (this.mode === 'websocket') this.connectWebsocket();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.wsTimer) clearTimeout(this.wsTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
    await this.running;
  }

  /** Register the service (idempotent) and this instance again, under the same instance id. */
  async reRegister(reason: string): Promise<Registration> {
    const { api } = this.deps;
    const serviceId = await api.registerService(this.spec.service);
    const instanceId = await api.registerInstance(serviceId, {
      ...this.spec.instance,
      serviceId,
      instanceId: this.current.instanceId,
    });
    this.current = { serviceId, instanceId };
    safeEmit(this.deps.onEvent, { type: 'reregistered', serviceId, instanceId, reason });
    return this.current;
  }

  private scheduleHttp(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.httpBeat().finally(() => this.scheduleHttp(this.deps.intervalMs));
    }, ms);
    this.timer.unref();
  }

  /** One HTTP heartbeat, unless the websocket heartbeat is up. */
  private async httpBeat(): Promise<void> {
    if (this.stopped || this.wsOpen) return;
    const { serviceId, instanceId } = this.current;
    try {
      await this.deps.api.heartbeat(serviceId, instanceId);
    } catch (err) {
      if (this.stopped) return;
      if (hasScCode(err, ScCodes.InstanceNotExists) || hasScCode(err, ScCodes.ServiceNotExists)) {
        await this.reRegisterQuietly(`heartbeat: ${(err as ScClientError).message}`);
        return;
      }
      safeEmit(this.deps.onEvent, { type: 'heartbeat-failed', error: asClientError(err) });
    }
  }

  private async reRegisterQuietly(reason: string): Promise<void> {
    try {
      await this.reRegister(reason);
    } catch (err) {
      safeEmit(this.deps.onEvent, { type: 'heartbeat-failed', error: asClientError(err) });
    }
  }

  private connectWebsocket(): void {
    if (this.stopped || this.mode !== 'websocket') return;
    const endpoint = this.deps.pool.candidates()[0] ?? this.deps.pool.urls[0];
    const { serviceId, instanceId } = this.current;
    const path = `/v4/${encodeURIComponent(this.deps.project)}/registry/microservices/${encodeURIComponent(serviceId)}/instances/${encodeURIComponent(instanceId)}/heartbeat`;
    openServerWebsocket(endpoint, path, this.deps).then(
      (opened) => this.attachWebsocket(endpoint, opened),
      (err: unknown) => {
        // The login failed: HTTP heartbeats meanwhile (they report it), the websocket later.
        if (this.stopped) return;
        safeEmit(this.deps.onEvent, { type: 'heartbeat-failed', error: asClientError(err) });
        this.reconnectWebsocket(this.wsBackoff.next());
      },
    );
  }

  private attachWebsocket(endpoint: string, opened: OpenedWebsocket): void {
    const { ws, sent } = opened;
    if (this.stopped) {
      ws.on('error', () => undefined);
      ws.terminate();
      return;
    }
    this.ws = ws;
    let refused: number | undefined;
    ws.on('open', () => {
      this.wsOpen = true;
      this.wsBackoff.reset();
      safeEmit(this.deps.onEvent, { type: 'heartbeat-mode', mode: 'websocket', endpoint });
    });
    ws.on('error', (err: Error) => {
      refused = refusedUpgradeStatus(err);
    });
    ws.on('close', (code: number) => {
      const wasOpen = this.wsOpen;
      this.wsOpen = false;
      if (this.ws !== ws || this.stopped) return;
      this.ws = undefined;
      if (refused === 401 && this.deps.auth?.rejected(endpoint, sent)) {
        // A token the server no longer takes: log in again, then reconnect.
        this.reconnectWebsocket(this.wsBackoff.next());
        return;
      }
      if (refused !== undefined && refused >= 400 && refused < 500) {
        // The server has no websocket heartbeat (or refuses it): HTTP from now on.
        this.mode = 'http';
        safeEmit(this.deps.onEvent, { type: 'heartbeat-mode', mode: 'http', endpoint, reason: `websocket upgrade answered ${refused}` });
        return;
      }
      if (wasOpen) safeEmit(this.deps.onEvent, { type: 'heartbeat-mode', mode: 'http', endpoint, reason: `websocket closed (${code})` });
      if (code === INSTANCE_GONE_CLOSE) {
        this.running = this.reRegisterQuietly('websocket heartbeat: instance does not exist (4001)').finally(() =>
          this.reconnectWebsocket(0),
        );
        return;
      }
      this.reconnectWebsocket(this.wsBackoff.next());
    });
  }

  private reconnectWebsocket(ms: number): void {
    if (this.stopped) return;
    this.wsTimer = setTimeout(() => this.connectWebsocket(), ms);
    this.wsTimer.unref();
  }
}

function asClientError(err: unknown): ScClientError {
  return isScClientError(err) ? err : new ScClientError({ kind: 'network', message: describeCause(err), cause: err });
}
