interface Waiting<V> {
  keys: readonly string[];
  resolve(found: Map<string, V>): void;
  reject(error: unknown): void;
}

/**
 * Look-ups by key that wait for one another and then go together: while one
 * read runs (or waits for `settle`), the keys asked for meanwhile are
 * gathered, and read at once when it ends. So concurrent requests (OTLP
 * batches from several exporters) make one store read instead of one each;
 * every read the store queues between its writes keeps them from being
 * committed together.
 */
export class CoalescedLookup<V> {
  private waiting: Waiting<V>[] = [];
  private reading = false;

  /**
   * `read` gets distinct keys and answers with the ones it found; each read
   * first waits for `settle` (e.g. the writes in flight when it was called),
   * and the keys asked for meanwhile go with it.
   */
  constructor(
    private readonly read: (keys: readonly string[]) => Promise<Map<string, V>>,
    private readonly settle: () => Promise<unknown> = () => Promise.resolve(),
  ) {}

  /** The keys among `keys` that were found, with their values; rejects when the read that had them failed. */
  lookUp(keys: readonly string[]): Promise<Map<string, V>> {
    if (keys.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.waiting.push({ keys, resolve, reject });
      if (!this.reading) void this.readWaiting();
    });
  }

  private async readWaiting(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.length > 0) {
        await this.settle().catch(() => undefined);
        const batch = this.waiting;
        this.waiting = [];
        const keys = new Set<string>();
        for (const { keys: asked } of batch) for (const key of asked) keys.add(key);
        let found: Map<string, V>;
        try {
          found = await this.read([...keys]);
        } catch (error) {
          for (const { reject } of batch) reject(error);
          continue;
        }
        for (const { keys: asked, resolve } of batch) {
          const answer = new Map<string, V>();
          for (const key of asked) {
            const value = found.get(key);
            if (value !== undefined) answer.set(key, value);
          }
          resolve(answer);
        }
      }
    } finally {
      this.reading = false;
    }
  }
}
