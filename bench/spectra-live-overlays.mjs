// N overlay clients (official socket.io-client) in one match's room while an observer sends
// obs_data every 20 ms: match_data updates delivered per second (all overlays together) and
// latency from the observer sending an event to its arrival at an overlay (same machine). The
// match has ten players from a roster, so each match_data is full size (about 11 KB); the timed
// event is match_start, whose data (here the send time) becomes the match's matchId.
//   node bench/spectra-live-overlays.mjs [overlays=50] [seconds=10] [transport=upgrade]
// transport: "polling" (long-polling only), "websocket" (direct WebSocket) or "upgrade"
// (socket.io-client's default: polling, then the WebSocket upgrade).
// against a running daemon with config/dev (5100/5200, key spectra-demo-key). socket.io-client
// comes from plugins/spectra-live/tests/node (npm ci there).
import { createRequire } from "node:module";
const require = createRequire(new URL("../plugins/spectra-live/tests/node/", import.meta.url));
const { io } = require("socket.io-client");

const overlays = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 10);
const transport = process.argv[4] ?? "upgrade";
// Only set when chosen: Object.assign in engine.io-client would copy an undefined over its default.
const pick = transport === "upgrade" ? {} : { transports: [transport] };
const code = "BENCH" + Math.floor(Math.random() * 10);
const once = (s, e) => new Promise((r) => s.once(e, r));

const observer = io("http://127.0.0.1:5100", { reconnection: false, ...pick });
observer.emit("obs_logon", JSON.stringify({
  type: "authenticate", clientVersion: "0.3.20", obsName: "bench", key: "spectra-demo-key",
  groupCode: code, leftTeam: { name: "L", attackStart: true }, rightTeam: { name: "R", attackStart: false },
  toolsData: {} }));
const ack = JSON.parse(await once(observer, "obs_logon_ack"));
if (!ack.value) { console.error("logon refused:", ack.reason); process.exit(1); }
for (let i = 0; i < 10; i++) {
  observer.emit("obs_data", JSON.stringify({ obsName: "bench", groupCode: code, type: "roster", data: {
    name: `Player${i}`, tagline: "EUW1", startTeam: i < 5 ? 0 : 1, agentInternal: "Wushu",
    playerId: `player-${i}-0123456789abcdef0123456789`, position: i, locked: true, rank: 0 } }));
}

const latencies = [];
let updates = 0;
let measuring = false;
const clients = [];
for (let i = 0; i < overlays; i++) {
  const c = io("http://127.0.0.1:5200", { reconnection: false, forceNew: true, ...pick });
  c.on("match_data", (text) => {
    if (!measuring) return;
    updates++;
    const sent = Number(JSON.parse(text).matchId);
    if (sent > 0) latencies.push(Date.now() - sent);
  });
  c.emit("logon", JSON.stringify({ groupCode: code }));
  clients.push(once(c, "logon_success").then(() => c));
}
const sockets = await Promise.all(clients);
measuring = true;
const timer = setInterval(() => observer.emit("obs_data", JSON.stringify(
  { obsName: "bench", groupCode: code, type: "match_start", data: String(Date.now()) })), 20);
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
clearInterval(timer);
observer.emit("obs_data", JSON.stringify({ obsName: "bench", groupCode: code, type: "round_info",
                                            data: { roundPhase: "game_end", roundNumber: 1 } }));
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
console.log(JSON.stringify({ overlays, seconds, transport, updatesPerSecond: +(updates / seconds).toFixed(1),
  perOverlayPerSecond: +(updates / seconds / overlays).toFixed(2),
  latencyMs: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: latencies.at(-1) } }));
for (const s of sockets) s.close();
setTimeout(() => process.exit(0), 200);
