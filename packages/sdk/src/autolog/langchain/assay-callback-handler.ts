import type { AgentAction, AgentFinish } from '@langchain/core/agents';
import { BaseCallbackHandler, type NewTokenIndices } from '@langchain/core/callbacks/base';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { ASSAY_HANDLER_NAME } from './instrument-langchain.js';
import { langChainRunTracer } from './langchain-run-tracer.js';

/**
 * A LangChain callback handler that records runs as Assay spans. With
 * `autolog()` (or `instrumentLangChain()`) every run is captured without it;
 * pass it in `callbacks` to trace chosen runs only. Runs it sees are recorded
 * once even when autolog is on too (LangChain keeps one handler named
 * `assay` per run).
 *
 * @example
 * await chain.invoke(input, { callbacks: [new AssayCallbackHandler()] });
 */
export class AssayCallbackHandler extends BaseCallbackHandler {
  name = ASSAY_HANDLER_NAME;

  constructor() {
    super();
    // Awaited, so spans start and end in the order of the runs and are ended
    // before `invoke` returns (a `flush()` right after sees them).
    this.awaitHandlers = true;
  }

  override handleChainStart(
    chain: Serialized,
    inputs: ChainValues,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runType?: string,
    runName?: string,
  ): void {
    langChainRunTracer.handleChainStart(chain, inputs, runId, parentRunId, tags, metadata, runType, runName);
  }

  override handleChainEnd(outputs: ChainValues, runId: string): void {
    langChainRunTracer.handleChainEnd(outputs, runId);
  }

  override handleChainError(error: Error, runId: string): void {
    langChainRunTracer.handleChainError(error, runId);
  }

  override handleChatModelStart(
    llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    langChainRunTracer.handleChatModelStart(llm, messages, runId, parentRunId, extraParams, tags, metadata, runName);
  }

  override handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    langChainRunTracer.handleLLMStart(llm, prompts, runId, parentRunId, extraParams, tags, metadata, runName);
  }

  override handleLLMNewToken(token: string, index: NewTokenIndices, runId: string): void {
    langChainRunTracer.handleLLMNewToken(token, index, runId);
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    langChainRunTracer.handleLLMEnd(output, runId);
  }

  override handleLLMError(error: Error, runId: string): void {
    langChainRunTracer.handleLLMError(error, runId);
  }

  override handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): void {
    langChainRunTracer.handleToolStart(tool, input, runId, parentRunId, tags, metadata, runName, toolCallId);
  }

  override handleToolEnd(output: unknown, runId: string): void {
    langChainRunTracer.handleToolEnd(output, runId);
  }

  override handleToolError(error: Error, runId: string): void {
    langChainRunTracer.handleToolError(error, runId);
  }

  override handleRetrieverStart(
    retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ): void {
    langChainRunTracer.handleRetrieverStart(retriever, query, runId, parentRunId, tags, metadata, name);
  }

  override handleRetrieverEnd(documents: DocumentInterface[], runId: string): void {
    langChainRunTracer.handleRetrieverEnd(documents, runId);
  }

  override handleRetrieverError(error: Error, runId: string): void {
    langChainRunTracer.handleRetrieverError(error, runId);
  }

  override handleAgentAction(action: AgentAction, runId: string): void {
    langChainRunTracer.handleAgentAction(action, runId);
  }

  override handleAgentEnd(action: AgentFinish, runId: string): void {
    langChainRunTracer.handleAgentEnd(action, runId);
  }
}
