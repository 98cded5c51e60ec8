import type { IndexStatus, IndexSummary, SearchResult } from '../protocol/engine';

export function formatSummary(s: IndexSummary): string {
  const skipped = Object.entries(s.skipped).filter(([, n]) => n);
  const lines = [
    `Indexed ${s.files} files, ${s.chunks} chunks in ${(s.durationMs / 1000).toFixed(2)} s ` +
      `(${s.added} added, ${s.changed} changed, ${s.removed} removed, ${s.unchanged} unchanged; ` +
      `${s.chunksWritten} chunks written, ${(s.bytes / 1e6).toFixed(1)} MB read` +
      (s.durationMs > 0 && s.bytes > 0 ? `, ${(s.bytes / 1e6 / (s.durationMs / 1000)).toFixed(1)} MB/s` : '') + ').',
  ];
  if (skipped.length) lines.push(`Skipped: ${skipped.map(([reason, n]) => `${n} ${reason}`).join(', ')}.`);
  for (const e of s.errors.slice(0, 20)) lines.push(`  could not index ${e.path}: ${e.message}`);
  if (s.errors.length > 20) lines.push(`  …and ${s.errors.length - 20} more errors.`);
  return lines.join('\n');
}

export function formatResults(results: SearchResult[], query: string): string {
  if (results.length === 0) return `No results for "${query}". Try fewer or other words, or check the filters.`;
  return results
    .map((r, i) => {
      const head = `${i + 1}. ${r.path}:${r.startLine}-${r.endLine}  ${r.kind} ${r.qualifiedName || r.name}  [${r.language}, ${r.score.toFixed(2)}]`;
      const preview = (r.signature || r.content.split('\n').find((l) => l.trim()) || '').trim().slice(0, 160);
      return preview ? `${head}\n     ${preview}` : head;
    })
    .join('\n');
}

export function formatStatus(s: IndexStatus): string {
  const fresh = s.lastIndexedAt ? `${new Date(s.lastIndexedAt).toISOString()} (${ago(Date.now() - s.lastIndexedAt)} ago)` : 'never';
  const languages = Object.entries(s.languages).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)).map(([l, n]) => `${l} ${n}`).join(', ');
  return [
    `Folder:     ${s.root}`,
    `Index:      ${s.dbPath} (${(s.dbBytes / 1e6).toFixed(1)} MB, schema v${s.schemaVersion})`,
    `Files:      ${s.files}`,
    `Chunks:     ${s.chunks}`,
    `Languages:  ${languages || '-'}`,
    `Last index: ${fresh}`,
  ].join('\n');
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 129600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
