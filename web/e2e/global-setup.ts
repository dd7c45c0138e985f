import { E2E_ADMIN_TOKEN, startServer } from './server';

/** One demo server for the whole run; its URL reaches the tests through the environment. */
export default async function globalSetup() {
  // ADMIN_TOKEN: the console's journey deletes the model history with it.
  const server = await startServer('main', { ADMIN_TOKEN: E2E_ADMIN_TOKEN });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DATABASE = server.database;
  return async () => {
    await server.stop();
  };
}
