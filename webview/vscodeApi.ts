import type { HostToWebview, WebviewToHost } from '../protocol/webview';

/** The API VS Code gives a webview script, once per page. */
interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  post(message: WebviewToHost): void;
  onMessage(handler: (message: HostToWebview) => void): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => window.addEventListener('message', (event: MessageEvent<HostToWebview>) => handler(event.data)),
    loadState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
