import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, LANGCHAIN_ATTRIBUTES, errorMessage, type SpanType } from '@assay/core';
import type { Context, HrTime } from '@opentelemetry/api';
import { openTelemetry } from '../../tracer/otel-api.js';
import type { AgentAction, AgentFinish } from '@langchain/core/agents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { AssaySpan } from '../../tracing/assay-span.js';
import { startSpan } from '../../tracing/start-span.js';
import { currentTraceContext } from '../../tracer/trace-context.js';
import { getAutologSettings, integrationTracing, isSampledIn } from '../autolog-settings.js';
import { markLlmCall } from '../llm-call-context.js';
import { redactContent } from '../redact-content.js';
import { chainSpanType, serializedName } from './chain-span-type.js';
import { modelRequestAttributes, readModelResult } from './model-run-attributes.js';
import { toOpenAiMessage } from './to-openai-message.js';
import { toSpanValue } from './to-span-value.js';

/** Span event names of LangChain runs. */
export const LANGCHAIN_EVENTS = {
  firstToken: 'first_token',
  agentAction: 'agent_action',
  agentFinish: 'agent_finish',
} as const;

interface OpenRun {
  span: AssaySpan;
  spanType: SpanType;
  startTime: HrTime | undefined;
  startedAtMs: number;
  firstTokenSeen: boolean;
}

type Metadata = Record<string, unknown> | undefined;

// Runs are kept until they end; a run that never ends (an abandoned stream)
// must not grow the maps forever.
const MAX_OPEN_RUNS = 10_000;

function warn(message: string, error: unknown): void {
  console.warn(`[assay] LangChain autolog: ${message}: ${errorMessage(error)}`);
}

