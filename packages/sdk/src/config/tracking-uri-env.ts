// Apart from tracking-uri.ts, which imports Node's path module: the Edge entry reads this name too.
/** The environment variable that names the tracking URI when `setTrackingUri` was not called. */
export const TRACKING_URI_ENV = 'ASSAY_TRACKING_URI';
