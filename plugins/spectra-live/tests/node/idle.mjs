// An observer that logs on and then goes quiet: with live_match_idle_ms at 1500 the match is
// removed and the ingest disconnects the observer (and the output its overlay) on its own, as
// upstream's idle check does, without waiting for a next event. Exit code 0 = pass.
import { io } from "socket.io-client";
import { readFileSync } from "node:fs";

const ingestUrl = process.env.INGEST_URL;
const outputUrl = process.env.OUTPUT_URL;
const restUrl = process.env.REST_URL;
const match = JSON.parse(readFileSync(new URL("./recorded-match.json", import.meta.url)));
const code = match.logon.groupCode;
const fail = (why) => { console.error("FAIL:", why); process.exit(1); };
setTimeout(() => fail("timed out: the idle observer was never disconnected"), 15000).unref();
const once = (socket, event) => new Promise((r) => socket.once(event, r));
const status = async () => (await (await fetch(`${restUrl}/status`)).json()).matchesRunning;

const options = { reconnection: false };
if (process.env.TRANSPORTS === "websocket") options.transports = ["websocket"];
const observer = io(ingestUrl, options);
const ack = JSON.parse(await (observer.emit("obs_logon", JSON.stringify(match.logon)), once(observer, "obs_logon_ack")));
if (ack.value !== true) fail(`logon ack ${JSON.stringify(ack)}`);
const started = Date.now();
const gone = once(observer, "disconnect");
const overlay = io(outputUrl, options);
overlay.emit("logon", JSON.stringify({ groupCode: code }));
await once(overlay, "logon_success");
const overlayGone = once(overlay, "disconnect");
const reason = await gone;
const after = Date.now() - started;
await overlayGone;
if (after < 1400) fail(`disconnected after ${after} ms, before the match could go idle`);
if ((await status()) !== 0) fail("the idle match is still counted");
console.log(`PASS: idle observer disconnected after ${after} ms (${reason})`);
process.exit(0);
