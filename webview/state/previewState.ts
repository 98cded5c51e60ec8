import type { SearchHit } from '../../protocol/lsp';
import { PREVIEW_CONTEXT_LINES, type PreviewMessage, type PreviewResultMessage } from '../../protocol/webview';
import { hitKey } from './searchState';

/** Lines of a file around a hit, as the host read them (with unsaved edits). */
export interface PreviewLines {
  firstLine: number;
  lines: string[];
}

export interface PreviewState {
  lastSeq: number;
  /** The hit being previewed, by key. */
  key: string | null;
  /** Context lines for `key`, once the host answered; until then the hit's own content is shown. */
  lines: PreviewLines | null;
  error: string | null;
}

export const initialPreviewState: PreviewState = { lastSeq: 0, key: null, lines: null, error: null };

/** Asks for the lines around a hit, unless they are already shown or asked for. */
export function requestPreview(state: PreviewState, hit: SearchHit | null): { state: PreviewState; message: PreviewMessage | null } {
  if (!hit) return { state: { ...state, key: null, lines: null, error: null, lastSeq: state.lastSeq + 1 }, message: null };
  const key = hitKey(hit);
  if (key === state.key) return { state, message: null };
  const seq = state.lastSeq + 1;
  return {
    state: { lastSeq: seq, key, lines: null, error: null },
    message: { type: 'preview', seq, uri: hit.uri, startLine: hit.startLine, endLine: hit.endLine, contextLines: PREVIEW_CONTEXT_LINES },
  };
}

export function receivePreview(state: PreviewState, result: PreviewResultMessage): PreviewState {
  if (result.seq !== state.lastSeq) return state;
  return { ...state, lines: { firstLine: result.firstLine, lines: result.lines }, error: null };
}

export function receivePreviewFailure(state: PreviewState, seq: number, message: string): PreviewState {
  if (seq !== state.lastSeq) return state;
  return { ...state, error: message };
}
