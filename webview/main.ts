// The search panel's script, bundled by esbuild into dist/webview.js (and its CSS into dist/webview.css).
import './styles/panel.css';
import { PanelApp } from './app';
import { connectToHost } from './vscodeApi';

const root = document.getElementById('app');
if (!root) throw new Error('The search panel page has no #app element.');
new PanelApp(connectToHost(), root);
