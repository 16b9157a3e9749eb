// Spawned by autolog-under-tsx.test.ts: an app that calls OpenAI right after autolog(), without awaiting `ready`;
// with `given`, it passes the openai package it imported to autolog().
import OpenAI from 'openai';
import { autolog, getExportStats } from '../../index.js';
import { createMockLlmServer } from '../../testing/index.js';
import { resetForTests } from '../../testing/reset-for-tests.js';

const server = await createMockLlmServer({});
await resetForTests({ tracing: { flushIntervalMs: 60_000, resolveDestination: async () => ({ exporter: { export: async () => undefined }, experimentId: '0' }) } });
const given = process.argv[2] === 'given';
autolog(given ? { openai: OpenAI } : {});
const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'mock' });
await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
process.stdout.write(JSON.stringify(getExportStats()));
await server.close();
