import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { errorMessage } from './folderIndex';
import type { IndexCoordinator } from './indexCoordinator';
import type { Logger } from './logger';

/** While typing continues, a buffer is re-indexed at most once per this many ms. */
export const BUFFER_UPDATE_INTERVAL_MS = 150;

/**
 * Feeds open documents into the index so unsaved edits are searchable: the first change after a
 * quiet spell is indexed at once, later changes within BUFFER_UPDATE_INTERVAL_MS are gathered into one
 * update at its end (so a single edit is searchable in milliseconds and a burst of keystrokes
 * costs a few updates, not one per key). Closing a document re-reads the file from disk, which
 * drops the unsaved text if it was never saved.
 */
export class BufferSync {
  /** Documents in their quiet period after an update. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents changed during their quiet period: updated when it ends. */
  private readonly changedSinceUpdate = new Set<string>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly coordinator: IndexCoordinator,
    private readonly log: Logger,
  ) {
    documents.onDidChangeContent(({ document }) => this.schedule(document.uri));
    documents.onDidClose(({ document }) => {
      this.cancel(document.uri);
      this.coordinator.updateFromDisk(document.uri).catch((err: unknown) => this.failed(document.uri, err));
    });
  }

  /** True while the editor holds the file: its buffer, not the disk, is what gets indexed. */
  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.changedSinceUpdate.clear();
  }

  private schedule(uri: string): void {
    if (this.timers.has(uri)) {
      this.changedSinceUpdate.add(uri);
      return;
    }
    this.update(uri);
  }

  private update(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    this.coordinator.updateBuffer(uri, document.getText()).catch((err: unknown) => this.failed(uri, err));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      if (this.changedSinceUpdate.delete(uri)) this.update(uri);
    }, BUFFER_UPDATE_INTERVAL_MS));
  }

  private cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.changedSinceUpdate.delete(uri);
  }

  private failed(uri: string, err: unknown): void {
    this.log.warn(`Could not index ${uri}: ${errorMessage(err)}`);
  }
}
