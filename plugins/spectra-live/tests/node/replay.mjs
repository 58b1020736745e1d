// Replays recorded-match.json into the ingest with the official socket.io-client, with one
// overlay on the output and one auxiliary (player) client, and checks what the overlay drew from
// (players, rounds, spike, round record, the auxiliary health), that malformed events change
// nothing and break nothing, /status and getTeamInfoForCode. Exit code 0 = pass.
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

// Waits (up to 5 s) for an overlay update that passes `check`; the overlay gets at most one
// update per 100 ms, so the last state may arrive a little after the last event.
const latest = () => updates[updates.length - 1];
async function until(what, check) {
  for (let i = 0; i < 250; ++i) {
    if (updates.length > 0 && check(latest())) return latest();
    await sleep(20);
  }
  fail(`overlay never showed ${what}; last update ${JSON.stringify(latest())}`);
}
const playerOf = (m, id) => m.teams.flatMap((t) => t.players).find((p) => p.playerId === id);

// The logon's snapshot: teams and tools, no players yet, secrets stripped.
await until("the logon's teams", (m) => m.teams?.[0]?.teamName === "Left" && m.teams[1].teamName === "Right");

const gone = once(observer, "disconnect");
const overlayGone = once(overlay, "disconnect");
// pauseMs: a state the checks below look for lasts long enough to reach the overlay (an update
// takes up to two 100 ms ticks: the ingest stores, the output sends).
for (const { pauseMs, ...event } of match.events) {
  observer.emit("obs_data", JSON.stringify({ obsName: "Observer", groupCode: code, ...event }));
  await sleep(pauseMs ?? 150);
}
let m = await until("round 3's shopping phase", (u) => u.roundNumber === 3 && u.roundPhase === "shopping");
if (m.matchId !== match.gameMatchId || m.isRunning !== true || m.map !== "Ascent") fail(`match ${JSON.stringify(m)}`);
if (m.teams[0].players.length !== 2 || m.teams[1].players.length !== 2) fail(`players ${JSON.stringify(m.teams)}`);
if (m.teams[0].roundsWon !== 2 || m.teams[1].roundsWon !== 0) fail(`rounds won ${m.teams[0].roundsWon}:${m.teams[1].roundsWon}`);
const lefty = playerOf(m, "L1");
if (lefty.agentProper !== "Jett" || lefty.fullName !== "Lefty#EUW" || lefty.kills !== 0 || lefty.killsOnEnemyPlayer.Righty !== 1)
  fail(`Lefty ${JSON.stringify(lefty)}`);  // the scoreboard (kills 0) won over the killfeed this round
if (playerOf(m, "R1").agentProper !== "Clove" || playerOf(m, "L2").agentProper !== "Astra") fail("agents");
const record = m.teams[0].roundRecord;
if (record[0].type !== "kills" || record[1].type !== "kills" || record[2].type !== "upcoming")
  fail(`round record ${JSON.stringify(record)}`);
if (m.teams[1].roundRecord[0].type !== "lost") fail(`right round record ${JSON.stringify(m.teams[1].roundRecord)}`);
if (m.spikeState.planted !== false || m.tools.playercamsInfo.identifier !== "cams") fail(`spike/tools ${JSON.stringify(m)}`);
// Combat starts the 99 s round timer; the plant replaces it with the spike's 45 s.
if (!updates.some((u) => u.roundPhase === "combat" && u.roundNumber === 1 && typeof u.roundTimeoutTime === "number"))
  fail("no combat update with its round timer");
if (!updates.some((u) => u.spikeState.planted === true && typeof u.spikeDetonationTime === "number"))
  fail("no update showed the planted spike");

// An auxiliary client names the game's match id (from match_start) and reports its health.
const auxiliary = io(ingestUrl, options);
const auxAck = JSON.parse(await (auxiliary.emit("aux_logon", JSON.stringify({
  type: "aux_authenticate", clientVersion: "0.3.20", name: "Rightier", matchId: match.gameMatchId, playerId: "R2",
})), once(auxiliary, "aux_logon_ack")));
if (auxAck.value !== true || auxAck.reason !== code) fail(`aux ack ${JSON.stringify(auxAck)}`);
auxiliary.emit("aux_data", JSON.stringify({ playerId: "R2", matchId: match.gameMatchId, type: "aux_health", data: 63 }));
m = await until("the auxiliary health", (u) => playerOf(u, "R2")?.health === 63);
if (playerOf(m, "R2").auxiliaryAvailable.health !== true) fail(`aux ${JSON.stringify(playerOf(m, "R2"))}`);

// Malformed events: ignored, the match goes on and nothing crashes.
for (const text of match.badEvents) observer.emit("obs_data", text);
observer.emit("obs_data", 17);
observer.emit("obs_data");
auxiliary.emit("aux_data", "{\"playerId\":\"R2\",\"matchId\":\"game-REPLAY\",\"type\":\"aux_health\",\"data\":\"full\"}");
observer.emit("obs_data", JSON.stringify({ obsName: "Observer", groupCode: code, type: "observing", data: "Lefty #EUW" }));
m = await until("the observed player", (u) => playerOf(u, "L1")?.isObserved === true);
if (m.roundNumber !== 3 || playerOf(m, "R2").health !== 63 || playerOf(m, "L1").kills !== 0)
  fail(`a malformed event changed the match ${JSON.stringify(m)}`);
if ((await status()) < 1) fail("/status lost the match after malformed events");

observer.emit("obs_data", JSON.stringify({ obsName: "Observer", groupCode: code, ...match.end }));
await gone;
await overlayGone;  // the overlays of a finished match are disconnected too
if (updates.length < 5) fail(`overlay got ${updates.length} match_data updates`);
const everything = JSON.stringify(updates);
if (everything.includes(ack.reason)) fail("the group secret reached an overlay");
if (everything.includes("CAMSECRET") || everything.includes("endTime") || everything.includes("eventNumber"))
  fail("a playercams secret or internal field reached an overlay");
if ((await status()) !== 0) fail("match still counted after game_end");
const info = await (await fetch(`${restUrl}/getTeamInfoForCode?groupCode=${code}`)).json();
if (info.higherScore !== 0 || info.leftTeam.name !== "Left") fail(`team info ${JSON.stringify(info)}`);
const largest = Math.max(...updates.map((u) => JSON.stringify(u).length));
console.log(`PASS (${process.env.TRANSPORTS ?? "polling+upgrade"}): ${updates.length} overlay updates (largest ${largest} bytes, 4 players), team info ${JSON.stringify(info)}`);
overlay.close();
auxiliary.close();
process.exit(0);
