import { Option } from 'commander';
import type { ViewType } from '@assay/core';

/** The lifecycle views a list command can show, as typed on the command line. */
export type ViewName = 'active' | 'deleted' | 'all';

const VIEW_TYPE_BY_NAME: Readonly<Record<ViewName, ViewType>> = {
  active: 'ACTIVE_ONLY',
  deleted: 'DELETED_ONLY',
  all: 'ALL',
};

/** `--view active|deleted|all`, default `active`. */
export function createViewOption(what: string): Option {
  return new Option('--view <view>', `which ${what} to show`).choices(Object.keys(VIEW_TYPE_BY_NAME)).default('active');
}

/** The store's view type for a `--view` value. */
export function toViewType(view: ViewName): ViewType {
  return VIEW_TYPE_BY_NAME[view];
}
