// Validates the load generator with the upstream JS client: opens a room
// document the generator wrote, through @automerge/automerge-repo and its
// BrowserWebSocketClientAdapter, and checks the notes are there.
// Usage: node check-doc.mjs <ws-url> <automerge:docid> <min-notes>
import { Repo } from "@automerge/automerge-repo"
import { BrowserWebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const [url, docUrl, minNotes] = process.argv.slice(2)
const timer = setTimeout(() => {
  console.error(`timed out opening ${docUrl}`)
  process.exit(2)
}, 30_000)

const repo = new Repo({ network: [new BrowserWebSocketClientAdapter(url)] })
const handle = await repo.find(docUrl.startsWith("automerge:") ? docUrl : `automerge:${docUrl}`)
const doc = handle.doc()
const notes = Object.values(doc?.notes ?? {})
const texts = notes.filter((n) => typeof n.text === "string" && n.text.length > 0)
clearTimeout(timer)
console.log(JSON.stringify({ notes: notes.length, with_text: texts.length, sample: texts[0]?.text }))
const ok = notes.length >= Number(minNotes) && texts.length === notes.length
await repo.shutdown()
process.exit(ok ? 0 : 1)
