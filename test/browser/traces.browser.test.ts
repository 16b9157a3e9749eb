import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser, hydrated, useDashboard, type DashboardPage } from './dashboard-fixture.js';

// The traces section on the demo store (`assay demo`: the autolog'd LangChain
// `travel-assistant`, OpenAI calls, the AGENT span `plan-museum-day`, a 429
// ERROR trace), plus traces this file sends to the running server over OTLP/JSON:
// two chat sessions, a trace full of hostile LLM output, and a 10,000-span trace.

interface TraceSummary {
  trace_id: string;
  name?: string;
  state: string;
  execution_duration_ms?: number;
  request_preview?: string;
  response_preview?: string;
  token_usage?: { input_tokens: number; output_tokens: number; total_tokens: number };
  session_id?: string;
}

interface SpanSummary {
  span_id: string;
  parent_span_id?: string;
  name: string;
  span_type: string;
  start_time_unix_nano: string;
}

/** An OTLP span as this file writes it (attribute values are strings). */
interface OtlpSpan {
  /** Default the trace sent. */
  traceId?: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes?: Record<string, string>;
  error?: string;
}

const HOSTILE =
  '\u001b[31mRED\u001b[0m <script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> [click me](javascript:window.__xss=3) {"href":"javascript:window.__xss=3"}';

const hex = (value: number, length: number) => value.toString(16).padStart(length, '0');

