import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Spool } from './spool.js';

describe('Spool', () => {
  let directory: string;
  let spool: Spool;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-spool-'));
    spool = new Spool(join(directory, 'spool'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(directory, { recursive: true, force: true });
  });

  it('writes a complete segment and returns its id; pending lists it', async () => {
    const id = await spool.write([{ op: 'deleteTag', runId: 'r', key: 'k' }]);
    expect(await readdir(spool.directory)).toEqual([`${id}.seg`]);
    expect(JSON.parse(await readFile(join(spool.directory, `${id}.seg`), 'utf8'))).toEqual([{ op: 'deleteTag', runId: 'r', key: 'k' }]);
    expect(await spool.pending()).toEqual([id]);
  });

  it('writes synchronously for exit handlers: the segment is there when writeSync returns', async () => {
    await mkdir(spool.directory, { recursive: true });
    const id = spool.writeSync([{ op: 'deleteTag', runId: 'r', key: 'k' }]);
    expect(await readdir(spool.directory)).toEqual([`${id}.seg`]);
  });

  it('names segments so that they sort in the order they were written', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 20; index += 1) ids.push(await spool.write([{ op: 'deleteTag', runId: 'r', key: String(index) }]));
    expect(await spool.pending()).toEqual(ids);
  });

  it('has nothing pending without a directory, and ignores partial (unrenamed) and foreign files', async () => {
    expect(await spool.pending()).toEqual([]);
    await mkdir(spool.directory, { recursive: true });
    await writeFile(join(spool.directory, '.tmp-0000000001-1-00000001-abcdef'), '[{"op":"deleteTag"');
    await writeFile(join(spool.directory, 'notes.txt'), 'x');
    expect(await spool.pending()).toEqual([]);
    expect((await readdir(spool.directory)).sort()).toEqual(['.tmp-0000000001-1-00000001-abcdef', 'notes.txt']);
  });

  it('reads a segment back with NaN and infinities, a missing one as undefined, and sets an unreadable one aside', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const operations = [
      { op: 'logBatch' as const, runId: 'r', metrics: [{ key: 'nan', value: Number.NaN, timestamp: 1, step: 0 }, { key: 'inf', value: -Infinity, timestamp: 1, step: 0 }], params: [], tags: [] },
    ];
    const id = await spool.write(operations);
    expect(await spool.read(id)).toEqual({ id, operations });
    expect(await spool.read('0000000000-1-00000009-gone00')).toBeUndefined();
    await writeFile(join(spool.directory, '0000000000-1-00000001-zzzzzz.seg'), '[{"op":"logBatch","runId":'); // torn
    expect(await spool.read('0000000000-1-00000001-zzzzzz')).toBeUndefined();
    expect(await readdir(join(spool.directory, 'unreadable'))).toEqual(['0000000000-1-00000001-zzzzzz.seg']);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining('spool segment 0000000000-1-00000001-zzzzzz.seg could not be read'));
    await spool.remove(id);
    await spool.remove(id); // already gone is fine
    expect(await spool.pending()).toEqual([]);
  });
});
