import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { errorMessage } from './folderIndex';
import type { IndexCoordinator } from './indexCoordinator';
import type { Logger } from './logger';

/** More events than this for one batch (a branch switch, a `git pull`) become one reconciling index run. */
export const BULK_CHANGE_THRESHOLD = 200;

/**
 * Applies `workspace/didChangeWatchedFiles`: files changed on disk are re-read one by one, while
 * deletions (which may be whole directories), new directories and large batches make the folder
 * reconcile with the disk in one incremental run. Files open in the editor are skipped: their
 * buffer is what counts until they close.
 */
export function applyWatchedFileChanges(
  changes: FileEvent[],
  coordinator: IndexCoordinator,
  isOpen: (uri: string) => boolean,
  log: Logger,
): void {
  if (changes.length > BULK_CHANGE_THRESHOLD) {
    log.debug(`${changes.length} files changed on disk: reconciling instead of updating one by one.`);
    for (const change of changes) coordinator.scheduleReconcile(change.uri);
    return;
  }
  for (const change of changes) {
    if (isOpen(change.uri)) continue;
    if (change.type === FileChangeType.Deleted) coordinator.scheduleReconcile(change.uri);
    else if (coordinator.isDirectory(change.uri)) {
      coordinator.scheduleReconcile(change.uri);
      continue;
    }
    coordinator.updateFromDisk(change.uri).catch((err: unknown) => log.warn(`Could not index ${change.uri}: ${errorMessage(err)}`));
  }
}
