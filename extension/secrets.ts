import type * as vscode from 'vscode';

/** Keys of the secrets the extension keeps in VS Code's SecretStorage (the OS keychain); never in settings. */
const EMBEDDINGS_KEY = 'mobius.embeddings.apiKey';
const teamKey = (serverUrl: string) => `mobius.team.apiKey:${serverUrl.replace(/\/+$/, '')}`;

export class MobiusSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  readonly onDidChange = (listener: () => void): vscode.Disposable => this.storage.onDidChange(() => listener());

  embeddingsApiKey(): Thenable<string | undefined> {
    return this.storage.get(EMBEDDINGS_KEY);
  }

  async setEmbeddingsApiKey(key: string | null): Promise<void> {
    if (key === null) await this.storage.delete(EMBEDDINGS_KEY);
    else await this.storage.store(EMBEDDINGS_KEY, key);
  }

  teamApiKey(serverUrl: string): Thenable<string | undefined> {
    return this.storage.get(teamKey(serverUrl));
  }

  async setTeamApiKey(serverUrl: string, key: string | null): Promise<void> {
    if (key === null) await this.storage.delete(teamKey(serverUrl));
    else await this.storage.store(teamKey(serverUrl), key);
  }
}
