//! The automerge-repo wire protocol: CBOR maps with a `type` field.
//! Decoding is strict about what we rely on and names what is wrong, so a
//! malformed frame closes its connection with a clear reason.

use std::collections::BTreeMap;

use ciborium::Value;

use crate::document_id::DocumentId;

pub const PROTOCOL_VERSION: &str = "1";

#[derive(Debug, Clone, PartialEq)]
pub enum WireMessage {
    Join {
        sender_id: String,
        supported_protocol_versions: Vec<String>,
    },
    Peer {
        sender_id: String,
        target_id: String,
        storage_id: String,
    },
    Leave {
        sender_id: String,
    },
    Request {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    Sync {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    DocUnavailable {
        sender_id: String,
        target_id: String,
        document_id: DocumentId,
    },
    Ephemeral {
        sender_id: String,
        target_id: String,
        count: u64,
        session_id: String,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    Error {
        message: String,
    },
    /// Subscription and heads gossip: valid, but a hub without other
    /// storage peers has nothing to do with them.
    Gossip,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("frame is not valid CBOR")]
    NotCbor,
    #[error("message is not a CBOR map")]
    NotAMap,
    #[error("message has no 'type'")]
    MissingType,
    #[error("unknown message type '{0}'")]
    UnknownType(String),
    #[error("'{message}' message lacks a valid '{field}'")]
    BadField {
        message: &'static str,
        field: &'static str,
    },
    #[error("invalid documentId")]
    BadDocumentId,
}

struct Fields(BTreeMap<String, Value>);

impl Fields {
    fn text(&self, message: &'static str, field: &'static str) -> Result<String, DecodeError> {
        match self.0.get(field) {
            Some(Value::Text(text)) => Ok(text.clone()),
            _ => Err(DecodeError::BadField { message, field }),
        }
    }

    fn bytes(&self, message: &'static str, field: &'static str) -> Result<Vec<u8>, DecodeError> {
        match self.0.get(field) {
            Some(Value::Bytes(bytes)) => Ok(bytes.clone()),
            _ => Err(DecodeError::BadField { message, field }),
        }
    }

    fn count(&self, message: &'static str, field: &'static str) -> Result<u64, DecodeError> {
        match self.0.get(field) {
            Some(Value::Integer(int)) => {
                u64::try_from(*int).map_err(|_| DecodeError::BadField { message, field })
            }
            // JS numbers may arrive as floats.
            Some(Value::Float(f)) if *f >= 0.0 && f.fract() == 0.0 => Ok(*f as u64),
            _ => Err(DecodeError::BadField { message, field }),
        }
    }

    fn document_id(&self, message: &'static str) -> Result<DocumentId, DecodeError> {
        self.text(message, "documentId")?
            .parse()
            .map_err(|_| DecodeError::BadDocumentId)
    }

    fn versions(&self) -> Result<Vec<String>, DecodeError> {
        let bad = DecodeError::BadField {
            message: "join",
            field: "supportedProtocolVersions",
        };
        match self.0.get("supportedProtocolVersions") {
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::Text(text) => Ok(text.clone()),
                    _ => Err(bad.clone()),
                })
                .collect(),
            _ => Err(bad),
        }
    }
}

