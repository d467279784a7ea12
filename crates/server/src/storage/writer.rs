//! Group commit: one task writes the new changes of every document. Each
//! batch it takes is one transaction and one fsync, however many documents
//! wrote, and every writer hears back only once its bytes are durable —
//! so "on disk before any peer hears of it" holds at a fraction of the
//! fsyncs of one commit per document.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::{ChunkWrite, DocumentStore, StorageError, WriteKind};
use crate::sync::document_id::DocumentId;

/// Writes taken into one transaction at most.
const MAX_BATCH: usize = 512;
/// Writes waiting for the writer before senders wait too.
const QUEUE: usize = 4096;

struct Request {
    write: ChunkWrite,
    reply: oneshot::Sender<Result<(), String>>,
}

/// A handle to the writer task; cheap to clone.
#[derive(Clone)]
pub struct ChunkWriter {
    requests: mpsc::Sender<Request>,
}

impl ChunkWriter {
    /// Starts the writer on the blocking pool; it stops when every handle
    /// is dropped.
    pub fn spawn(storage: Arc<dyn DocumentStore>) -> Self {
        let (requests, mut queue) = mpsc::channel::<Request>(QUEUE);
        tokio::task::spawn_blocking(move || {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while let Some(first) = queue.blocking_recv() {
                batch.push(first);
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(request) => batch.push(request),
                        Err(_) => break,
                    }
                }
                let writes: Vec<ChunkWrite> = batch.iter().map(|r| r.write.clone()).collect();
                let result = storage.write_chunks(&writes).map_err(|e| e.to_string());
                for request in batch.drain(..) {
                    let _ = request.reply.send(result.clone());
                }
            }
        });
        Self { requests }
    }

    /// Appends (or, to compact, replaces every chunk by) `bytes`;
    /// returns once they are durable.
    pub async fn write(
        &self,
        document_id: DocumentId,
        bytes: Vec<u8>,
        kind: WriteKind,
    ) -> Result<(), StorageError> {
        let (reply, answer) = oneshot::channel();
        let request = Request {
            write: ChunkWrite {
                document_id,
                bytes,
                kind,
            },
            reply,
        };
        let gone = || StorageError::Unavailable("the storage writer stopped".into());
        self.requests.send(request).await.map_err(|_| gone())?;
        answer
            .await
            .map_err(|_| gone())?
            .map_err(StorageError::Unavailable)
    }
}
