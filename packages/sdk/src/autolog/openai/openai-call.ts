import { GEN_AI_ATTRIBUTES, OPENAI_ATTRIBUTES, SEMCONV_ATTRIBUTES, errorMessage } from '@assay/core';
import { promptUsesIn } from '../../prompts/prompt-links.js';
import { linkPromptsToTrace } from '../../tracing/link-prompts.js';
import type { AssaySpan } from '../../tracing/assay-span.js';
import { startSpan } from '../../tracing/start-span.js';
import type { TracingRuntime } from '../../tracing/tracing-runtime.js';
import type { OpenAIApi, StreamRecorder } from './openai-api.js';
import { isApiPromise, isStream, type ApiPromiseLike, type JsonObject, type StreamLike } from './openai-types.js';
import { redactContent } from '../redact-content.js';

function warn(message: string, error: unknown): void {
  console.warn(`[assay] ${message}: ${errorMessage(error)}`);
}

/** What an OpenAI call is traced with. */
export interface OpenAICallOptions {
  api: OpenAIApi;
  /** The request body the app passed. */
  body: JsonObject;
  /** The resource object the method was called on (its client names the server). */
  resource: unknown;
  /** Record prompt and completion text. */
  captureContent: boolean;
  /** The tracing of the Assay instance the call is traced into. */
  tracing: TracingRuntime;
}

/** True once the app asked the SDK to parse the answer (`await`, `.then`, `.withResponse()`, `.parse()`). */
function isParsing(promise: ApiPromiseLike): boolean {
  return (promise as { parsedPromise?: unknown }).parsedPromise !== undefined;
}

const serverAddresses = new Map<string, string | undefined>();

/** The host of a client's base URL (`api.openai.com`), parsed once per URL. */
function serverAddress(resource: unknown): string | undefined {
  const baseURL = (resource as { _client?: { baseURL?: unknown } } | undefined)?._client?.baseURL;
  if (typeof baseURL !== 'string') return undefined;
  if (!serverAddresses.has(baseURL)) {
    let host: string | undefined;
    try {
      host = new URL(baseURL).hostname;
    } catch {
      host = undefined;
    }
    if (serverAddresses.size > 1000) serverAddresses.clear();
    serverAddresses.set(baseURL, host);
  }
  return serverAddresses.get(baseURL);
}

/**
 * One traced OpenAI call: its span, from the request until the app has the
 * whole answer. It observes the SDK's own promise and stream objects (so
 * `withResponse()`, `asResponse()`, aborts and the app's own stream
 * consumption work as without Assay) and never throws into the app.
 */
export class OpenAICall {
  readonly span: AssaySpan;
  /** The body sent: the app's, or a copy asking for streamed usage. */
  readonly requestBody: JsonObject;
  private readonly hideUsage: boolean;
  private readonly startedAt = performance.now();
  private finished = false;

  private readonly api: OpenAIApi;
  private readonly captureContent: boolean;

  constructor(options: OpenAICallOptions) {
    const { api, body, resource, captureContent } = options;
    this.api = api;
    this.captureContent = captureContent;
    const prepared = api.prepareBody(body);
    this.requestBody = prepared.body;
    this.hideUsage = prepared.hideUsage;
    const model = typeof body['model'] === 'string' ? body['model'] : undefined;
    this.span = startSpan(options.tracing, {
      name: model === undefined ? api.operation : `${api.operation} ${model}`,
      spanType: api.spanType,
      attributes: {
        [GEN_AI_ATTRIBUTES.operationName]: api.operation,
        [GEN_AI_ATTRIBUTES.providerName]: 'openai',
        [GEN_AI_ATTRIBUTES.requestModel]: model,
        [OPENAI_ATTRIBUTES.api]: api.name,
        [OPENAI_ATTRIBUTES.stream]: body['stream'] === true ? true : undefined,
        [SEMCONV_ATTRIBUTES.serverAddress]: serverAddress(resource),
      },
    });
    this.span.setAttributes(api.requestAttributes(body));
    this.span.setJsonInputs(captureContent ? body : redactContent(body));
    // A request built from a registered prompt's `format` records that prompt version on the trace.
    linkPromptsToTrace(options.tracing, promptUsesIn(body), this.span.context);
  }

  /** Follows what the SDK method returned; returns it unchanged (the same object). */
  observe<T>(result: T): T {
    try {
      if (isApiPromise(result)) this.observeApiPromise(result);
      else if (result instanceof Promise) result.then((value) => this.succeed(value), (error: unknown) => this.fail(error));
      else this.succeed(result);
    } catch (error) {
      warn('could not follow an OpenAI call', error);
    }
    return result;
  }