impl WireMessage {
    pub fn decode(frame: &[u8]) -> Result<Self, DecodeError> {
        let value: Value = ciborium::from_reader(frame).map_err(|_| DecodeError::NotCbor)?;
        let Value::Map(entries) = value else {
            return Err(DecodeError::NotAMap);
        };
        let fields = Fields(
            entries
                .into_iter()
                .filter_map(|(key, value)| match key {
                    Value::Text(key) => Some((key, value)),
                    _ => None,
                })
                .collect(),
        );
        let kind = match fields.0.get("type") {
            Some(Value::Text(kind)) => kind.clone(),
            _ => return Err(DecodeError::MissingType),
        };
        let f = &fields;
        Ok(match kind.as_str() {
            "join" => Self::Join {
                sender_id: f.text("join", "senderId")?,
                supported_protocol_versions: f.versions()?,
            },
            "leave" => Self::Leave {
                sender_id: f.text("leave", "senderId")?,
            },
            "request" => Self::Request {
                sender_id: f.text("request", "senderId")?,
                target_id: f.text("request", "targetId")?,
                document_id: f.document_id("request")?,
                data: f.bytes("request", "data")?,
            },
            "sync" => Self::Sync {
                sender_id: f.text("sync", "senderId")?,
                target_id: f.text("sync", "targetId")?,
                document_id: f.document_id("sync")?,
                data: f.bytes("sync", "data")?,
            },
            "doc-unavailable" => Self::DocUnavailable {
                sender_id: f.text("doc-unavailable", "senderId")?,
                target_id: f.text("doc-unavailable", "targetId")?,
                document_id: f.document_id("doc-unavailable")?,
            },
            "ephemeral" => Self::Ephemeral {
                sender_id: f.text("ephemeral", "senderId")?,
                target_id: f.text("ephemeral", "targetId")?,
                count: f.count("ephemeral", "count")?,
                session_id: f.text("ephemeral", "sessionId")?,
                document_id: f.document_id("ephemeral")?,
                data: f.bytes("ephemeral", "data")?,
            },
            "error" => Self::Error {
                message: f.text("error", "message")?,
            },
            "peer" => Self::Peer {
                sender_id: f.text("peer", "senderId")?,
                target_id: f.text("peer", "targetId")?,
                storage_id: String::new(),
            },
            "remote-subscription-change" | "remote-heads-changed" => Self::Gossip,
            other => return Err(DecodeError::UnknownType(other.chars().take(40).collect())),
        })
    }

