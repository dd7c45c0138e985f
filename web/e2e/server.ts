// Starts `practicum demo` on a fresh SQLite file and a free port, waits for /health/ready,
// and stops it. Builds nothing: scripts/test.sh builds the binary first.
//
// The binary: $PRACTICUM_BIN if set, else the newer of target/release/practicum and
// target/debug/practicum. It runs from the repository root, so it finds models/ and the
// ONNX Runtime library in .ort/lib (scripts/fetch-onnxruntime.sh).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The static ADMIN_TOKEN of the journeys' server (deleting the model history needs it). */
export const E2E_ADMIN_TOKEN = 'e2e-static-admin-token-0123456789';

export interface RunningServer {
  url: string;
  logFile: string;
  /** The demo's SQLite file (journeys that need a state no route creates write it directly). */
  database: string;
  stop: () => Promise<void>;
}

function binary(): string {
  if (process.env.PRACTICUM_BIN) return process.env.PRACTICUM_BIN;
  const found = ['release', 'debug']
    .map((p) => join(ROOT, 'target', p, 'practicum'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found[0]) throw new Error('no practicum binary: run `cargo build` (or scripts/test.sh) first');
  return found[0];
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`practicum exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`practicum was not ready within ${timeoutMs / 1000} s; see ${logFile}`);
}

export async function startServer(name: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), `practicum-e2e-${name}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(ROOT, 'target', `e2e-server-${name}.log`);
  const log = openSync(logFile, 'w');
  // A fresh, self-contained server: no shared cache, no settings from a .env or the CI run.
  const inherited = { ...process.env };
  for (const k of ['REDIS_URL', 'DATABASE_URL', 'CACHE_PREFIX', 'JWT_SECRET', 'SMTP_URL']) delete inherited[k];
  const database = join(dir, 'e2e.db');
  const child = spawn(binary(), ['demo'], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: {
      ...inherited,
      DATABASE_URL: `sqlite:${database}?mode=rwc`,
      BIND_ADDR: `127.0.0.1:${port}`,
      PUBLIC_BASE_URL: url,
      // Journeys log in and refresh more often than a person would.
      AUTH_RATE_LIMIT_PER_MINUTE: '0',
      LOG_FORMAT: 'text',
      ...env,
    },
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r(null);
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r(null);
        });
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, logFile, database, stop };
}
