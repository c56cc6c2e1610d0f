import type { NodebookBridge } from '../../shared/contracts/bridge';
import { contracts } from '../../shared/contracts/index';
import { createClient } from './create-client';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { createWsTransport } from './ws-transport';

declare global {
  interface Window {
    nodebook?: NodebookBridge;
  }
}

/** Electron's preload bridge when present, else the WebSocket of browser mode. */
function pickTransport(): Transport {
  if (window.nodebook) return createIpcTransport(window.nodebook);
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token !== null) {
    // The cookie set with the page carries the token from now on; keep it out of the address bar and history.
    params.delete('token');
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsTransport(`${scheme}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`);
}

export const transport = pickTransport();

/** The typed clients; stores call these, components never touch a transport. */
export const api = {
  app: createClient(contracts.app, transport),
  workspace: createClient(contracts.workspace, transport),
  settings: createClient(contracts.settings, transport),
  components: createClient(contracts.components, transport),
  pipelines: createClient(contracts.pipelines, transport),
  runs: createClient(contracts.runs, transport),
};
