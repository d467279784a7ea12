//! Attached files in PostgreSQL: one row per file, bytes as `bytea`. The
//! limits check and the insert share a transaction that first locks the
//! session's row, so two uploads at once cannot both squeeze past a bound,
//! and only the node holding the session's lease writes (fenced).

use samenbord_core::attachment::AttachmentLimits;
use samenbord_core::ids::{AttachmentId, ParticipantId, RoomId, SessionId};

use super::{PostgresStorage, pg, pool_error};
use crate::storage::{
    AttachmentRecord, AttachmentStore, PutOutcome, StorageError, attachment_fits,
};

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl AttachmentStore for PostgresStorage {
    fn put_attachment(
        &self,
        record: &AttachmentRecord,
        bytes: &[u8],
        limits: &AttachmentLimits,
    ) -> Result<PutOutcome, StorageError> {
        let fence = self.fence(record.session_id.as_str())?;
        let record = record.clone();
        let bytes = bytes.to_vec();
        let limits = *limits;
        self.run(|pool| async move {
            let mut client = pool.get().await.map_err(pool_error)?;
            let tx = client.transaction().await.map_err(pg)?;
            fence.check(&tx).await?;
            let session = record.session_id.as_str();
            // Serialises uploads of one session (the row lock is held to COMMIT).
            let exists = tx
                .query_opt(
                    "SELECT 1 FROM sessions WHERE session_id = $1 FOR UPDATE",
                    &[&session],
                )
                .await
                .map_err(pg)?
                .is_some();
            if !exists {
                // Deleted meanwhile: nothing to keep the file for.
                return Ok(PutOutcome::Stored);
            }
            let totals = "SELECT COUNT(*), COALESCE(SUM(size), 0)::BIGINT FROM attachments";
            let row = tx
                .query_one(&format!("{totals} WHERE session_id = $1"), &[&session])
                .await
                .map_err(pg)?;
            let (session_files, session_bytes): (i64, i64) = (row.get(0), row.get(1));
            let row = tx
                .query_one(
                    &format!("{totals} WHERE session_id = $1 AND participant_id = $2"),
                    &[&session, &record.participant_id.as_str()],
                )
                .await
                .map_err(pg)?;
            let (participant_files, participant_bytes): (i64, i64) = (row.get(0), row.get(1));
            let fits = attachment_fits(
                &limits,
                (participant_files, participant_bytes),
                (session_files, session_bytes),
                bytes.len(),
            );
            if let Err(refusal) = fits {
                return Ok(PutOutcome::Refused(refusal));
            }
            tx.execute(
                "INSERT INTO attachments
                   (attachment_id, session_id, room_id, participant_id, name, content_type, size, data)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &record.id.as_str(),
                    &session,
                    &record.room_id.as_str(),
                    &record.participant_id.as_str(),
                    &record.name,
                    &record.content_type,
                    &i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                    &bytes,
                ],
            )
            .await
            .map_err(pg)?;
            tx.commit().await.map_err(pg)?;
            Ok(PutOutcome::Stored)
        })
    }

    fn attachment(
        &self,
        session_id: &SessionId,
        id: &AttachmentId,
    ) -> Result<Option<(AttachmentRecord, Vec<u8>)>, StorageError> {
        let (session_id, id) = (session_id.clone(), id.clone());
        self.run(|pool| async move {
            let client = pool.get().await.map_err(pool_error)?;
            let Some(row) = client
                .query_opt(
                    "SELECT room_id, participant_id, name, content_type, size, data
                     FROM attachments WHERE session_id = $1 AND attachment_id = $2",
                    &[&session_id.as_str(), &id.as_str()],
                )
                .await
                .map_err(pg)?
            else {
                return Ok(None);
            };
            let corrupt = |e: samenbord_core::ids::IdError| StorageError::Corrupt(e.to_string());
            let record = AttachmentRecord {
                room_id: RoomId::new(row.get::<_, String>(0)).map_err(corrupt)?,
                participant_id: ParticipantId::new(row.get::<_, String>(1)).map_err(corrupt)?,
                name: row.get(2),
                content_type: row.get(3),
                size: count(row.get(4)),
                id,
                session_id,
            };
            Ok(Some((record, row.get(5))))
        })
    }
}
