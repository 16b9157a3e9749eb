// Preloaded (`--import`) by langchain-app.ts's test: makes every `require` and
// `import` of the packages named in ASSAY_TEST_PACKAGE_ALIASES (a JSON object,
// e.g. {"@langchain/core": "langchain-core-1-0"}) load the npm alias of
// @assay/sdk's devDependencies instead, from anywhere in the process (the app,
// Assay and @langchain/openai alike), as if the app had that version installed.
import Module, { createRequire, register } from 'node:module';
import { redirect } from './redirect-specifier.mjs';

const aliases = JSON.parse(process.env.ASSAY_TEST_PACKAGE_ALIASES ?? '{}');
const sdkPackageJson = new URL('../../../../package.json', import.meta.url);
const sdkRequire = createRequire(sdkPackageJson);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = redirect(request, aliases);
  return target === undefined ? resolveFilename.call(this, request, ...rest) : sdkRequire.resolve(target);
};

register(new URL('./redirect-packages-hooks.mjs', import.meta.url), {
  data: { aliases, parentURL: sdkPackageJson.href },
});
