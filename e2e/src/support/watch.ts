import WebSocket from 'ws';

export type WatchFrame = { action: string; key: { serviceName?: string }; instance: { instanceId: string; hostName?: string; properties?: Record<string, string> } };

/** A watcher websocket on `…/microservices/{consumerId}/watcher`, recording every frame. */
export class Watcher {
  readonly frames: WatchFrame[] = [];
  private ws!: WebSocket;

  static async open(base: string, consumerId: string): Promise<Watcher> {
    const w = new Watcher();
    w.ws = new WebSocket(`${base.replace(/^http/, 'ws')}/v4/default/registry/microservices/${consumerId}/watcher`);
    w.ws.on('message', (data) => {
      try {
        w.frames.push(JSON.parse(String(data)) as WatchFrame);
      } catch {
        /* text messages such as "service does not exist" are not events */
      }
    });
    await new Promise<void>((resolve, reject) => {
      w.ws.once('open', () => resolve());
      w.ws.once('error', reject);
    });
    return w;
  }

  close(): void {
    this.ws.terminate();
  }
}
