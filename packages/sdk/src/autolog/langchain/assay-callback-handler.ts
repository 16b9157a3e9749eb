import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { createAssayCallbackHandlerClass } from './create-assay-callback-handler-class.js';

/**
 * A LangChain callback handler that records runs as Assay spans. With
 * `autolog()` (or `instrumentLangChain()`) every run is captured without it;
 * pass it in `callbacks` to trace chosen runs only, or runs autolog cannot
 * reach (see `instrumentLangChain`). Runs it sees are recorded once even
 * when autolog is on too (LangChain keeps one handler named `assay` per run).
 *
 * @example
 * await chain.invoke(input, { callbacks: [new AssayCallbackHandler()] });
 */
export class AssayCallbackHandler extends createAssayCallbackHandlerClass({ base: BaseCallbackHandler }) {
  constructor() {
    super();
  }
}
