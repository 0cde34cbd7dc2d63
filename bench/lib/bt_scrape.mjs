// Scrapes every info-hash of FILE (one 40-hex hash a line) at URL with bittorrent-tracker's own
// client (`Client.scrape`, many info-hashes a call), CHUNK hashes a call (default 74, what one
// BEP 15 packet holds), one call after another; prints how many hashes got counts.
//   node bench/lib/bt_scrape.mjs URL FILE [CHUNK]
import { readFileSync } from 'node:fs'
// Run with --import ./bench/lib/no-webrtc.mjs (see there).
import Client from '../../.trackers/node/node_modules/bittorrent-tracker/client.js'

const [url, file, chunk = '74'] = process.argv.slice(2)
const hashes = readFileSync(file, 'utf8').split('\n').filter(Boolean)
const size = Number(chunk)
const scrape = infoHash => new Promise((resolve, reject) =>
  Client.scrape({ announce: url, infoHash }, (err, data) => (err ? reject(err) : resolve(data))))
let answered = 0
for (let i = 0; i < hashes.length; i += size) {
  const part = hashes.slice(i, i + size)
  const data = await scrape(part.length === 1 ? part[0] : part)
  answered += part.length === 1 ? 1 : part.filter(h => data[h]).length
}
console.log(answered)
