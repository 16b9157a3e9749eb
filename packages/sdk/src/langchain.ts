// `@assay/sdk/langchain`: LangChain JS integration (needs `@langchain/core`).
export { AssayCallbackHandler } from './autolog/langchain/assay-callback-handler.js';
export { instrumentLangChain, uninstrumentLangChain } from './autolog/langchain/instrument-langchain.js';
