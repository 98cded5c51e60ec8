import assert from 'node:assert/strict';
import { PREVIEW_CONTEXT_LINES } from '../../../protocol/webview';
import {
  initialPreviewState, receivePreview, receivePreviewFailure, requestPreview,
} from '../../../webview/state/previewState';
import { hit } from './hits';

describe('webview preview state', () => {
  it('asks for the lines around the selected hit once', () => {
    const h = hit('src/util/retry.ts', 10, 14, 1);
    const first = requestPreview(initialPreviewState, h);
    assert.deepEqual(first.message, {
      type: 'preview', seq: 1, uri: h.uri, startLine: 10, endLine: 14, contextLines: PREVIEW_CONTEXT_LINES,
    });
    assert.equal(requestPreview(first.state, h).message, null, 'the same hit is not asked for again');
  });

  it('shows only the answer to the latest request', () => {
    const one = requestPreview(initialPreviewState, hit('a.ts', 1, 3, 1));
    const two = requestPreview(one.state, hit('b.ts', 7, 9, 1));
    const late = receivePreview(two.state, { type: 'previewResult', seq: 1, uri: 'file:///work/shop/a.ts', firstLine: 1, lines: ['x'] });
    assert.equal(late, two.state);
    const current = receivePreview(two.state, { type: 'previewResult', seq: 2, uri: 'file:///work/shop/b.ts', firstLine: 4, lines: ['a', 'b'] });
    assert.deepEqual(current.lines, { firstLine: 4, lines: ['a', 'b'] });
    assert.equal(receivePreviewFailure(current, 1, 'gone'), current);
    assert.equal(receivePreviewFailure(current, 2, 'The file was deleted.').error, 'The file was deleted.');
  });

  it('forgets the preview when nothing is selected', () => {
    const one = requestPreview(initialPreviewState, hit('a.ts', 1, 3, 1));
    const none = requestPreview(one.state, null);
    assert.equal(none.message, null);
    assert.equal(none.state.key, null);
    assert.equal(receivePreview(none.state, { type: 'previewResult', seq: 1, uri: 'x', firstLine: 1, lines: [] }), none.state);
  });
});
