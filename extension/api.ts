import type * as vscode from 'vscode';
import {
  ContextRequest, SearchRequest, StatusRequest,
  type ContextParams, type ContextResult, type IndexState, type SearchParams, type SearchResponse, type StatusResult,
} from '../protocol/lsp';
import type { DaemonClient } from './daemonClient';

/**
 * What `activate` returns: other extensions (and the desktop integration tests) reach the index
 * through `vscode.extensions.getExtension('mobius-dev.mobius').exports`.
 */
export interface MobiusApi {
  /** The index state last reported by the daemon; null while it is not running. */
  indexState(): IndexState | null;
  onDidChangeIndexState: vscode.Event<IndexState | null>;
  search(params: SearchParams): Promise<SearchResponse>;
  context(params: ContextParams): Promise<ContextResult>;
  status(): Promise<StatusResult>;
}

export function createApi(daemon: DaemonClient): MobiusApi {
  return {
    indexState: () => daemon.state,
    onDidChangeIndexState: daemon.onDidChangeState,
    search: (params) => daemon.request(SearchRequest.type, params),
    context: (params) => daemon.request(ContextRequest.type, params),
    status: () => daemon.request0(StatusRequest.type),
  };
}
