// `@assay/sdk/next`: Assay in a Next.js app. Loads nothing but this config helper.
export { withAssay, ASSAY_SERVER_PACKAGES, AUTOLOG_SERVER_PACKAGES } from './next/with-assay.js';
export type { NextConfigLike, NextConfigInput, WithAssayConfig, WithAssayOptions } from './next/with-assay.js';
