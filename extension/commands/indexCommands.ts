import * as vscode from 'vscode';
import {
  PauseIndexingRequest, ReindexRequest, ResumeIndexingRequest, StatusRequest, type StatusResult,
} from '../../protocol/lsp';
import { COMMANDS } from '../commandIds';
import type { DaemonClient } from '../daemonClient';
import { showCommandError } from './commandErrors';

const STATUS_SCHEME = 'mobius-status';
const STATUS_URI = vscode.Uri.from({ scheme: STATUS_SCHEME, path: '/Mobius Index Status.md' });
const number = new Intl.NumberFormat('en-US');

/** Reindex, Show Index Status and Pause/Resume Indexing. */
export function registerIndexCommands(daemon: DaemonClient): vscode.Disposable[] {
  const statusDocument = new StatusDocumentProvider();
  return [
    vscode.workspace.registerTextDocumentContentProvider(STATUS_SCHEME, statusDocument),
    vscode.commands.registerCommand(COMMANDS.reindex, async () => {
      try {
        const state = await daemon.request(ReindexRequest.type, {});
        void vscode.window.showInformationMessage(`Mobius: reindexing ${state.folders.length} ${state.folders.length === 1 ? 'folder' : 'folders'}; the status bar shows the progress.`);
      } catch (err) {
        showCommandError('Could not start reindexing', err);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.togglePause, async () => {
      const paused = daemon.state?.paused ?? false;
      try {
        await daemon.request0(paused ? ResumeIndexingRequest.type : PauseIndexingRequest.type);
        void vscode.window.showInformationMessage(paused ? 'Mobius: indexing resumed.' : 'Mobius: indexing paused; search keeps working on the index as it is.');
      } catch (err) {
        showCommandError(`Could not ${paused ? 'resume' : 'pause'} indexing`, err);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.showStatus, async () => {
      let status: StatusResult;
      try {
        status = await daemon.request0(StatusRequest.type);
      } catch (err) {
        showCommandError('Could not read the index status', err);
        return;
      }
      statusDocument.update(renderStatus(status));
      const document = await vscode.workspace.openTextDocument(STATUS_URI);
      await vscode.languages.setTextDocumentLanguage(document, 'markdown');
      await vscode.window.showTextDocument(document, { preview: true });
    }),
    statusDocument,
  ];
}

/** A read-only document with the latest status report. */
class StatusDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private text = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  update(text: string): void {
    this.text = text;
    this.changed.fire(STATUS_URI);
  }

  provideTextDocumentContent(): string {
    return this.text;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function renderStatus(status: StatusResult): string {
  const { state, daemon } = status;
  const lines = [
    '# Mobius index status',
    '',
    `**${state.phase}**${state.paused ? ' (paused)' : ''}: ${number.format(state.files)} files, ${number.format(state.chunks)} chunks` +
      `${state.phase === 'indexing' ? `, ${number.format(state.filesDone)}/${number.format(state.filesTotal)} files this run` : ''}` +
      `, ${state.pendingUpdates} pending updates.`,
    '',
  ];
  for (const folder of status.folders) {
    lines.push(`## ${folder.name}`, '', `- Folder: ${folder.uri}`, `- Phase: ${folder.phase}`);
    if (folder.error) lines.push(`- Error: ${folder.error}`);
    if (folder.index) {
      const langs = Object.entries(folder.index.languages).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).map(([l, n]) => `${l} ${n}`).join(', ');
      lines.push(
        `- Files: ${number.format(folder.index.files)}, chunks: ${number.format(folder.index.chunks)}`,
        `- Index file: ${folder.index.dbPath} (${(folder.index.dbBytes / 1024 / 1024).toFixed(1)} MB, schema ${folder.index.schemaVersion})`,
        `- Last complete run: ${folder.index.lastIndexedAt ? new Date(folder.index.lastIndexedAt).toLocaleString() : 'never'}`,
        `- Languages: ${langs || 'none'}`,
      );
    }
    if (folder.lastRun) {
      const r = folder.lastRun;
      const skipped = Object.entries(r.skipped).map(([why, n]) => `${n} ${why}`).join(', ');
      lines.push(`- This session's last run: ${r.added} added, ${r.changed} changed, ${r.removed} removed, ${r.unchanged} unchanged in ${r.durationMs} ms${skipped ? `; skipped ${skipped}` : ''}`);
      for (const e of r.errors.slice(0, 20)) lines.push(`  - could not index ${e.path}: ${e.message}`);
    }
    lines.push('');
  }
  lines.push(
    '## Daemon',
    '',
    `- Process ${daemon.pid}, up ${Math.round(daemon.uptimeMs / 1000)} s, ${(daemon.rssBytes / 1024 / 1024).toFixed(0)} MB resident`,
    `- Runtime: ${daemon.execPath} (Node ${daemon.nodeVersion}, NODE_MODULE_VERSION ${daemon.abi})`,
    `- Workers: ${daemon.workers}`,
    '',
  );
  return lines.join('\n');
}
