/** Options of collectReadablePage. */
export interface CollectReadablePageOptions<Item> {
  /** The page size the client asked for. */
  maxResults: number;
  /** The client's page token; undefined for the first page. */
  pageToken: string | undefined;
  /** Fetches one page of the unfiltered search. */
  fetchPage: (page: { maxResults: number; pageToken: string | undefined }) => Promise<{ items: Item[]; nextPageToken?: string | undefined }>;
  /** Whether the user may see an item. */
  readable: (item: Item) => boolean;
}

// Past this many fetches a page is returned short (still with its token): a client pages on.
const MAX_FETCHES = 50;

/**
 * One page of a search with what the user may not read left out, filled up
 * to `maxResults` from the following pages (as MLflow's auth app does for
 * experiments/search). Each fetch asks for no more than the items still
 * missing, so the store's own page token always points just after the last
 * item returned.
 */
export async function collectReadablePage<Item>({ maxResults, pageToken, fetchPage, readable }: CollectReadablePageOptions<Item>): Promise<{ items: Item[]; nextPageToken: string | undefined }> {
  const items: Item[] = [];
  let token = pageToken;
  for (let fetches = 0; fetches < MAX_FETCHES; fetches += 1) {
    const page = await fetchPage({ maxResults: maxResults - items.length, pageToken: token });
    items.push(...page.items.filter(readable));
    token = page.nextPageToken;
    if (token === undefined || items.length >= maxResults) break;
  }
  return { items, nextPageToken: token };
}
