// Identifier-aware search terms: what the index stores (analyzeText) and how a query is matched
// against it (buildFtsQuery, identifierCandidates). Both sides use the same analysis.
export { analyzeText } from './termsAnalyzer';
export { buildFtsAllWordsQuery, buildFtsQuery, identifierCandidates } from './termsQuery';
