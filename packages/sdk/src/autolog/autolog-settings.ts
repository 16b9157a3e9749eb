import type { TracingRuntime } from '../tracing/tracing-runtime.js';

/** What every autolog integration reads on each call (set by `autolog()`). */
export interface AutologSettings {
  /** Record prompt and completion text; false keeps shapes, models and usage only. */
  captureContent: boolean;
  /** The fraction of calls traced, 0 to 1. */
  sampleRate: number;
}

/** Where autologged calls are traced: an Assay instance's tracing (looked up per call), with the settings of `autolog()`. */
export interface AutologTarget extends AutologSettings {
  tracing: () => TracingRuntime;
}

const DEFAULT_SETTINGS: AutologSettings = { captureContent: true, sampleRate: 1 };

// Autolog patches the openai and LangChain packages, which are one per
// process: so is the instance their calls are traced into (the last one that
// called `autolog()`), undefined while autolog is off, and its settings, which
// integrations used explicitly read too.
let target: AutologTarget | undefined;
let settings: AutologSettings = DEFAULT_SETTINGS;

/** The instance and settings of the last `autolog()`, or undefined when autolog is off. */
export function getAutologTarget(): AutologTarget | undefined {
  return target;
}

/** Replaces the autolog target and settings (fresh objects, so readers never see half-updated ones); undefined turns autolog off. */
export function setAutologTarget(next: AutologTarget | undefined): void {
  target = next;
  settings = next === undefined ? DEFAULT_SETTINGS : { captureContent: next.captureContent, sampleRate: next.sampleRate };
}

/** Changes the settings, of the current target too. */
export function setAutologSettings(next: Partial<AutologSettings>): void {
  settings = { ...settings, ...next };
  if (target !== undefined) target = { ...target, ...next };
}

/** Back to the default settings (content captured, every call traced), keeping the target. */
export function resetAutologSettings(): void {
  setAutologSettings(DEFAULT_SETTINGS);
}

/** The current autolog settings. */
export function getAutologSettings(): AutologSettings {
  return settings;
}

/** True when this call should be traced under the sample rate. */
export function isSampledIn(settings: AutologSettings = getAutologSettings()): boolean {
  const rate = settings.sampleRate;
  return rate >= 1 || (rate > 0 && Math.random() < rate);
}

// The tracing of the default Assay instance, registered by it when it is
// made: integrations used explicitly (a LangChain callback handler passed by
// the app) trace there while autolog is off.
let defaultTracing: (() => TracingRuntime) | undefined;

/** Registers where explicit integrations trace while autolog is off. @internal */
export function setDefaultIntegrationTracing(tracing: () => TracingRuntime): void {
  defaultTracing = tracing;
}

/** Where an integration's span goes now: autolog's instance, else the default instance. */
export function integrationTracing(): TracingRuntime {
  const tracing = target?.tracing ?? defaultTracing;
  if (tracing === undefined) throw new Error('No Assay instance to trace into: import @assay/sdk first.');
  return tracing();
}