  /** Records an error thrown by the call (the app gets it unchanged). */
  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    const status = (error as { status?: unknown } | null)?.status;
    this.span.setAttributes({
      [SEMCONV_ATTRIBUTES.errorType]: error instanceof Error ? error.constructor.name : typeof error,
      [SEMCONV_ATTRIBUTES.httpResponseStatusCode]: typeof status === 'number' ? status : undefined,
    });
    this.span.recordException(error);
    this.span.end();
  }

  // `parseResponse` is what turns the HTTP response into data for `await`,
  // `.then`, `.withResponse()` and parse helpers alike: observing it there
  // sees every answer, and its response's status, without a promise of its
  // own. `.asResponse()` alone never parses, so it ends the span once the
  // response arrives; a request that fails never parses either, so the
  // response promise is watched for that.
  private observeApiPromise(promise: ApiPromiseLike): void {
    const parseResponse = promise.parseResponse;
    promise.parseResponse = (client, props) => {
      this.recordStatus(props?.response);
      let parsed: Promise<unknown>;
      try {
        parsed = parseResponse.call(promise, client, props);
      } catch (error) {
        this.fail(error);
        return Promise.reject(error as Error);
      }
      return parsed.then(
        (data) => this.succeed(data),
        (error: unknown) => {
          this.fail(error);
          throw error;
        },
      );
    };
    const asResponse = promise.asResponse;
    promise.asResponse = () => {
      const response = asResponse.call(promise);
      if (!isParsing(promise)) {
        response.then(
          (raw) => {
            if (!isParsing(promise)) this.finishRaw(raw);
          },
          () => undefined,
        );
      }
      return response;
    };
    promise.responsePromise.then(undefined, (error: unknown) => this.fail(error));
  }

  private recordStatus(response: Response | undefined): void {
    if (typeof response?.status === 'number') this.span.setAttribute(SEMCONV_ATTRIBUTES.httpResponseStatusCode, response.status);
  }

  /** Records a parsed answer; a stream is instrumented in place and recorded as the app reads it. */
  private succeed<T>(data: T): T {
    if (this.finished) return data;
    try {
      if (isStream(data)) {
        this.instrumentStream(data);
        return data;
      }
      this.finished = true;
      this.api.recordResult(this.span, data, this.captureContent);
    } catch (error) {
      warn('could not record an OpenAI answer', error);
    }
    this.span.end();
    return data;
  }

  private finishRaw(response: Response): void {
    if (this.finished) return;
    this.finished = true;
    this.recordStatus(response);
    this.span.setAttribute(OPENAI_ATTRIBUTES.responseMode, 'raw-response');
    this.span.end();
  }

  private finishStream(recorder: StreamRecorder): void {
    if (this.finished) return;
    this.finished = true;
    try {
      const result = recorder.result();
      if (result !== undefined) this.api.recordResult(this.span, result, this.captureContent);
    } catch (error) {
      warn('could not record a streamed OpenAI answer', error);
    }
    this.span.end();
  }

  // Every way of reading an SDK stream (for await, tee, toReadableStream,
  // the stream helpers) goes through its `iterator()`; wrapping that one
  // function records the chunks without changing what the app receives.
  private instrumentStream(stream: StreamLike): void {
    const recorder = this.api.createStreamRecorder({
      hideUsage: this.hideUsage,
      onFirstToken: () => this.span.setAttribute(GEN_AI_ATTRIBUTES.timeToFirstChunk, (performance.now() - this.startedAt) / 1000),
    });
    const iterator = stream.iterator;
    const wrap = (inner: AsyncIterator<unknown>): AsyncIterator<unknown> => this.wrapIterator(inner, recorder);
    stream.iterator = function (this: unknown) {
      return wrap(iterator.call(this));
    };
  }

  private wrapIterator(inner: AsyncIterator<unknown>, recorder: StreamRecorder): AsyncIterator<unknown> {
    const next = async (...args: [] | [unknown]): Promise<IteratorResult<unknown>> => {
      for (;;) {
        let step: IteratorResult<unknown>;
        try {
          step = await inner.next(...args);
        } catch (error) {
          this.fail(error);
          throw error;
        }
        if (step.done === true) {
          this.finishStream(recorder);
          return step;
        }
        let keep = true;
        try {
          keep = recorder.onItem(step.value);
        } catch (error) {
          warn('could not record a streamed OpenAI chunk', error);
        }
        if (keep) return step;
      }
    };
    const wrapper: AsyncIterableIterator<unknown> = {
      next,
      return: async (value?: unknown) => {
        this.finishStream(recorder);
        return inner.return ? inner.return(value) : { done: true, value };
      },
      throw: async (error?: unknown) => {
        this.fail(error);
        if (inner.throw) return inner.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]() {
        return wrapper;
      },
    };
    return wrapper;
  }
}
