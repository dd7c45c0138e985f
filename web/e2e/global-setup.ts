import { E2E_ADMIN_TOKEN, startServer } from './server';

/** One demo server for the whole run; its URL reaches the tests through the environment. */
export default async function globalSetup() {
  // ADMIN_TOKEN: the console's journey deletes the model history with it.
  // JOBS_SCHEDULES: the defaults without the 5-minute analytics refresh. The studio
  // journey checks that a teacher's figures stay as they were until a producer refreshes
  // them; a scheduled refresh that fell between its enrollment and that check (a slot
  // boundary, 16:15:00 in the CI run of 2026-12-05) showed the new figures early.
  const server = await startServer('main', {
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    JOBS_SCHEDULES:
      'cleanup_tokens=3600,cleanup_history=86400,partition_upkeep=86400,email_outbox=30,analytics_partitions=86400,calibrate_items=3600',
  });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DATABASE = server.database;
  return async () => {
    await server.stop();
  };
}
