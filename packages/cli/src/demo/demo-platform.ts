// What `assay demo` logs beyond the sweep and the example app's traces, so that
// every page of the dashboard has something real to show: a dataset, two
// versions of a registered model evaluated on it (two evaluation runs to
// compare), aliases, a stage, a protected model with a pending approval
// request, a prompt with two versions (the second used inside traces), and a
// long agent trace.
import { createDataset, evaluate, exactMatchMetric, latencyMetric, rougeMetric } from '@assay/evaluate';
import {
  createTransitionRequest,
  flush,
  getStore,
  loadPrompt,
  registerModel,
  registerPrompt,
  setPromptAlias,
  setRegisteredModelAlias,
  setRegisteredModelProtection,
  setRegisteredModelTag,
  transitionModelVersionStage,
  updateCurrentTrace,
  withSpan,
} from '@assay/sdk';

/** The experiment the demo's evaluations log to. */
export const DEMO_EVALUATION_EXPERIMENT = 'assay-demo-evaluations';
/** The registered model whose two versions the demo evaluates. */
export const DEMO_MODEL_NAME = 'support-bot';
/** The demo's dataset. */
export const DEMO_DATASET_NAME = 'support-faq';
/** The demo's prompt. */
export const DEMO_PROMPT_NAME = 'support-answer';

const FAQ: ReadonlyArray<{ question: string; expected_answer: string; category: string }> = [
  { question: 'How do I reset my password?', expected_answer: 'Open Settings, choose Security and click Reset password; we email you a link.', category: 'account' },
  { question: 'Can I export my notes?', expected_answer: 'Yes. Choose File, then Export, and pick Markdown or PDF.', category: 'notes' },
  { question: 'How do I pin a note?', expected_answer: 'Open the note menu and choose Pin to top.', category: 'notes' },
  { question: 'Which plans include offline mode?', expected_answer: 'Offline mode is included in the Plus and Team plans.', category: 'plans' },
  { question: 'How do I cancel my subscription?', expected_answer: 'Open Billing and click Cancel subscription; you keep access until the period ends.', category: 'billing' },
  { question: 'Can I share a notebook?', expected_answer: 'Yes. Open the notebook, click Share and enter the email addresses.', category: 'sharing' },
  { question: 'Where are deleted notes kept?', expected_answer: 'Deleted notes stay in the Trash for 30 days.', category: 'notes' },
  { question: 'How do I change the app language?', expected_answer: 'Open Settings, choose Language and pick one from the list.', category: 'account' },
  { question: 'Is there a dark theme?', expected_answer: 'Yes. Open Settings, choose Appearance and select Dark.', category: 'account' },
  { question: 'How many devices can I sync?', expected_answer: 'Free syncs two devices; Plus and Team sync unlimited devices.', category: 'plans' },
  { question: 'Can I restore an old version of a note?', expected_answer: 'Yes. Open the note menu, choose History and pick the version to restore.', category: 'notes' },
  { question: 'How do I contact support?', expected_answer: 'Write to support@example.com or use the chat in the Help menu.', category: 'account' },
];

const PROMPT_V1 = 'You are a support assistant for Acme Notes. Answer the question: {{question}}';
const PROMPT_V2 = 'You are a support assistant for Acme Notes. Answer in one or two sentences, naming the menu to open. Question: {{question}}';

/**
 * The two "model versions": v1 answers loosely (and fails on one question),
 * v2 answers closer to the expected text. Deterministic, so the demo's
 * figures are the same on every machine.
 */
function answerOf(version: 1 | 2, question: string): string {
  const row = FAQ.find((entry) => entry.question === question);
  if (row === undefined) return 'I do not know.';
  if (version === 2) return row.expected_answer;
  if (row.category === 'billing') throw new Error('upstream timeout while answering a billing question');
  const words = row.expected_answer.split(' ');
  return `I think ${words.slice(0, Math.max(4, Math.ceil(words.length * 0.6))).join(' ').replace(/[.;,]$/, '')}.`;
}

/** What {@link logDemoPlatform} made, for the demo's summary. */
export interface DemoPlatformSummary {
  datasetName: string;
  modelName: string;
  evaluationRunIds: [string, string];
  promptName: string;
  agentTraceSpans: number;
}

