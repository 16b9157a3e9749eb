/** Flushing and closing a store. */
export interface StoreLifecycle {
  /**
   * Makes every acknowledged write durable and visible to other processes
   * (a local store also tries, without waiting, to apply its spool). Never
   * throws for a store that is busy.
   */
  flush(): Promise<void>;
  /**
   * Flushes and releases files, locks and connections. The store is unusable
   * afterwards (its methods reject); closing it again is a no-op.
   */
  close(): Promise<void>;
}
