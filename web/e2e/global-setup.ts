import { startServer } from './server';

/** One demo server for the whole run; its URL reaches the tests through the environment. */
export default async function globalSetup() {
  const server = await startServer('main');
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DATABASE = server.database;
  return async () => {
    await server.stop();
  };
}
