import * as fs from 'node:fs';
import type { ContextResult, SpanRef } from '../../protocol/lsp';
import { packContext, type ContextCandidate } from '../engine/context/packContext';
import { languageForPath } from '../engine/parse/languages';
import { TEAM_FILE_SCHEME } from '../../protocol/lsp';
import { parseTeamFileUri } from '../sync/teamSearch';
import { fileUri, uriToPath, type Workspace } from './workspace';

/**
 * Packs exactly these spans, in the given priority order, into `budget` with the engine's packer
 * and renderer (the panel's context basket). Each span's text comes from the editor's buffer when
 * the file is open (unsaved edits included), else from the disk; a team file that is not on disk
 * (`mobius-team:`) comes from the team server.
 */
export async function packSpans(
  spans: readonly SpanRef[],
  budget: number,
  workspace: Workspace,
  bufferText: (uri: string) => string | undefined,
  teamText: (uri: string) => Promise<string>,
): Promise<ContextResult> {
  const labelFolders = workspace.allEntries().length > 1;
  const uriOfPath = new Map<string, string>();
  const teamTexts = new Map<string, string>();
  for (const span of spans) {
    if (span.uri.startsWith(`${TEAM_FILE_SCHEME}:`) && !teamTexts.has(span.uri)) teamTexts.set(span.uri, await teamText(span.uri));
  }
  const candidates: ContextCandidate[] = spans.map((span, i) => {
    const team = teamTexts.get(span.uri);
    if (team !== undefined) {
      const { path } = parseTeamFileUri(span.uri);
      uriOfPath.set(path, span.uri);
      const lines = team.split('\n');
      return { path, language: languageForPath(path), startLine: span.startLine, endLine: Math.min(span.endLine, lines.length), content: lines.slice(span.startLine - 1, span.endLine).join('\n') };
    }
    const location = workspace.locate(span.uri);
    if (!location) throw new Error(`Span ${i + 1} (${span.uri}) is not inside an open workspace folder. Remove it from the basket, or open its folder.`);
    const text = bufferText(span.uri) ?? readFile(span.uri);
    const lines = text.split(/\r?\n/);
    if (!Number.isInteger(span.startLine) || !Number.isInteger(span.endLine) || span.startLine < 1 || span.endLine < span.startLine) {
      throw new RangeError(`Span ${i + 1} (${location.relPath}) has an invalid line range ${span.startLine}-${span.endLine}: lines are 1-based and inclusive.`);
    }
    if (span.startLine > lines.length) {
      throw new RangeError(`Span ${i + 1} starts at line ${span.startLine}, but ${location.relPath} has ${lines.length} lines now. Remove it from the basket and add it again.`);
    }
    const endLine = Math.min(span.endLine, lines.length);
    const path = labelFolders ? `${location.entry.identity.name}/${location.relPath}` : location.relPath;
    uriOfPath.set(path, fileUri(location.entry.uri, location.relPath));
    return { path, language: languageForPath(location.relPath), startLine: span.startLine, endLine, content: lines.slice(span.startLine - 1, endLine).join('\n') };
  });
  const pack = packContext(candidates, budget);
  const spansOut = pack.spans.map(({ path, language, startLine, endLine }) => ({ path, language, startLine, endLine }));
  return { markdown: pack.markdown, tokens: pack.tokens, budget: pack.budget, spans: spansOut, uris: spansOut.map((s) => uriOfPath.get(s.path)!), chunks: spansOut.length };
}

function readFile(uri: string): string {
  const file = uriToPath(uri);
  if (!file) throw new Error(`${uri} is not a file on this machine.`);
  return fs.readFileSync(file, 'utf8');
}
