import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/ui.css';
import './app/shell.css';
import { App } from './app/App';
import { createApi } from './api/client';
import { preloadCurrentPage } from './app/router';
import { acceptLanguage, initI18n } from './i18n';

async function start() {
  preloadCurrentPage();
  await initI18n();
  const api = createApi({ language: acceptLanguage });
  // Restore a session from the refresh cookie (if any) while the shell renders.
  void api.session.refresh();
  const root = document.getElementById('root');
  if (!root) return;
  // A transition render is time-sliced: React yields to the browser every few milliseconds
  // instead of building the whole first screen in one long task (what Lighthouse counts as
  // blocking time on a slow phone). Nothing is on screen before it anyway.
  const reactRoot = createRoot(root);
  startTransition(() => {
    reactRoot.render(
      <StrictMode>
        <App api={api} />
      </StrictMode>,
    );
  });
}

void start();
