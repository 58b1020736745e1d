// Replays recorded-match.json into the ingest with the official socket.io-client, with one
// overlay on the output, and checks /status and getTeamInfoForCode. Exit code 0 = pass.
// TRANSPORTS=websocket connects over WebSocket directly; by default the client starts on
// polling and upgrades (checked: both sockets end on the websocket transport).
import { io } from "socket.io-client";
import { readFileSync } from "node:fs";

const ingestUrl = process.env.INGEST_URL ?? "http://127.0.0.1:5100";
const outputUrl = process.env.OUTPUT_URL ?? "http://127.0.0.1:5200";
const restUrl = process.env.REST_URL ?? "http://127.0.0.1:5101";
const match = JSON.parse(readFileSync(new URL("./recorded-match.json", import.meta.url)));
const code = match.logon.groupCode;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (why) => { console.error("FAIL:", why); process.exit(1); };
setTimeout(() => fail("timed out"), 30000).unref();
const once = (socket, event) => new Promise((r) => socket.once(event, r));
const status = async () => (await (await fetch(`${restUrl}/status`)).json()).matchesRunning;

const options = { reconnection: false };
if (process.env.TRANSPORTS === "websocket") options.transports = ["websocket"];
const transportOf = (socket) => socket.io.engine.transport.name;

const observer = io(ingestUrl, options);
const ack = JSON.parse(await (observer.emit("obs_logon", JSON.stringify(match.logon)), once(observer, "obs_logon_ack")));
if (ack.value !== true || !/^[A-Z0-9]{12}$/.test(ack.reason)) fail(`logon ack ${JSON.stringify(ack)}`);
if ((await status()) < 1) fail("/status does not count the live match");

const overlay = io(outputUrl, options);
const updates = [];
overlay.on("match_data", (text) => updates.push(JSON.parse(text)));
overlay.emit("logon", JSON.stringify({ groupCode: code }));
const success = JSON.parse(await once(overlay, "logon_success"));
if (success.msg !== `Logon succeeded for group code ${code}`) fail(`logon_success ${JSON.stringify(success)}`);

for (let i = 0; i < 50 && (transportOf(observer) !== "websocket" || transportOf(overlay) !== "websocket"); ++i) await sleep(20);
if (transportOf(observer) !== "websocket" || transportOf(overlay) !== "websocket")
  fail(`transports ${transportOf(observer)} / ${transportOf(overlay)}, expected websocket`);

const gone = once(observer, "disconnect");
const overlayGone = once(overlay, "disconnect");
for (const event of match.events) {
  observer.emit("obs_data", JSON.stringify({ obsName: "Observer", groupCode: code, ...event }));
  await sleep(150);
}
await gone;
await overlayGone;  // the overlays of a finished match are disconnected too
if (updates.length < 2) fail(`overlay got ${updates.length} match_data updates`);
if (JSON.stringify(updates).includes(ack.reason)) fail("the group secret reached an overlay");
if ((await status()) !== 0) fail("match still counted after game_end");
const info = await (await fetch(`${restUrl}/getTeamInfoForCode?groupCode=${code}`)).json();
if (info.higherScore !== 0 || info.leftTeam.name !== "Left") fail(`team info ${JSON.stringify(info)}`);
console.log(`PASS (${process.env.TRANSPORTS ?? "polling+upgrade"}): ${updates.length} overlay updates, team info ${JSON.stringify(info)}`);
overlay.close();
process.exit(0);
