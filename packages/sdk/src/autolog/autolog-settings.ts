/** What every autolog integration reads on each call (set by `autolog()`). */
export interface AutologSettings {
  /** Record prompt and completion text; false keeps shapes, models and usage only. */
  captureContent: boolean;
  /** The fraction of calls traced, 0 to 1. */
  sampleRate: number;
}

const DEFAULT_SETTINGS: AutologSettings = { captureContent: true, sampleRate: 1 };

let settings: AutologSettings = { ...DEFAULT_SETTINGS };

/** The current autolog settings. */
export function getAutologSettings(): AutologSettings {
  return settings;
}

/** Replaces the autolog settings (a fresh object, so readers never see a half-updated one). */
export function setAutologSettings(next: Partial<AutologSettings>): void {
  settings = { ...settings, ...next };
}

/** Back to the defaults: content captured, every call traced. */
export function resetAutologSettings(): void {
  settings = { ...DEFAULT_SETTINGS };
}

/** True when this call should be traced under the sample rate. */
export function isSampledIn(): boolean {
  const rate = settings.sampleRate;
  return rate >= 1 || (rate > 0 && Math.random() < rate);
}