describeInBrowser('dashboard: traces', () => {
  const session = useDashboard();
  const ids = { demo: '', sessions: '', hostile: '', big: '', many: '', hostileTrace: '', bigTrace: '', bigLastSpan: '', taggedTrace: '' };

  async function apiPost<T>(path: string, body: unknown): Promise<{ status: number; json: T }> {
    const response = await fetch(`${session.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as T };
  }
  async function apiGet<T>(path: string): Promise<T> {
    const response = await fetch(`${session.server.url}${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }
  async function searchTraces(experimentId: string, filter?: string, orderBy?: string[]): Promise<TraceSummary[]> {
    const { status, json } = await apiPost<{ traces?: TraceSummary[] }>('/api/assay/v1/traces/search', {
      experiment_ids: [experimentId],
      max_results: 500,
      ...(filter !== undefined ? { filter } : {}),
      ...(orderBy !== undefined ? { order_by: orderBy } : {}),
    });
    expect(status).toBe(200);
    return json.traces ?? [];
  }
  /** Sends one trace's spans to the server's OTLP endpoint, into the experiment named (created when missing); returns the experiment's id. */
  async function sendTrace(experiment: string, traceId: string, spans: readonly OtlpSpan[], startMs: number): Promise<string> {
    const nanos = (ms: number) => (BigInt(Math.round((startMs + ms) * 1000)) * 1000n).toString();
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'traces-browser-test' } }] },
          scopeSpans: [
            {
              scope: { name: 'traces-browser-test' },
              spans: spans.map((span) => ({
                traceId: span.traceId ?? traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                name: span.name,
                kind: 1,
                startTimeUnixNano: nanos(span.startMs),
                endTimeUnixNano: nanos(span.endMs),
                attributes: Object.entries(span.attributes ?? {}).map(([key, value]) => ({ key, value: { stringValue: value } })),
                events: [],
                status: span.error !== undefined ? { code: 2, message: span.error } : { code: 1 },
              })),
            },
          ],
        },
      ],
    };
    const response = await fetch(`${session.server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-assay-experiment': experiment }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(200);
    const { experiments = [] } = (await apiPost<{ experiments?: Array<{ experiment_id: string; name: string }> }>('/api/2.0/mlflow/experiments/search', { max_results: 1000 })).json;
    return experiments.find((candidate) => candidate.name === experiment)!.experiment_id;
  }
  /** A root span of a chat turn: its request and response, in a session. */
  const turn = (spanId: string, sessionId: string, question: string, answer: string): OtlpSpan => ({
    spanId,
    name: 'chat-turn',
    startMs: 0,
    endMs: 40,
    attributes: {
      'mlflow.spanType': '"CHAIN"',
      'mlflow.spanInputs': JSON.stringify({ question }),
      'mlflow.spanOutputs': JSON.stringify(answer),
      'mlflow.trace.session': JSON.stringify(sessionId),
      'mlflow.trace.user': '"browser-test-user"',
    },
  });

  beforeAll(async () => {
    const { experiments = [] } = (await apiPost<{ experiments?: Array<{ experiment_id: string; name: string }> }>('/api/2.0/mlflow/experiments/search', { max_results: 1000 })).json;
    ids.demo = experiments.find((experiment) => experiment.name === 'assay-demo')!.experiment_id;

    // Two sessions, interleaved in time: each session's turns must come back together and in order.
    const base = Date.now() - 60_000;
    const conversation: Array<[string, string, string]> = [
      ['weather-chat', 'Will it rain in Lyon?', 'Yes, after 3 pm.'],
      ['museum-chat', 'Is the Louvre open on Tuesday?', 'No, it is closed on Tuesdays.'],
      ['weather-chat', 'And tomorrow?', 'Sunny, 21 °C.'],
      ['museum-chat', 'What about the Orsay?', 'Closed on Mondays instead.'],
      ['weather-chat', 'Thanks!', 'You are welcome.'],
    ];
    for (const [index, [sessionId, question, answer]] of conversation.entries()) {
      ids.sessions = await sendTrace('traces-sessions', `5e55${hex(index + 1, 28)}`, [turn(hex(index + 1, 16), sessionId, question, answer)], base + index * 1000);
    }

    // One turn tagged as a deployment and as a user of a registered prompt's version 2 (the SDK's `assay.prompt.<name>` tag).
    ids.taggedTrace = `tr-5e55${hex(3, 28)}`;
    for (const [key, value] of [['env', 'prod'], ['assay.prompt.support-answer', '2']] as const) {
      const response = await fetch(`${session.server.url}/api/3.0/mlflow/traces/${ids.taggedTrace}/tags`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, value }) });
      expect(response.status).toBe(200);
    }

    // 60 one-span traces in one request: more than the list's first page.
    ids.many = await sendTrace(
      'traces-many',
      '',
      Array.from({ length: 60 }, (_, index) => ({ traceId: `3a11${hex(index + 1, 28)}`, spanId: hex(index + 1, 16), name: `many-${index}`, startMs: index * 10, endMs: index * 10 + 5 })),
      Date.now() - 40_000,
    );

    // LLM output that would run script or draw markup if it were ever rendered as HTML.
    ids.hostileTrace = `tr-${'badc0de0'.repeat(4)}`;
    ids.hostile = await sendTrace(
      'traces-hostile',
      'badc0de0'.repeat(4),
      [
        {
          spanId: 'aaaaaaaaaaaaaaa1',
          name: 'hostile <img src=x onerror="window.__xss=2">',
          startMs: 0,
          endMs: 50,
          attributes: {
            'mlflow.spanType': '"CHAIN"',
            'mlflow.spanInputs': JSON.stringify({ question: HOSTILE }),
            'mlflow.spanOutputs': JSON.stringify(HOSTILE),
            'mlflow.trace.session': JSON.stringify(`session ${HOSTILE}`),
          },
        },
        {
          spanId: 'aaaaaaaaaaaaaaa2',
          parentSpanId: 'aaaaaaaaaaaaaaa1',
          name: 'llm',
          startMs: 5,
          endMs: 45,
          attributes: {
            'mlflow.spanType': '"CHAT_MODEL"',
            'mlflow.spanInputs': JSON.stringify({ messages: [{ role: 'user', content: HOSTILE }] }),
            'mlflow.spanOutputs': JSON.stringify({ role: 'assistant', content: HOSTILE, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'open_url', arguments: JSON.stringify({ url: 'javascript:window.__xss=3' }) } }] }),
            'link.url': 'javascript:window.__xss=3',
          },
        },
      ],
      Date.now() - 30_000,
    );

    // 10,000 spans: a root, 99 children, 100 grandchildren under each.
    const bigTraceHex = 'b16b16b1'.repeat(4);
    ids.bigTrace = `tr-${bigTraceHex}`;
    const spans: OtlpSpan[] = [{ spanId: hex(1, 16), name: 'big-root', startMs: 0, endMs: 10_000, attributes: { 'mlflow.spanType': '"AGENT"' } }];
    for (let child = 0; child < 99; child += 1) {
      const childId = hex(0x10000 + child, 16);
      spans.push({ spanId: childId, parentSpanId: hex(1, 16), name: `step-${child}`, startMs: child * 100 + 1, endMs: child * 100 + 99, attributes: { 'mlflow.spanType': '"CHAIN"' } });
      for (let leaf = 0; leaf < 100; leaf += 1) {
        const leafId = hex(0x1000000 + child * 1000 + leaf, 16);
        spans.push({ spanId: leafId, parentSpanId: childId, name: `step-${child}-call-${leaf}`, startMs: child * 100 + 1 + leaf * 0.9, endMs: child * 100 + 1.8 + leaf * 0.9, attributes: { 'mlflow.spanType': '"TOOL"', 'mlflow.spanOutputs': `"leaf ${leaf}"` } });
        ids.bigLastSpan = leafId;
      }
    }
    expect(spans).toHaveLength(10_000);
    ids.big = await sendTrace('traces-big', bigTraceHex, spans, Date.now() - 20_000);
  }, 180_000);

  /** Errors but 404s of the sections other pages link to (built by others). */
  const realErrors = (page: DashboardPage) => page.errors.filter((error) => !error.includes('404'));

  it('lists the demo traces with the figures the API returns, filters by status through the URL, and keeps it on reload', async () => {
    const dashboard = await session.newPage();
    const { page, screenshot } = dashboard;
    const expected = await searchTraces(ids.demo);
    expect(expected.map((trace) => trace.name)).toEqual(expect.arrayContaining(['travel-assistant', 'plan-museum-day']));
    await page.goto(`/traces?experiment=${ids.demo}`);
    const table = page.getByRole('table', { name: 'Traces' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(expected.length);
    expect(await page.getByText(`${expected.length} traces shown`).count()).toBe(1);
    // A trace's token total, as the store counted it.
    const travel = expected.find((trace) => trace.name === 'travel-assistant')!;
    const travelRow = table.locator(`tr[data-trace-id="${travel.trace_id}"]`);
    const headers = await table.locator('thead th').allInnerTexts();
    const tokensColumn = headers.findIndex((header) => header.trim() === 'Tokens');
    expect(tokensColumn).toBeGreaterThan(0);
    expect((await travelRow.locator('td').nth(tokensColumn).innerText()).trim()).toBe(String(travel.token_usage!.total_tokens));
    expect(await travelRow.getByRole('link', { name: 'travel-assistant' }).getAttribute('href')).toBe(`/traces/${travel.trace_id}`);
    await screenshot('traces-list');

    const errorsOnly = await searchTraces(ids.demo, "trace.status = 'ERROR'");
    expect(errorsOnly).toHaveLength(1);
    await hydrated(page.getByRole('combobox', { name: 'Status' }));
    await page.getByRole('combobox', { name: 'Status' }).selectOption('ERROR');
    await expect.poll(() => page.url()).toContain('status=ERROR');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator(`tr[data-trace-id="${errorsOnly[0]!.trace_id}"]`).getByText('ERROR', { exact: true }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('table', { name: 'Traces' }).locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('ERROR');
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('searches text, sorts by duration on the server, and shows the grammar error beside the filter box', async () => {
    const dashboard = await session.newPage();
    const { page } = dashboard;
    await page.goto(`/traces?experiment=${ids.demo}`);
    const table = page.getByRole('table', { name: 'Traces' });

    const umbrella = await searchTraces(ids.demo, "trace.text ILIKE '%umbrella%'");
    expect(umbrella.length).toBeGreaterThan(0);
    await hydrated(page.getByRole('button', { name: 'Apply filters' }));
    await page.getByRole('textbox', { name: 'Text in requests or responses' }).fill('umbrella');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('q=umbrella');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(umbrella.length);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id')))).toEqual(umbrella.map((trace) => trace.trace_id));

    await page.goto(`/traces?experiment=${ids.demo}`);
    const slowest = await searchTraces(ids.demo, undefined, ['execution_time_ms DESC']);
    await hydrated(page.getByRole('button', { name: 'Sort by Duration' }));
    await page.getByRole('button', { name: 'Sort by Duration' }).click();
    await expect.poll(() => page.url()).toContain('order=duration_desc');
    await expect
      .poll(() => page.getByRole('table', { name: 'Traces' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id'))))
      .toEqual(slowest.map((trace) => trace.trace_id));

    const refused = await apiPost<{ message: string }>('/api/assay/v1/traces/search', { experiment_ids: [ids.demo], filter: 'trace.nope = 1' });
    expect(refused.status).toBe(400);
    await page.getByRole('textbox', { name: 'Filter expression' }).fill('trace.nope = 1');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const alert = page.locator('#trace-filter-error');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getAttribute('role')).toBe('alert');
    // The server's message, its column counted in what the user typed.
    expect(await alert.innerText()).toBe(refused.json.message);
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('maps each filter of the form to the grammar: the rows are what the API returns for the same filter', async () => {
    const dashboard = await session.newPage();
    const { page } = dashboard;
    const rowIds = () => page.getByRole('table', { name: 'Traces' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id')));
    const cases: Array<{ experiment: string; query: string; filter: string; atLeast: number }> = [
      { experiment: ids.demo, query: 'span_type=TOOL', filter: "span.type = 'TOOL'", atLeast: 1 },
      { experiment: ids.demo, query: 'min_ms=100', filter: 'trace.execution_time_ms >= 100', atLeast: 1 },
      { experiment: ids.demo, query: 'since=1h', filter: `trace.timestamp_ms >= ${Date.now() - 3_600_000 - 600_000}`, atLeast: 5 },
      { experiment: ids.demo, query: 'model=mock', filter: "span.attributes.`gen_ai.request.model` ILIKE '%mock%' OR span.attributes.`gen_ai.response.model` ILIKE '%mock%'", atLeast: 1 },
      { experiment: ids.sessions, query: 'tag=env%3Dprod', filter: "tags.env = 'prod'", atLeast: 1 },
      { experiment: ids.sessions, query: 'prompt=support-answer%402', filter: "tags.`assay.prompt.support-answer` = '2'", atLeast: 1 },
      { experiment: ids.sessions, query: 'user=browser-test-user', filter: "trace.user_id = 'browser-test-user'", atLeast: 5 },
      { experiment: ids.sessions, query: 'session=museum-chat', filter: "trace.session_id = 'museum-chat'", atLeast: 2 },
    ];
    for (const { experiment, query, filter, atLeast } of cases) {
      const expected = (await searchTraces(experiment, filter)).map((trace) => trace.trace_id);
      expect(expected.length, query).toBeGreaterThanOrEqual(atLeast);
      await page.goto(`/traces?experiment=${experiment}&${query}`);
      await expect.poll(rowIds, { message: query }).toEqual(expected);
    }
    // A time range typed in the viewer's local time goes to the URL as an instant.
    const local = (milliseconds: number) => {
      const date = new Date(milliseconds);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    };
    await page.goto(`/traces?experiment=${ids.demo}`);
    const tomorrow = local(Date.now() + 86_400_000);
    await hydrated(page.getByRole('button', { name: 'Apply filters' }));
    await page.getByLabel('Started from').fill(tomorrow);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByText('No trace matches these filters.').count()).toBe(1);
    // The instant typed (this process, the browser and the server share a time zone here).
    expect(Date.parse(new URL(page.url()).searchParams.get('from')!)).toBe(Date.parse(tomorrow));
    await page.getByLabel('Started from').fill(local(Date.now() - 86_400_000));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(rowIds).toEqual((await searchTraces(ids.demo)).map((trace) => trace.trace_id));

    expect(await searchTraces(ids.sessions, "tags.`assay.prompt.support-answer` LIKE '%'")).toHaveLength(1);
    await page.goto(`/traces?experiment=${ids.sessions}&prompt=support-answer%403`);
    await expect.poll(() => page.getByText('No trace matches these filters.').count()).toBe(1);
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('pages through a long list with "Load more" (the server\'s page token)', async () => {
    const dashboard = await session.newPage();
    const { page } = dashboard;
    const all = await searchTraces(ids.many);
    expect(all).toHaveLength(60);
    await page.goto(`/traces?experiment=${ids.many}`);
    const rows = page.getByRole('table', { name: 'Traces' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.getByText('50 traces shown, more available').count()).toBe(1);
    await hydrated(page.getByRole('button', { name: 'Load more' }));
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(60);
    expect(await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-trace-id')))).toEqual(all.map((trace) => trace.trace_id));
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('shows the travel-assistant trace: header figures, span tree, and a span selected by click and by keyboard with its conversation', async () => {
    const dashboard = await session.newPage();
    const { page, screenshot } = dashboard;
    const travel = (await searchTraces(ids.demo, "trace.name = 'travel-assistant'"))[0]!;
    const { spans } = await apiGet<{ spans: SpanSummary[] }>(`/api/assay/v1/traces/${travel.trace_id}/spans`);
    await page.goto(`/traces/${travel.trace_id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain('travel-assistant');
    expect((await page.getByTestId('trace-total-tokens').innerText()).trim()).toBe(String(travel.token_usage!.total_tokens));
    const tree = page.getByRole('tree', { name: 'Span tree' });
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(spans.length);

    // The tree in time order: the first chat model call asks for get_weather, the second gets its result.
    const byStart = [...spans].sort((a, b) => (BigInt(a.start_time_unix_nano) < BigInt(b.start_time_unix_nano) ? -1 : 1));
    const chats = byStart.filter((span) => span.name === 'ChatOpenAI');
    expect(chats).toHaveLength(2);
    await tree.locator(`[data-span-id="${chats[0]!.span_id}"]`).click();
    await expect.poll(() => page.url()).toContain(`span=${chats[0]!.span_id}`);
    expect(await tree.locator(`[data-span-id="${chats[0]!.span_id}"]`).getAttribute('aria-selected')).toBe('true');
    const detail = page.getByRole('article', { name: 'Span detail' });
    const inputs = detail.getByRole('list', { name: 'Inputs conversation' });
    await expect.poll(() => inputs.getByRole('listitem').count()).toBe(2);
    expect(await inputs.getByRole('listitem', { name: 'system message' }).count()).toBe(1);
    expect(await inputs.getByRole('listitem', { name: 'user message' }).innerText()).toContain('What is the weather in Paris today');
    const outputs = detail.getByRole('list', { name: 'Outputs conversation' });
    expect(await outputs.getByLabel('Tool call get_weather').innerText()).toContain('"city": "Paris"');

    // ↓ moves the selection in time order: get_weather (the tool), then the second call, which holds the tool's result.
    const next = byStart[byStart.findIndex((span) => span.span_id === chats[0]!.span_id) + 1]!;
    expect(next.name).toBe('get_weather');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toContain(`span=${next.span_id}`);
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).innerText()).toContain('get_weather');
    expect(await detail.getByRole('heading', { level: 2 }).innerText()).toContain('TOOL');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toContain(`span=${chats[1]!.span_id}`);
    const secondInputs = page.getByRole('article', { name: 'Span detail' }).getByRole('list', { name: 'Inputs conversation' });
    await expect.poll(() => secondInputs.getByRole('listitem', { name: 'tool message' }).count()).toBe(1);
    expect(await secondInputs.getByRole('listitem', { name: 'tool message' }).innerText()).toContain('Light rain in Paris');
    expect(await secondInputs.getByLabel('Tool call get_weather').count()).toBe(1);
    await screenshot('trace-page');

    await page.reload();
    await expect.poll(() => page.getByRole('tree', { name: 'Span tree' }).locator(`[data-span-id="${chats[1]!.span_id}"]`).getAttribute('aria-selected')).toBe('true');
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('groups the traces of each session into a conversation, turns in time order', async () => {
    const dashboard = await session.newPage();
    const { page, screenshot } = dashboard;
    const weather = await searchTraces(ids.sessions, "trace.session_id = 'weather-chat'", ['timestamp_ms ASC']);
    const museum = await searchTraces(ids.sessions, "trace.session_id = 'museum-chat'", ['timestamp_ms ASC']);
    expect([weather.length, museum.length]).toEqual([3, 2]);
    await page.goto(`/traces/sessions?experiment=${ids.sessions}`);
    const weatherTurns = page.getByRole('list', { name: 'Turns of session weather-chat' }).getByRole('listitem');
    await expect.poll(() => weatherTurns.count()).toBe(weather.length);
    expect(await page.getByRole('list', { name: 'Turns of session museum-chat' }).getByRole('listitem').count()).toBe(museum.length);
    const texts = await weatherTurns.allInnerTexts();
    expect(texts.map((text) => text.includes('Will it rain in Lyon?'))).toEqual([true, false, false]);
    expect(texts[1]).toContain('And tomorrow?');
    expect(texts[1]).toContain('Sunny, 21 °C.');
    expect(texts[2]).toContain('You are welcome.');
    // The most recently active session first.
    expect(await page.getByRole('region').first().getAttribute('aria-label')).toBe('Session weather-chat');
    await screenshot('traces-sessions');

    await page.getByRole('link', { name: 'as a list' }).first().click();
    await expect.poll(() => page.url()).toContain('session=weather-chat');
    await expect.poll(() => page.getByRole('table', { name: 'Traces' }).locator('tbody tr').count()).toBe(weather.length);
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('shows hostile LLM output as text on the list, the sessions view and the trace page: no script runs, no markup, ANSI escapes visible', async () => {
    const dashboard = await session.newPage();
    const { page } = dashboard;
    const hostileChecks = async () => {
      expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('\u001b');
      return text;
    };

    await page.goto(`/traces?experiment=${ids.hostile}`);
    const row = page.getByRole('table', { name: 'Traces' }).locator(`tr[data-trace-id="${ids.hostileTrace}"]`);
    await expect.poll(() => row.count()).toBe(1);
    const listText = await hostileChecks();
    expect(listText).toContain('<script>window.__xss=1</script>');
    expect(listText).toContain('␛[31mRED␛[0m');

    await page.goto(`/traces/sessions?experiment=${ids.hostile}`);
    await expect.poll(() => page.getByRole('list').filter({ hasText: 'window.__xss=1' }).count()).toBeGreaterThan(0);
    expect(await hostileChecks()).toContain('<img src=x onerror="window.__xss=2">');

    await page.goto(`/traces/${ids.hostileTrace}?span=aaaaaaaaaaaaaaa2`);
    const detail = page.getByRole('article', { name: 'Span detail' });
    await expect.poll(() => detail.getByRole('list', { name: 'Outputs conversation' }).count()).toBe(1);
    await page.getByText(/^Attributes \(/).click();
    await expect.poll(() => detail.getByRole('table', { name: 'Span attributes' }).getByText('javascript:window.__xss=3', { exact: true }).count()).toBe(1);
    const pageText = await hostileChecks();
    expect(pageText).toContain('<script>window.__xss=1</script>');
    expect(pageText).toContain('[click me](javascript:window.__xss=3)');
    expect(pageText).toContain('␛[31mRED␛[0m');
    expect(pageText).toContain('hostile <img src=x onerror="window.__xss=2">');
    // The escape shows as text in the page's own colour, not as red.
    // (The test's tsconfig has no DOM types: the page's globals are reached through globalThis.)
    const colour = await detail
      .getByText(/␛\[31mRED/)
      .first()
      .evaluate((element) => (globalThis as unknown as { getComputedStyle(target: unknown): { color: string } }).getComputedStyle(element).color);
    expect(colour).not.toBe('rgb(255, 0, 0)');
    expect(colour).not.toBe('rgb(205, 49, 49)');
    // The root span too: its inputs as a JSON tree.
    await page.getByRole('tree', { name: 'Span tree' }).locator('[data-span-id="aaaaaaaaaaaaaaa1"]').click();
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).innerText()).toContain('hostile <img');
    expect(await hostileChecks()).toContain('<script>window.__xss=1</script>');
    expect(realErrors(dashboard)).toEqual([]);
  });

  it('opens a 10,000-span trace with a virtualised tree; End selects the last span, ←/→ collapse and expand', async () => {
    const dashboard = await session.newPage();
    const { page } = dashboard;
    const { spans } = await apiGet<{ spans: SpanSummary[] }>(`/api/assay/v1/traces/${ids.bigTrace}/spans`);
    expect(spans).toHaveLength(10_000);
    await page.goto(`/traces/${ids.bigTrace}`);
    const tree = page.getByRole('tree', { name: 'Span tree' });
    await expect.poll(() => tree.getAttribute('data-span-count'), { timeout: 60_000 }).toBe('10000');
    const rendered = await tree.getByRole('treeitem').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);

    await tree.locator(`[data-span-id="${hex(1, 16)}"]`).click();
    await page.keyboard.press('End');
    await expect.poll(() => page.url()).toContain(`span=${ids.bigLastSpan}`);
    const last = tree.locator(`[data-span-id="${ids.bigLastSpan}"]`);
    await expect.poll(() => last.getAttribute('aria-selected')).toBe('true');
    expect(await last.isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('article', { name: 'Span detail' }).getByRole('heading', { level: 2 }).innerText()).toContain('step-98-call-99');
    expect(await tree.getByRole('treeitem').count()).toBeLessThan(200);

    // Scrolling to the top and selecting by click, then collapsing the root leaves one row.
    await tree.evaluate((element) => element.scrollTo({ top: 0 }));
    await tree.locator(`[data-span-id="${hex(1, 16)}"]`).click();
    await expect.poll(() => page.url()).toContain(`span=${hex(1, 16)}`);
    await expect.poll(() => tree.locator(`[data-span-id="${hex(1, 16)}"]`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(1);
    expect(await tree.getByRole('treeitem').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tree.getByRole('treeitem').count()).toBeGreaterThan(5);
    expect(realErrors(dashboard)).toEqual([]);
  });
});
