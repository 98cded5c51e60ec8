import * as assert from 'node:assert/strict';
import { packSpans } from '../../../daemon/server/spanContext';
import { Workspace } from '../../../daemon/server/workspace';
import { teamFileUri } from '../../../daemon/sync/teamSearch';

describe('context basket with team files', () => {
  it('packs a span of a team file that is not on disk from the server text, under its team path', async () => {
    const uri = teamFileUri({ projectId: 'p', ref: 'main', folderUri: 'file:///work/shop', path: 'src/shipping/rates.ts' });
    const text = ['', 'export function computeShippingRate(w: number): number {', '  return w * 2;', '}'].join('\n');
    const fetched: string[] = [];
    const result = await packSpans([{ uri, startLine: 2, endLine: 4 }], 1000, new Workspace(), () => undefined, async (u) => {
      fetched.push(u);
      return text;
    });
    assert.deepEqual(fetched, [uri]);
    assert.deepEqual(result.uris, [uri]);
    assert.deepEqual(result.spans.map((s) => [s.path, s.startLine, s.endLine]), [['src/shipping/rates.ts', 2, 4]]);
    assert.match(result.markdown, /computeShippingRate/);
  });
});
