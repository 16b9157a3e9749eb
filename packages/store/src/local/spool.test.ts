import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Spool } from './spool.js';

const dieMidWrite = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'die-mid-spool-write.mjs');

/** Runs a spool writer that is killed before it renames its temporary file; resolves with that file's name. */
async function writerKilledMidWrite(directory: string, content: string): Promise<string> {
  const before = new Set(await readdir(directory));
  const child = spawn(process.execPath, [dieMidWrite, directory, content], { stdio: 'inherit' });
  const signal = await new Promise((resolve) => child.on('exit', (_code, exitSignal) => resolve(exitSignal)));
  expect(signal).toBe('SIGKILL');
  const [left] = (await readdir(directory)).filter((name) => !before.has(name));
  return left!;
}

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

  it('has nothing pending without a directory, and ignores foreign files and partial (unrenamed) ones of live writers', async () => {
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

  it('settles the temporary files of writers killed mid-write when it is read: empty and torn ones go, complete ones count', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await mkdir(spool.directory, { recursive: true });
    const empty = await writerKilledMidWrite(spool.directory, '');
    const torn = await writerKilledMidWrite(spool.directory, '[{"op":"deleteTag","runId":"r"');
    const complete = await writerKilledMidWrite(spool.directory, '[{"op":"deleteTag","runId":"r","key":"k"}]');
    const live = '.tmp-0000000001-1-00000001-abcdef'; // pid 1 lives
    await writeFile(join(spool.directory, live), '');
    expect([empty, torn, complete].every((name) => name.startsWith('.tmp-'))).toBe(true);

    const completeId = complete.slice('.tmp-'.length);
    expect(await spool.pending()).toEqual([completeId]);
    expect(await spool.read(completeId)).toEqual({ id: completeId, operations: [{ op: 'deleteTag', runId: 'r', key: 'k' }] });
    expect((await readdir(spool.directory)).sort()).toEqual([`${completeId}.seg`, live, 'unreadable'].sort());
    expect(await readdir(join(spool.directory, 'unreadable'))).toEqual([torn]);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining(`spool file ${torn}, left by a writer that died mid-write, is incomplete`));
  });
});
