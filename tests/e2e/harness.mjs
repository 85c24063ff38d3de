// What the browser tests share: the built server on a fresh SQLite database in a temporary folder,
// users made with the CLI, and Debian's chromium driven by playwright-core.

import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const BIN = path.resolve(process.env.TECHDESK_BIN ?? path.join(here, '../../build/techdesk'))
export const WEB_ROOT = path.resolve(
  process.env.TECHDESK_WEB_ROOT ?? path.join(here, '../../web/dist'),
)
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
export const STARTUP_TIMEOUT = 20_000

const run = promisify(execFile)
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
export const sel = (name) => `[data-test="${name}"]`

export async function techdesk(...args) {
  try {
    return await run(BIN, args, { timeout: STARTUP_TIMEOUT })
  } catch (err) {
    throw new Error(`techdesk ${args.join(' ')} failed: ${err.stderr || err.message}`)
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/** `techdesk serve` on a fresh, migrated SQLite database, serving the built web UI. */
export class Server {
  /**
   * orgs: [{ name, kind }]; users: [{ login, password, name, role, org? }]; args: extra `serve` options;
   * prepare: async (db, tmpDir) => {}, run after the users are made and before the server starts
   * (e.g. `techdesk mail ingest --db db …`).
   */
  static async start({
    orgs = [],
    users = [],
    args = [],
    prefix = 'techdesk-e2e-',
    prepare = null,
  } = {}) {
    assert.ok(fs.existsSync(BIN), `server binary not found at ${BIN} (set TECHDESK_BIN)`)
    assert.ok(
      fs.existsSync(path.join(WEB_ROOT, 'index.html')),
      `web build not found at ${WEB_ROOT} (run npm run build in web/, or set TECHDESK_WEB_ROOT)`,
    )
    const s = new Server()
    s.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    s.db = `sqlite://${path.join(s.tmpDir, 'e2e.db')}`
    await techdesk('migrate', '--db', s.db)
    for (const org of orgs) {
      await techdesk('admin', 'create-org', '--db', s.db, '--name', org.name, '--kind', org.kind)
    }
    for (const u of users) {
      const a = ['admin', 'create-user', '--db', s.db, '--login', u.login, '--password', u.password]
      a.push('--role', u.role, '--name', u.name)
      if (u.org) a.push('--org', u.org)
      await techdesk(...a)
    }
    if (prepare) await prepare(s.db, s.tmpDir)
    const port = await freePort()
    s.baseUrl = `http://127.0.0.1:${port}`
    s.log = ''
    s.proc = spawn(
      BIN,
      ['serve', '--db', s.db, '--listen', `127.0.0.1:${port}`, '--web-root', WEB_ROOT, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const keep = (chunk) => {
      s.log = (s.log + chunk.toString()).slice(-8000)
    }
    s.proc.stdout.on('data', keep)
    s.proc.stderr.on('data', keep)
    await s.waitHealthy()
    return s
  }

  async waitHealthy() {
    const deadline = Date.now() + STARTUP_TIMEOUT
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) {
        throw new Error(`server exited with ${this.proc.exitCode} before it was ready:\n${this.log}`)
      }
      try {
        const answer = await fetch(`${this.baseUrl}/healthz`)
        if (answer.status === 200) return
      } catch {
        // Not listening yet.
      }
      await sleep(100)
    }
    throw new Error(`server not healthy within ${STARTUP_TIMEOUT} ms:\n${this.log}`)
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((resolve) => this.proc.once('exit', resolve))
      this.proc.kill('SIGTERM')
      const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])
      if (!stopped) {
        this.proc.kill('SIGKILL')
        await exited
      }
    }
    if (this.tmpDir) fs.rmSync(this.tmpDir, { recursive: true, force: true })
  }
}

/**
 * Signs `user` ({ login, password }) in over the API of the server at `baseUrl`; answers a function
 * `call(method, url, body?, expect?)` making calls with that session under /api/v1 — `expect`: the status
 * wanted, without it any 2xx — answering { status, body }. `call.user` is the signed-in user.
 */
export async function apiAs(baseUrl, user) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: user.login, password: user.password }),
  })
  const text = await login.text()
  assert.equal(login.status, 200, `login of ${user.login} failed: ${text}`)
  const { token, user: me } = JSON.parse(text)
  const call = async (method, url, body, expect) => {
    const answer = await fetch(`${baseUrl}/api/v1${url}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const raw = await answer.text()
    let parsed = null
    try {
      parsed = raw ? JSON.parse(raw) : null
    } catch {
      parsed = raw
    }
    if (expect === undefined) {
      assert.ok(answer.ok, `${user.login}: ${method} ${url} failed: ${answer.status} ${raw}`)
    } else {
      assert.equal(answer.status, expect, `${user.login}: ${method} ${url}: ${answer.status} ${raw}`)
    }
    return { status: answer.status, body: parsed }
  }
  call.user = me
  call.token = token
  return call
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** Picks a user in a searchable (remote) Element Plus select, by name or else by login. */
export async function pickUser(page, selectTest, optionTest, user) {
  const input = page.locator(`${sel(selectTest)} input`)
  for (const query of [user.name, user.login]) {
    await input.click()
    await input.fill(query)
    const option = page.locator(`${sel(optionTest)}:visible`, { hasText: user.name })
    try {
      await option.first().waitFor({ timeout: 4000 })
      await option.first().click()
      return
    } catch {
      await input.fill('')
    }
  }
  throw new Error(`user ${user.name} not offered by ${selectTest}`)
}
