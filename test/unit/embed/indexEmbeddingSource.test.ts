import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Chunk } from '../../../protocol/engine';
import { indexEmbeddingSource } from '../../../daemon/engine/embed/indexEmbeddingSource';
import { chunkTerms } from '../../../daemon/engine/index/chunkTerms';
import { IndexStore } from '../../../daemon/engine/index/indexStore';
import { MIGRATIONS } from '../../../daemon/engine/index/migrations';
import { openDatabase } from '../../../daemon/engine/index/openDatabase';

function chunk(filePath: string, name: string, content: string, docComment = ''): Chunk {
  return {
    path: filePath, language: 'typescript', kind: 'function', name, qualifiedName: name, signature: `function ${name}()`,
    docComment, startLine: 1, endLine: content.split('\n').length, content, hash: createHash('sha256').update(content).digest('hex'),
  };
}

describe('the index database as embedding source', () => {
  let dir: string;
  let db: Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-source-'));
    db = openDatabase(path.join(dir, 'index.db'), MIGRATIONS);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists each content hash once and builds the embedding text of one chunk per hash', async () => {
    const store = new IndexStore(db);
    const shared = 'function parseConfig() {\n  return JSON.parse(read());\n}';
    const files = [
      { path: 'src/config.ts', chunks: [chunk('src/config.ts', 'parseConfig', shared, 'Reads the settings file.')] },
      { path: 'vendor/config.ts', chunks: [chunk('vendor/config.ts', 'parseConfig', shared)] },
      { path: 'src/net.ts', chunks: [chunk('src/net.ts', 'retry', 'function retry() {\n  return backoff();\n}')] },
    ];
    store.transaction(() => {
      for (const file of files) {
        const analysis = { chunks: file.chunks, imports: [], parseFailed: false };
        store.putFile({ path: file.path, hash: file.path, size: 1, mtimeMs: 1, language: 'typescript', source: 'disk' }, analysis, file.chunks.map(chunkTerms));
      }
    });
    const source = indexEmbeddingSource(db, 512);
    const hashes = source.hashes();
    assert.equal(hashes.length, 2);
    const loaded = await source.load([...hashes, 'no-such-hash']);
    assert.equal(loaded.length, 2);
    const config = loaded.find((c) => c.text.includes('parseConfig'));
    assert.equal(config?.path, 'src/config.ts');
    assert.ok(config?.text.startsWith('function parseConfig\npath: src/config.ts\nReads the settings file.\n\nfunction parseConfig() {'));
  });
});
