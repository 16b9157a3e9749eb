import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.js';

describe('Mutex', () => {
  it('runs work one piece at a time, in queue order, even when pieces finish at different speeds', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    let inside = 0;
    const piece = (name: string, ticks: number) =>
      mutex.runExclusive(async () => {
        inside += 1;
        events.push(`start ${name} (${inside} inside)`);
        for (let tick = 0; tick < ticks; tick += 1) await Promise.resolve();
        events.push(`end ${name}`);
        inside -= 1;
        return name;
      });
    const results = await Promise.all([piece('slow', 20), piece('fast', 0), piece('middle', 5)]);
    expect(results).toEqual(['slow', 'fast', 'middle']);
    expect(events).toEqual(['start slow (1 inside)', 'end slow', 'start fast (1 inside)', 'end fast', 'start middle (1 inside)', 'end middle']);
  });

  it('gives a failure to its caller only, and goes on with the next piece', async () => {
    const mutex = new Mutex();
    const failing = mutex.runExclusive(() => {
      throw new Error('boom');
    });
    const next = mutex.runExclusive(() => 'still runs');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('still runs');
    await expect(mutex.whenIdle()).resolves.toBeUndefined();
  });

  it('whenIdle waits for everything queued so far', async () => {
    const mutex = new Mutex();
    let done = false;
    void mutex.runExclusive(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      done = true;
    });
    await mutex.whenIdle();
    expect(done).toBe(true);
  });
});