// LangChain adds its package versions to every run's metadata: noise on each span.
function withoutVersions(metadata: Metadata): Metadata {
  if (metadata === undefined) return undefined;
  const { versions: _versions, ...rest } = metadata;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function hrTimeAfter(a: HrTime | undefined, b: HrTime | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

function startTimeOf(span: unknown): HrTime | undefined {
  const startTime = (span as { startTime?: unknown } | undefined)?.startTime;
  return Array.isArray(startTime) ? (startTime as HrTime) : undefined;
}

/**
 * Turns LangChain callback events into Assay spans: one span per run, nested
 * by `parentRunId`, with inputs, outputs, token usage and errors. Shared by
 * the global handler `instrumentLangChain` installs and every
 * `AssayCallbackHandler`, so a run seen by both is recorded once. It never
 * throws into LangChain.
 */
export class LangChainRunTracer {
  private readonly runs = new Map<string, OpenRun>();
  // Runs not traced because their root run was sampled out; their children follow.
  private readonly droppedRuns = new Set<string>();

  /** The open span of a run, if it is traced. */
  spanOf(runId: string): AssaySpan | undefined {
    return this.runs.get(runId)?.span;
  }

  /**
   * The context Assay spans should start in, given Assay's own context, the
   * innermost LangChain run whose code is running (`activeRunId`, from
   * LangChain's async-local config) and the run of a model call in progress
   * (`modelRunId`). Of the open spans that contain the current code
   * position, the one that started last is the deepest; inside a chat model
   * or LLM run the context is marked as one LLM call.
   */
  resolveContext(current: Context, activeRunId: string | undefined, modelRunId: string | undefined, insideModelCall: boolean): Context {
    let best: OpenRun | undefined;
    for (const runId of [activeRunId, modelRunId]) {
      const run = runId === undefined ? undefined : this.runs.get(runId);
      if (run !== undefined && (best === undefined || run.startedAtMs > best.startedAtMs)) best = run;
    }
    const ownSpan = openTelemetry().trace.getSpan(current);
    if (best === undefined || (ownSpan !== undefined && hrTimeAfter(startTimeOf(ownSpan), best.startTime))) {
      return insideModelCall ? markLlmCall(current) : current;
    }
    const isModelRun = best.spanType === 'CHAT_MODEL' || best.spanType === 'LLM';
    return isModelRun ? markLlmCall(best.span.context) : best.span.context;
  }

  private startRun(options: {
    runId: string;
    parentRunId: string | undefined;
    spanType: SpanType;
    name: string;
    /** Called only when the span records. */
    inputs: () => unknown;
    tags: string[] | undefined;
    metadata: Metadata;
    attributes?: Record<string, unknown>;
  }): OpenRun | undefined {
    try {
      const { runId, parentRunId } = options;
      if (this.runs.has(runId)) return undefined;
      if (parentRunId !== undefined && this.droppedRuns.has(parentRunId)) {
        this.droppedRuns.add(runId);
        return undefined;
      }
      const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
      if (parent === undefined && !this.isRootSampledIn()) {
        this.droppedRuns.add(runId);
        return undefined;
      }
      if (this.runs.size >= MAX_OPEN_RUNS) return undefined;
      const span = startSpan(integrationTracing(), {
        name: options.name,
        spanType: options.spanType,
        ...(parent !== undefined ? { parent: parent.span } : {}),
      });
      if (span.isRecording) {
        const captureContent = getAutologSettings().captureContent;
        const inputs = toSpanValue(options.inputs());
        span.setInputs(captureContent ? inputs : redactContent(inputs));
        const metadata = withoutVersions(options.metadata);
        span.setAttributes({
          ...(options.tags !== undefined && options.tags.length > 0 ? { [LANGCHAIN_ATTRIBUTES.tags]: options.tags } : {}),
          ...(metadata !== undefined ? { [LANGCHAIN_ATTRIBUTES.metadata]: metadata } : {}),
          ...options.attributes,
        });
      }
      const run: OpenRun = {
        span,
        spanType: options.spanType,
        startTime: startTimeOf(span.openTelemetrySpan),
        startedAtMs: performance.now(),
        firstTokenSeen: false,
      };
      this.runs.set(runId, run);
      return run;
    } catch (error) {
      warn('could not start a span', error);
      return undefined;
    }
  }

  // A root LangChain run inside a recording Assay span belongs to that trace;
  // otherwise it starts a trace, and the sample rate decides once for the tree.
  private isRootSampledIn(): boolean {
    const enclosing = openTelemetry().trace.getSpan(currentTraceContext());
    if (enclosing !== undefined) return enclosing.isRecording();
    return isSampledIn();
  }

  private endRun(runId: string, finish: (run: OpenRun, captureContent: boolean) => void): void {
    this.droppedRuns.delete(runId);
    const run = this.runs.get(runId);
    if (run === undefined) return;
    this.runs.delete(runId);
    try {
      if (run.span.isRecording) finish(run, getAutologSettings().captureContent);
    } catch (error) {
      warn('could not record a run result', error);
    }
    run.span.end();
  }

  private endWithOutputs(runId: string, outputs: unknown): void {
    this.endRun(runId, (run, captureContent) => {
      const value = toSpanValue(outputs);
      run.span.setOutputs(captureContent ? value : redactContent(value));
    });
  }

  private endWithError(runId: string, error: unknown): void {
    this.endRun(runId, (run) => {
      run.span.recordException(error);
    });
  }

  private span(runId: string): OpenRun | undefined {
    return this.runs.get(runId);
  }

  handleChainStart(
    chain: Serialized,
    inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runType?: string,
    runName?: string,
  ): void {
    this.startRun({
      runId,
      parentRunId,
      spanType: chainSpanType({ serialized: chain, runName, runType }),
      name: runName ?? serializedName(chain) ?? 'chain',
      inputs: () => inputs,
      tags,
      metadata,
    });
  }

  handleChainEnd(outputs: unknown, runId: string): void {
    this.endWithOutputs(runId, outputs);
  }

  handleChainError(error: unknown, runId: string): void {
    this.endWithError(runId, error);
  }

  handleChatModelStart(
    llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    const run = this.startRun({
      runId,
      parentRunId,
      spanType: 'CHAT_MODEL',
      name: runName ?? serializedName(llm) ?? 'chat_model',
      inputs: () => ({ messages: (messages.length === 1 ? (messages[0] ?? []) : messages.flat()).map(toOpenAiMessage) }),
      tags,
      metadata,
      attributes: { [GEN_AI_ATTRIBUTES.operationName]: 'chat', [ASSAY_ATTRIBUTES.messageFormat]: 'langchain', ...modelRequestAttributes({ extraParams, metadata }) },
    });
    if (run !== undefined) this.onModelRunStart?.(runId);
  }

  handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    const run = this.startRun({
      runId,
      parentRunId,
      spanType: 'LLM',
      name: runName ?? serializedName(llm) ?? 'llm',
      inputs: () => ({ prompts }),
      tags,
      metadata,
      attributes: { [GEN_AI_ATTRIBUTES.operationName]: 'text_completion', ...modelRequestAttributes({ extraParams, metadata }) },
    });
    if (run !== undefined) this.onModelRunStart?.(runId);
  }

  /** Called when a chat model or LLM run's span starts (the instrumentation links it to the model call in progress). */
  onModelRunStart: ((runId: string) => void) | undefined;

  handleLLMNewToken(_token: string, _index: unknown, runId: string): void {
    const run = this.span(runId);
    if (run === undefined || run.firstTokenSeen) return;
    run.firstTokenSeen = true;
    try {
      const seconds = (performance.now() - run.startedAtMs) / 1000;
      run.span.setAttribute(GEN_AI_ATTRIBUTES.timeToFirstChunk, seconds);
      if (run.span.isRecording) run.span.openTelemetrySpan.addEvent(LANGCHAIN_EVENTS.firstToken);
    } catch (error) {
      warn('could not record the first token', error);
    }
  }

  handleLLMEnd(output: LLMResult, runId: string): void {
    this.endRun(runId, (run, captureContent) => {
      const { outputs, attributes } = readModelResult({ output, spanType: run.spanType });
      run.span.setAttributes(attributes);
      run.span.setOutputs(captureContent ? outputs : redactContent(outputs));
    });
  }

  handleLLMError(error: unknown, runId: string): void {
    this.endWithError(runId, error);
  }

  handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): void {
    const inputs = (): unknown => {
      try {
        return JSON.parse(input) as unknown;
      } catch {
        return input; // A plain string input stays as it is.
      }
    };
    this.startRun({
      runId,
      parentRunId,
      spanType: 'TOOL',
      name: runName ?? serializedName(tool) ?? 'tool',
      inputs,
      tags,
      metadata,
      attributes: toolCallId !== undefined ? { [GEN_AI_ATTRIBUTES.toolCallId]: toolCallId } : {},
    });
  }

  handleToolEnd(output: unknown, runId: string): void {
    // A tool returning a ToolMessage is recorded as its content.
    const content = isToolMessage(output) ? output.content : output;
    this.endWithOutputs(runId, content);
  }

  handleToolError(error: unknown, runId: string): void {
    this.endWithError(runId, error);
  }

  handleRetrieverStart(
    retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ): void {
    this.startRun({
      runId,
      parentRunId,
      spanType: 'RETRIEVER',
      name: name ?? serializedName(retriever) ?? 'retriever',
      inputs: () => ({ query }),
      tags,
      metadata,
    });
  }

  handleRetrieverEnd(documents: unknown[], runId: string): void {
    this.endWithOutputs(runId, documents);
  }

  handleRetrieverError(error: unknown, runId: string): void {
    this.endWithError(runId, error);
  }

  handleAgentAction(action: AgentAction, runId: string): void {
    const run = this.span(runId);
    if (run === undefined || !run.span.isRecording) return;
    const captureContent = getAutologSettings().captureContent;
    run.span.openTelemetrySpan.addEvent(LANGCHAIN_EVENTS.agentAction, {
      [LANGCHAIN_ATTRIBUTES.agentTool]: action.tool,
      ...(captureContent
        ? { [LANGCHAIN_ATTRIBUTES.agentToolInput]: JSON.stringify(action.toolInput), [LANGCHAIN_ATTRIBUTES.agentLog]: action.log }
        : {}),
    });
  }

  handleAgentEnd(action: AgentFinish, runId: string): void {
    const run = this.span(runId);
    if (run === undefined || !run.span.isRecording) return;
    const captureContent = getAutologSettings().captureContent;
    run.span.openTelemetrySpan.addEvent(
      LANGCHAIN_EVENTS.agentFinish,
      captureContent
        ? { [LANGCHAIN_ATTRIBUTES.agentReturnValues]: JSON.stringify(action.returnValues), [LANGCHAIN_ATTRIBUTES.agentLog]: action.log }
        : {},
    );
  }
}

function isToolMessage(value: unknown): value is { content: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'content' in value &&
    'tool_call_id' in value &&
    ((value as { type?: unknown }).type === 'tool' || typeof (value as { _getType?: unknown })._getType === 'function')
  );
}

/** The tracer every Assay LangChain handler in this process records through. */
export const langChainRunTracer = new LangChainRunTracer();