    pub fn encode(&self) -> Vec<u8> {
        let text = |s: &str| Value::Text(s.to_owned());
        let mut map: Vec<(Value, Value)> = Vec::with_capacity(7);
        let mut put = |key: &str, value: Value| map.push((text(key), value));
        match self {
            Self::Join {
                sender_id,
                supported_protocol_versions,
            } => {
                put("type", text("join"));
                put("senderId", text(sender_id));
                put(
                    "supportedProtocolVersions",
                    Value::Array(
                        supported_protocol_versions
                            .iter()
                            .map(|v| text(v))
                            .collect(),
                    ),
                );
            }
            Self::Peer {
                sender_id,
                target_id,
                storage_id,
            } => {
                put("type", text("peer"));
                put("senderId", text(sender_id));
                put("targetId", text(target_id));
                put("selectedProtocolVersion", text(PROTOCOL_VERSION));
                put(
                    "peerMetadata",
                    Value::Map(vec![
                        (text("storageId"), text(storage_id)),
                        (text("isEphemeral"), Value::Bool(false)),
                    ]),
                );
            }
            Self::Leave { sender_id } => {
                put("type", text("leave"));
                put("senderId", text(sender_id));
            }
            Self::Request {
                sender_id,
                target_id,
                document_id,
                data,
            }
            | Self::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            } => {
                let kind = if matches!(self, Self::Request { .. }) {
                    "request"
                } else {
                    "sync"
                };
                put("type", text(kind));
                put("senderId", text(sender_id));
                put("targetId", text(target_id));
                put("documentId", text(&document_id.to_string()));
                put("data", Value::Bytes(data.clone()));
            }
            Self::DocUnavailable {
                sender_id,
                target_id,
                document_id,
            } => {
                put("type", text("doc-unavailable"));
                put("senderId", text(sender_id));
                put("targetId", text(target_id));
                put("documentId", text(&document_id.to_string()));
            }
            Self::Ephemeral {
                sender_id,
                target_id,
                count,
                session_id,
                document_id,
                data,
            } => {
                put("type", text("ephemeral"));
                put("senderId", text(sender_id));
                put("targetId", text(target_id));
                put("count", Value::Integer((*count).into()));
                put("sessionId", text(session_id));
                put("documentId", text(&document_id.to_string()));
                put("data", Value::Bytes(data.clone()));
            }
            Self::Error { message } => {
                put("type", text("error"));
                put("message", text(message));
            }
            Self::Gossip => {
                put("type", text("remote-subscription-change"));
            }
        }
        let mut out = Vec::new();
        // Writing CBOR into a Vec cannot fail.
        let _ = ciborium::into_writer(&Value::Map(map), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_messages_round_trip() {
        let message = WireMessage::Sync {
            sender_id: "ana".into(),
            target_id: "server".into(),
            document_id: DocumentId::random(),
            data: vec![1, 2, 3],
        };
        assert_eq!(WireMessage::decode(&message.encode()).unwrap(), message);
    }

    #[test]
    fn malformed_frames_are_named() {
        assert_eq!(
            WireMessage::decode(&[0xff, 0x00]),
            Err(DecodeError::NotCbor)
        );
        let mut not_map = Vec::new();
        ciborium::into_writer(&Value::Integer(3.into()), &mut not_map).unwrap();
        assert_eq!(WireMessage::decode(&not_map), Err(DecodeError::NotAMap));
        let unknown = Value::Map(vec![(
            Value::Text("type".into()),
            Value::Text("shout".into()),
        )]);
        let mut frame = Vec::new();
        ciborium::into_writer(&unknown, &mut frame).unwrap();
        assert_eq!(
            WireMessage::decode(&frame),
            Err(DecodeError::UnknownType("shout".into()))
        );
        let no_data = Value::Map(vec![
            (Value::Text("type".into()), Value::Text("sync".into())),
            (Value::Text("senderId".into()), Value::Text("a".into())),
            (Value::Text("targetId".into()), Value::Text("b".into())),
            (
                Value::Text("documentId".into()),
                Value::Text(DocumentId::random().to_string()),
            ),
        ]);
        let mut frame = Vec::new();
        ciborium::into_writer(&no_data, &mut frame).unwrap();
        assert_eq!(
            WireMessage::decode(&frame),
            Err(DecodeError::BadField {
                message: "sync",
                field: "data"
            })
        );
    }
}

#[cfg(test)]
mod fuzz {
    //! Property tests standing in for a fuzz target (cargo-fuzz needs a
    //! nightly toolchain): whatever a peer sends, decoding answers and
    //! never panics; PROPTEST_CASES raises the count for a long run.
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;

    fn frames() -> Vec<Vec<u8>> {
        let id = DocumentId::random();
        vec![
            WireMessage::Join {
                sender_id: "ana".into(),
                supported_protocol_versions: vec!["1".into()],
            }
            .encode(),
            WireMessage::Sync {
                sender_id: "ana".into(),
                target_id: "server".into(),
                document_id: id,
                data: vec![0x42, 0, 0, 0, 0],
            }
            .encode(),
            WireMessage::Ephemeral {
                sender_id: "ana".into(),
                target_id: "server".into(),
                count: 3,
                session_id: "s".into(),
                document_id: id,
                data: vec![0xa0],
            }
            .encode(),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_frames_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = WireMessage::decode(&bytes);
        }

        #[test]
        fn mutated_frames_never_panic(
            which in 0usize..3,
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
            cut in any::<usize>(),
        ) {
            let mut frame = frames()[which].clone();
            for (at, byte) in flips {
                let at = at % frame.len();
                frame[at] ^= byte;
            }
            frame.truncate(cut % (frame.len() + 1));
            if let Ok(message) = WireMessage::decode(&frame) {
                // What decodes re-encodes and decodes the same.
                prop_assert_eq!(WireMessage::decode(&message.encode()).ok(), Some(message));
            }
        }
    }
}
