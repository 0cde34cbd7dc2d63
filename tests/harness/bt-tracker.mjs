// Runs bittorrent-tracker's HTTP and UDP server (no WebSocket) on 127.0.0.1 with ports the
// system picks, and prints them as one JSON line: {"http":P,"udp":Q}. Arguments, all optional:
// HTTP_PORT UDP_PORT INTERVAL_SECONDS (0 = any port; the interval defaults to 1800).
// Its own `bittorrent-tracker` command loads the WebRTC client, whose native module the
// harness does not install; the server alone needs none.
import Server from '../../.trackers/node/node_modules/bittorrent-tracker/server.js'

const [http = 0, udp = 0, interval = 1800] = process.argv.slice(2).map(Number)
const server = new Server({ http: true, udp: true, ws: false, stats: false, interval: interval * 1000 })
server.on('error', err => console.error(`bittorrent-tracker: ${err.message}`))
server.on('warning', err => console.error(`bittorrent-tracker warning: ${err.message}`))
server.listen({ http, udp }, { http: '127.0.0.1', udp: '127.0.0.1', udp6: '::1' }, () => {
  console.log(JSON.stringify({ http: server.http.address().port, udp: server.udp4.address().port }))
})
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)))
