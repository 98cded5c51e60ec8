import * as vscode from 'vscode';
import type { MobiusSecrets } from './secrets';

/**
 * The daemon reads its embedding provider from `MOBIUS_EMBEDDINGS_*` (as the CLI does); the
 * extension fills them from the `mobius.embeddings.*` settings and the key from SecretStorage.
 * Settings left empty keep whatever the editor's environment already sets.
 */
export async function embeddingEnvironment(secrets: MobiusSecrets): Promise<Record<string, string>> {
  const c = vscode.workspace.getConfiguration('mobius.embeddings');
  const env: Record<string, string> = {};
  const provider = c.get<string>('provider', '');
  if (!provider) return env;
  env.MOBIUS_EMBEDDINGS_PROVIDER = provider;
  const model = c.get<string>('model', '');
  const baseUrl = c.get<string>('baseUrl', '');
  const dimensions = c.get<number>('dimensions', 0);
  if (model) env.MOBIUS_EMBEDDINGS_MODEL = model;
  if (baseUrl) env.MOBIUS_EMBEDDINGS_BASE_URL = baseUrl;
  if (dimensions > 0) env.MOBIUS_EMBEDDINGS_DIMENSIONS = String(dimensions);
  const key = await secrets.embeddingsApiKey();
  if (key) env[provider === 'openai' ? 'OPENAI_API_KEY' : 'MOBIUS_EMBEDDINGS_API_KEY'] = key;
  return env;
}
