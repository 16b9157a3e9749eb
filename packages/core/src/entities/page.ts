/** One page of a paged search. */
export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  nextPageToken?: string;
}
