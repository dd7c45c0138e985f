import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from './client';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

/** The typed openapi-fetch client. */
export function useClient(): Api['client'] {
  return useApi().client;
}

/** Re-renders on sign-in, sign-out and restore. */
export function useSession() {
  const { session } = useApi();
  const status = useSyncExternalStore(session.subscribe, () => session.status);
  const user = useSyncExternalStore(session.subscribe, () => session.user);
  const endReason = useSyncExternalStore(session.subscribe, () => session.endReason);
  return { session, status, user, endReason };
}

export function useConnectionLost(): boolean {
  const { connection } = useApi();
  return useSyncExternalStore(connection.subscribe, () => connection.isLost);
}
