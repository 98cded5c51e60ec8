import type { ChunkTerms } from '../../daemon/engine/index/parseTask';
import type { FileAnalysis, Language } from '../../protocol/engine';

/** One file for the server's parse worker. */
export interface ServerParseTask {
  path: string;
  content: string;
  language: Language;
}

export type ServerParseOutcome =
  | { ok: true; analysis: FileAnalysis; terms: ChunkTerms[] }
  | { ok: false; message: string };
