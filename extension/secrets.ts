import type * as vscode from 'vscode';

/** Keys of the secrets the extension keeps in VS Code's SecretStorage (the OS keychain); never in settings. */
const EMBEDDINGS_KEY = 'mobius.embeddings.apiKey';
const teamKey = (serverUrl: string) => `mobius.team.apiKey:${serverUrl.replace(/\/+$/, '')}`;

export class MobiusSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  embeddingsApiKey(): Thenable<string | undefined> {
    return this.storage.get(EMBEDDINGS_KEY);
  }

  setEmbeddingsApiKey(key: string | null): Promise<void> {
    return this.put(EMBEDDINGS_KEY, key);
  }

  teamApiKey(serverUrl: string): Thenable<string | undefined> {
    return this.storage.get(teamKey(serverUrl));
  }

  setTeamApiKey(serverUrl: string, key: string | null): Promise<void> {
    return this.put(teamKey(serverUrl), key);
  }

  /** Stores `value` under `name`, or forgets it for null. */
  private async put(name: string, value: string | null): Promise<void> {
    if (value === null) await this.storage.delete(name);
    else await this.storage.store(name, value);
  }
}
