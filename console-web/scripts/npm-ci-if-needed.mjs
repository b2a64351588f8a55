// Runs `npm ci` only when node_modules was not installed from the current package-lock.json
// by the current Node version. Maven calls this in every build; an up-to-date tree costs ~50 ms.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const lockFile = join(root, 'package-lock.json')
const marker = join(root, 'node_modules', '.npm-ci-marker')

const fingerprint = createHash('sha256')
  .update(readFileSync(lockFile))
  .update(`\0${process.version}\0${process.platform}-${process.arch}`)
  .digest('hex')

if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === fingerprint) {
  console.log('node_modules matches package-lock.json; skipping npm ci')
  process.exit(0)
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (result.error) {
  console.error(`could not run ${npm}: ${result.error.message}`)
  process.exit(1)
}
if (result.status !== 0) {
  process.exit(result.status ?? 1)
}
// npm ci removes node_modules first, so a failed install never leaves a stale marker behind.
writeFileSync(marker, `${fingerprint}\n`)
