/**
 * Vectors someone else already paid for, e.g. the team server (issue #7): before sending chunks
 * to the provider, the pipeline asks for the vectors of their content hashes. What comes back is
 * cached locally exactly like the provider's answers and counted as `reused`; whatever does not is
 * embedded as usual. The pipeline keeps the returned arrays (and normalises them in place).
 * A source may answer for any subset of `hashes`, must only answer with vectors made by `model` at
 * `dimensions` from the text this workspace would send (./embeddingText.ts, redacted by
 * ../secrets/), and should fail fast when it cannot reach its server: a rejection (or an answer
 * slower than the pipeline waits) only means "embed them here".
 */
export interface RemoteVectorSource {
  lookup(model: string, dimensions: number, hashes: string[]): Promise<Map<string, Float32Array>>;
}
