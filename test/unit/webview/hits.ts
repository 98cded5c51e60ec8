import type { SearchHit } from '../../../protocol/lsp';

const FOLDER = 'file:///work/shop';

/** A search hit as the daemon sends it, for a chunk of `path` at lines start..end. */
export function hit(path: string, startLine: number, endLine: number, score: number, name = `fn${startLine}`): SearchHit {
  return {
    path,
    startLine,
    endLine,
    language: 'typescript',
    kind: 'function',
    name,
    qualifiedName: name,
    signature: `function ${name}()`,
    score,
    content: Array.from({ length: endLine - startLine + 1 }, (_, i) => `line ${startLine + i}`).join('\n'),
    hash: `${path}:${startLine}`,
    uri: `${FOLDER}/${path}`,
    folderUri: FOLDER,
    folderName: 'shop',
    origin: 'local',
  };
}
