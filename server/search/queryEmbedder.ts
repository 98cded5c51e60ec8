/**
 * Turns query text into a vector on the server, when an embedding provider is configured
 * (daemon/engine/embed provides them). Without one, clients send the query vector themselves.
 */
export interface QueryEmbedder {
  readonly model: string;
  embed(text: string): Promise<number[]>;
}
