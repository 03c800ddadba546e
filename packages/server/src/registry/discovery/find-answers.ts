import { CachedAnswer, FindCache } from './find-cache';

/**
 * The find cache bound to the data it depends on: the store's revision, the instance view's
 * changes (self-preservation) and, for global reads (and plain ones under failover), the
 * merged view's version.
 */
export class FindAnswers {
  private readonly cache = new FindCache();
  private viewChanges = 0;

  constructor(
    private readonly storeRevision: () => number,
    onViewChange: (listener: () => void) => void,
    private readonly globalVersion: () => number | undefined,
    /** Plain reads fail over to the merged view: they depend on its version too. */
    private readonly plainFollowsView: () => boolean = () => false,
  ) {
    onViewChange(() => this.viewChanges++);
  }

  epoch(global: boolean): string {
    return `${this.storeRevision()}:${this.viewChanges}:${global || this.plainFollowsView() ? (this.globalVersion() ?? '') : ''}`;
  }

  get(key: string, global: boolean): CachedAnswer | undefined {
    return this.cache.get(key, this.epoch(global));
  }

  put(key: string, global: boolean, revision: string, body: string): CachedAnswer {
    const answer = new CachedAnswer(this.epoch(global), revision, Buffer.from(body, 'utf8'));
    this.cache.set(key, answer);
    return answer;
  }
}
