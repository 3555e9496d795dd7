// Starts the reference Bluesky PDS (with an in-memory PLC directory) for the tests and `scripts/dev --bluesky-pds`.
// Usage: node launch.js [--port N] [--plc-port N]   (0 or absent: a free port)
// Prints one JSON line {"pdsUrl":…,"plcUrl":…} once both answer, then runs until stdin closes
// (the Java fixture dies, whatever the way) or SIGTERM/SIGINT; its data lives in a temp dir removed on exit.
'use strict'
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

function arg(name) {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) || 0 : 0
}

async function main() {
  const { TestNetworkNoAppView } = require('@atproto/dev-env')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socialwire-pds-'))
  const pds = { dataDirectory: path.join(dir, 'data'), blobstoreDiskLocation: path.join(dir, 'blobs') }
  fs.mkdirSync(pds.dataDirectory)
  if (arg('--port')) pds.port = arg('--port')
  const plc = arg('--plc-port') ? { port: arg('--plc-port') } : {}
  const network = await TestNetworkNoAppView.create({ pds, plc })
  let closing = false
  const stop = async (code) => {
    if (closing) return
    closing = true
    try {
      await network.close()
    } catch (e) {
      // exiting anyway
    }
    fs.rmSync(dir, { recursive: true, force: true })
    process.exit(code)
  }
  process.on('SIGTERM', () => stop(0))
  process.on('SIGINT', () => stop(0))
  process.stdin.on('end', () => stop(0))
  process.stdin.on('error', () => stop(0))
  process.stdin.resume()
  process.stdout.write(JSON.stringify({ pdsUrl: network.pds.url, plcUrl: network.plc.url }) + '\n')
}

main().catch((e) => {
  process.stderr.write('bluesky-pds failed to start: ' + (e && e.stack ? e.stack : e) + '\n')
  process.exit(1)
})
