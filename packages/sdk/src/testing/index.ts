// `@assay/sdk/test`: helpers for tests of code that uses the SDK. Not part of the main API.
export { resetForTests } from './reset-for-tests.js';
