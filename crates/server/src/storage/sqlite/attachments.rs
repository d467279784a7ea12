//! Attached files in SQLite: one row per file, bytes as a blob. The
//! limits check and the insert share a transaction.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use samenbord_core::attachment::AttachmentLimits;
use samenbord_core::ids::{AttachmentId, ParticipantId, RoomId, SessionId};

use super::SqliteStorage;
use crate::storage::{
    AttachmentRecord, AttachmentStore, PutOutcome, StorageError, attachment_fits,
};

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl AttachmentStore for SqliteStorage {
    fn put_attachment(
        &self,
        record: &AttachmentRecord,
        bytes: &[u8],
        limits: &AttachmentLimits,
    ) -> Result<PutOutcome, StorageError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (session_files, session_bytes): (i64, i64) = tx.query_row(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM attachments WHERE session_id = ?1",
                params![record.session_id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            let (participant_files, participant_bytes): (i64, i64) = tx.query_row(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM attachments
                 WHERE session_id = ?1 AND participant_id = ?2",
                params![record.session_id.as_str(), record.participant_id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            let fits = attachment_fits(
                limits,
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
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    record.id.as_str(),
                    record.session_id.as_str(),
                    record.room_id.as_str(),
                    record.participant_id.as_str(),
                    record.name,
                    record.content_type,
                    i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                    bytes,
                ],
            )?;
            tx.commit()?;
            Ok(PutOutcome::Stored)
        })
    }

    fn attachment(
        &self,
        session_id: &SessionId,
        id: &AttachmentId,
    ) -> Result<Option<(AttachmentRecord, Vec<u8>)>, StorageError> {
        self.with(|c| {
            let row = c
                .query_row(
                    "SELECT room_id, participant_id, name, content_type, size, data
                     FROM attachments WHERE session_id = ?1 AND attachment_id = ?2",
                    params![session_id.as_str(), id.as_str()],
                    |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, String>(2)?,
                            row.get::<_, String>(3)?,
                            row.get::<_, i64>(4)?,
                            row.get::<_, Vec<u8>>(5)?,
                        ))
                    },
                )
                .optional()?;
            let Some((room, participant, name, content_type, size, data)) = row else {
                return Ok(None);
            };
            let corrupt = |e: samenbord_core::ids::IdError| StorageError::Corrupt(e.to_string());
            Ok(Some((
                AttachmentRecord {
                    id: id.clone(),
                    session_id: session_id.clone(),
                    room_id: RoomId::new(room).map_err(corrupt)?,
                    participant_id: ParticipantId::new(participant).map_err(corrupt)?,
                    name,
                    content_type,
                    size: count(size),
                },
                data,
            )))
        })
    }
}
