// `@assay/store/announcement`: how a running `assay server` announces itself
// in the store directory it serves, and how other processes find it, without
// loading DuckDB (an SDK process that talks to the server never loads it).
export { ANNOUNCEMENT_FILE, ServerAlreadyRunningError, announceServer, isAnnouncedServerRunning, readServerAnnouncement, withdrawServerAnnouncement } from './local/server-announcement.js';
export type { ServerAnnouncement } from './local/server-announcement.js';
export { StoreServedError, isStoreServedError } from './local/store-served-error.js';
export type { StoreServedErrorOptions } from './local/store-served-error.js';
