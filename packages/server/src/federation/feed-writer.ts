import { setImmediate as nextTurn } from 'node:timers/promises';
import { View, ViewEvent, changeEventSlices, changeEventsOf } from '@service-center/core';
import type { Logger } from 'pino';
import type { ExportFeed } from './export-feed';

/**
 * Writes the stream events of each change of the merged view into the export feed, in the
 * order of the changes. A big change (a large peer's snapshot: 100k events) is written a
 * slice per turn of the event loop; changes after it wait their turn behind it.
 */
export class FeedWriter {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly feed: ExportFeed,
    private readonly log: Logger,
    private readonly slice = 1_000,
  ) {}

  write(before: View, after: View, events: readonly ViewEvent[]): void {
    if (this.pending === 0 && events.length <= this.slice) {
      this.feed.publish(changeEventsOf(before, after, events));
      return;
    }
    this.pending++;
    this.queue = this.queue
      .then(async () => {
        for (const slice of changeEventSlices(before, after, events, this.slice)) {
          this.feed.publish(slice);
          await nextTurn();
        }
      })
      .catch((err: unknown) => this.log.error({ err }, 'change-stream events of a view change could not be written'))
      .finally(() => this.pending--);
  }
}
