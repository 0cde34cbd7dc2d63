// Loads bittorrent-tracker's client without WebRTC: the harness installs it without its native
// WebRTC module (the bench scrapes HTTP and UDP trackers only), so `webrtc-polyfill` is replaced
// by empty classes under the names simple-peer imports.
//   node --import ./bench/lib/no-webrtc.mjs bench/lib/bt_scrape.mjs …
import { register } from 'node:module'

const stub = 'export class RTCPeerConnection {}; export class RTCSessionDescription {}; ' +
  'export class RTCIceCandidate {}; export default {};'
const hooks = `
export async function resolve (specifier, context, next) {
  if (specifier === 'webrtc-polyfill') {
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(stub)}), shortCircuit: true }
  }
  return next(specifier, context)
}`
register('data:text/javascript,' + encodeURIComponent(hooks))
