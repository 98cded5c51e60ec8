// How much of a file tree-sitter could not parse. Error recovery keeps most broken files
// useful, but when errors cover a large share of the text the definitions found are guesses.

import type { SyntaxNode } from './parser';

/** Share of the text inside ERROR nodes, from 0 to 1. Only subtrees containing errors are visited. */
export function errorShare(root: SyntaxNode, textLength: number): number {
  if (!root.hasError) return 0;
  if (root.isError) return 1;
  let errorChars = 0;
  const visit = (node: SyntaxNode): void => {
    for (const child of node.children) {
      if (child.isError) errorChars += child.endIndex - child.startIndex;
      else if (child.hasError) visit(child);
    }
  };
  visit(root);
  return errorChars / Math.max(1, textLength);
}
