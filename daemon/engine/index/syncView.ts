import type { FileAnalysis, Language, SkipReason } from '../../../protocol/engine';
import { classifyContent } from '../scan/contentFilter';
import type { FileRecord, IndexStore } from './indexStore';
import type { ParseOutcome, ParseTask } from './parseTask';

/** A file version the index does not hold (e.g. its committed content), parsed on request. */
export type AnalyzedVersion =
  | { kind: 'analyzed'; hash: string; size: number; language: Language; analysis: FileAnalysis }
  | { kind: 'skipped'; reason: SkipReason | 'failed'; message?: string };

/**
 * What the team sync reads of one folder's engine: the catalog, stored files, and parsing of
 * content that is not on disk (committed versions of files the user has changed).
 */
export class SyncView {
  constructor(
    private readonly store: IndexStore,
    private readonly parse: (task: ParseTask) => Promise<ParseOutcome>,
    /** The folder's include/exclude/ignore rules. */
    readonly accepts: (relPath: string) => boolean,
    private readonly maxFileBytes: number,
    readonly root: string,
  ) {}

  catalog(): Omit<FileRecord, 'mtimeMs'>[] {
    return this.store.languageCatalog();
  }

  storedFile(relPath: string): (FileRecord & FileAnalysis) | undefined {
    return this.store.storedFile(relPath);
  }

  /** Classifies, hashes and parses bytes exactly as an index run would read them from disk. */
  async analyze(relPath: string, bytes: Buffer): Promise<AnalyzedVersion> {
    if (bytes.length > this.maxFileBytes) return { kind: 'skipped', reason: 'too-large' };
    const verdict = classifyContent(relPath, bytes);
    if ('skip' in verdict) return { kind: 'skipped', reason: verdict.skip };
    const outcome = await this.parse({ relPath, absPath: '', content: verdict.text, forceParse: true });
    if (outcome.kind === 'parsed') {
      return { kind: 'analyzed', hash: outcome.hash, size: bytes.length, language: outcome.language, analysis: outcome.analysis };
    }
    if (outcome.kind === 'skipped') return { kind: 'skipped', reason: outcome.reason };
    return { kind: 'skipped', reason: 'failed', message: outcome.kind === 'failed' ? outcome.message : outcome.kind };
  }
}
