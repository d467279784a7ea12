// Minimal reference automerge-repo sync server for bench/run, written
// from the upstream packages' documentation: a Repo with the
// NodeWSServerAdapter on a `ws` WebSocketServer and NodeFS storage, never
// announcing documents to peers (clients ask for what they want), with no
// logging. Usage: node server.mjs <port> <data-dir>
import os from "node:os"
import { WebSocketServer } from "ws"
import { Repo } from "@automerge/automerge-repo"
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"

const port = Number(process.argv[2] ?? 3030)
const dataDir = process.argv[3] ?? ".amrg"

const wss = new WebSocketServer({ host: "127.0.0.1", port })
const repo = new Repo({
  network: [new NodeWSServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dataDir),
  peerId: `storage-server-${os.hostname()}`,
  sharePolicy: async () => false,
})

wss.on("listening", () => {
  process.stdout.write(`reference listening on ws://127.0.0.1:${port}\n`)
})

const stop = async () => {
  wss.close()
  await repo.shutdown?.()
  process.exit(0)
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