/** Logs the dataset, the evaluations, the registry entries and the prompt; see the file's comment. */
export async function logDemoPlatform(): Promise<DemoPlatformSummary> {
  const dataset = await createDataset({ name: DEMO_DATASET_NAME, rows: FAQ.map((row) => ({ ...row })), description: 'Support questions about Acme Notes with reference answers (assay demo).', tags: { source: 'assay demo' } });
  await registerPrompt({ name: DEMO_PROMPT_NAME, template: PROMPT_V1, commitMessage: 'First version', modelConfig: { model: 'mock-gpt', temperature: 0 } });
  await registerPrompt({ name: DEMO_PROMPT_NAME, template: PROMPT_V2, commitMessage: 'Ask for short answers that name the menu', modelConfig: { model: 'mock-gpt', temperature: 0 } });
  await setPromptAlias(DEMO_PROMPT_NAME, 'production', 1);

  const evaluationRunIds: string[] = [];
  for (const version of [1, 2] as const) {
    const prompt = await loadPrompt(DEMO_PROMPT_NAME, version);
    const result = await evaluate({
      data: dataset,
      model: async (inputs) =>
        withSpan({ name: `support-bot-v${version}`, spanType: 'CHAIN', inputs }, () => {
          // The formatted prompt inside the traced call links the trace to the prompt version.
          prompt.format({ question: String(inputs['question']) });
          return answerOf(version, String(inputs['question']));
        }),
      inputs: ['question'],
      targets: 'expected_answer',
      metrics: [rougeMetric(), exactMatchMetric(), latencyMetric()],
      runName: `eval ${DEMO_MODEL_NAME} v${version}`,
      experimentName: DEMO_EVALUATION_EXPERIMENT,
      concurrency: 1,
      progress: false,
    });
    evaluationRunIds.push(result.runId);
    const store = await getStore();
    await store.logBatch({ runId: result.runId, tags: [{ key: 'model_version', value: `models:/${DEMO_MODEL_NAME}/${version}` }] });
    await registerModel(`runs:/${result.runId}/model`, DEMO_MODEL_NAME, {
      runId: result.runId,
      description: version === 1 ? 'First support bot: loose answers.' : 'Second support bot: answers that follow the reference.',
      tags: { prompt: `prompts:/${DEMO_PROMPT_NAME}/${version}`, dataset: `${DEMO_DATASET_NAME}@${dataset.version}` },
      comment: `registered from evaluation run ${result.runId}`,
    });
  }
  await setRegisteredModelTag(DEMO_MODEL_NAME, 'team', 'support');
  await transitionModelVersionStage(DEMO_MODEL_NAME, 1, 'Production', { comment: 'first release' });
  await setRegisteredModelAlias(DEMO_MODEL_NAME, 'champion', 1, { comment: 'serving in production' });
  await setRegisteredModelAlias(DEMO_MODEL_NAME, 'challenger', 2, { comment: 'candidate: better ROUGE-L on support-faq' });
  await setRegisteredModelProtection(DEMO_MODEL_NAME, true, { comment: 'production changes need an approval' });
  await createTransitionRequest(DEMO_MODEL_NAME, 2, { stage: 'Production', archiveExistingVersions: true, actor: 'dana', comment: 'v2 answers follow the reference: promote it?' });

  const agentTraceSpans = await logLongAgentTrace();
  await logDemoConversation();
  await flush();
  return { datasetName: DEMO_DATASET_NAME, modelName: DEMO_MODEL_NAME, evaluationRunIds: evaluationRunIds as [string, string], promptName: DEMO_PROMPT_NAME, agentTraceSpans };
}

const AGENT_STEPS = 60;

/** A research agent that plans, then runs 60 think → tool → observe steps: a long trace (1 + 1 + 60 × 3 spans). */
async function logLongAgentTrace(): Promise<number> {
  await withSpan({ name: 'research-agent', spanType: 'AGENT', inputs: { goal: 'Compare three note-taking apps for a team of ten' } }, async () => {
    await withSpan({ name: 'plan', spanType: 'LLM', inputs: { messages: [{ role: 'user', content: 'Plan the comparison in steps.' }] } }, () => ({
      choices: [{ message: { role: 'assistant', content: `Search, read and score each app over ${AGENT_STEPS} steps.` } }],
    }));
    for (let step = 1; step <= AGENT_STEPS; step += 1) {
      await withSpan({ name: `step ${step}`, spanType: 'CHAIN', inputs: { step } }, async () => {
        const query = `note app comparison part ${step}`;
        await withSpan({ name: 'choose-tool', spanType: 'LLM', inputs: { messages: [{ role: 'user', content: `Step ${step}: what next?` }] } }, () => ({
          choices: [{ message: { role: 'assistant', content: null, tool_calls: [{ id: `call_${step}`, type: 'function', function: { name: 'web_search', arguments: JSON.stringify({ query }) } }] } }],
        }));
        await withSpan({ name: 'web_search', spanType: 'TOOL', inputs: { query } }, async () => {
          // A tool takes a little while: the waterfall then shows the steps one after another.
          await new Promise((resolve) => setTimeout(resolve, 2));
          return { results: [`Result ${step}.1 about ${query}`, `Result ${step}.2 about ${query}`] };
        });
        return `noted findings of step ${step}`;
      });
    }
    return 'Acme Notes fits a team of ten best: shared notebooks, offline mode on Team, unlimited devices.';
  });
  return 2 + AGENT_STEPS * 3;
}

const CONVERSATION: ReadonlyArray<[string, string]> = [
  ['Hi! Can I use Acme Notes offline?', 'Yes: offline mode is included in the Plus and Team plans.'],
  ['I am on Free. What does Plus cost?', 'Plus is $4 a month, billed yearly, and adds offline mode and unlimited devices.'],
  ['OK, how do I upgrade?', 'Open Billing, choose Plus and confirm; offline mode turns on right away.'],
];

/** Three turns of one support chat: traces of one session and one user, for the sessions view. */
async function logDemoConversation(): Promise<void> {
  const history: Array<{ role: string; content: string }> = [{ role: 'system', content: 'You are Acme Notes support.' }];
  for (const [question, answer] of CONVERSATION) {
    history.push({ role: 'user', content: question });
    await withSpan({ name: 'support-chat', spanType: 'CHAT_MODEL', inputs: { messages: [...history] } }, () => {
      updateCurrentTrace({ sessionId: 'demo-chat-1', userId: 'alex@example.com', tags: { channel: 'web' } });
      return { choices: [{ message: { role: 'assistant', content: answer } }] };
    });
    history.push({ role: 'assistant', content: answer });
  }
}
