import { errorMessage } from '@assay/core';
import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { CallbackManager } from '@langchain/core/callbacks/manager';
import { ASSAY_HANDLER_NAME } from './create-assay-callback-handler-class.js';
import type { LangChainCopy } from './load-langchain-copies.js';
import { replaceMethod } from './replace-method.js';

/** Options of `patchCallbackManagerConfigure`. */
export interface PatchCallbackManagerConfigureOptions {
  /** The copy of `@langchain/core` whose `CallbackManager` is patched. */
  copy: LangChainCopy;
  /** The handler added to runs that have none named `assay`. */
  handler: BaseCallbackHandler;
  /** Whether autolog is on; when off the patch adds nothing. */
  isEnabled: () => boolean;
}

type ConfigureSync = (this: unknown, ...args: unknown[]) => CallbackManager | undefined;

function hasAssayHandler(manager: CallbackManager | undefined): boolean {
  return manager?.handlers.some((handler) => handler.name === ASSAY_HANDLER_NAME) ?? false;
}

/**
 * PRIVATE HOOK: `CallbackManager._configureSync`, the static method that
 * makes every run's callback manager (`CallbackManager.configure` and
 * LangChain's `runWithConfig` both call it), is wrapped to add Assay's
 * handler to a manager that has none named `assay`.
 *
 * Why the public configure hook is not enough: `registerConfigureHook` and
 * `setContextVariable` keep the hook in LangChain's AsyncLocalStorage with
 * `enterWith`, so it reaches only the async context `autolog()` ran in and
 * what that context starts afterwards. It misses:
 * - runs started from contexts created before `autolog()` and not
 *   descending from its call: request handlers of an HTTP server that was
 *   listening before it, timers and queues set up before it, node:test
 *   tests after `autolog()` in a `before()` hook, Next.js route handlers
 *   after `register()` in `instrumentation.ts`;
 * - under loaders that compile `require`d ES modules themselves (tsx), every
 *   run of the ES module build the app imports: that copy can only be
 *   imported asynchronously, after `autolog()` returned, and each copy keeps
 *   its own list of hooks, so its hook is registered in a promise callback's
 *   context, not the app's.
 *
 * Returns false, patching nothing, when this release has no such method or
 * it no longer makes the managers (checked by configuring a manager outside
 * any LangChain context): capture then relies on the public hook alone.
 */
export function patchCallbackManagerConfigure(options: PatchCallbackManagerConfigureOptions): boolean {
  const { copy, handler, isEnabled } = options;
  const restore = replaceMethod<ConfigureSync>({
    target: copy.CallbackManager,
    name: '_configureSync',
    wrap: (original) =>
      function (this: unknown, ...args: unknown[]) {
        let manager = original.apply(this, args);
        if (!isEnabled() || hasAssayHandler(manager)) return manager;
        try {
          manager ??= new copy.CallbackManager();
          manager.addHandler(handler, true);
        } catch (error) {
          console.warn(`[assay] LangChain autolog: could not add the Assay handler: ${errorMessage(error)}`);
        }
        return manager;
      },
  });
  if (restore === undefined) return false;
  let effective = false;
  try {
    effective = hasAssayHandler(copy.runOutsideLangChainContext(() => copy.CallbackManager.configure()));
  } catch {
    effective = false;
  }
  if (!effective) restore();
  return effective;
}
