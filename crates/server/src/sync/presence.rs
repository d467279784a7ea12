//! Presence (automerge-repo ephemeral messages) from a peer, checked
//! before it is relayed to the room: small CBOR maps of scalars, at a
//! heartbeat's pace, naming the sender's own participant. A flood or
//! junk is dropped here; it never reaches — or disconnects — anyone else.

use ciborium::Value;

use super::hub::Principal;

/// Fields a presence message may carry (the web client sends five).
const MAX_FIELDS: usize = 12;
/// Longest text value (names are far shorter).
const MAX_TEXT: usize = 256;

/// Why a presence message is not relayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Dropped {
    #[error("presence is not a small map of plain values")]
    Malformed,
    #[error("presence names another participant")]
    NotOwnIdentity,
    #[error("presence sent faster than a heartbeat")]
    TooFast,
}

/// Checks content: a CBOR map of text keys to text, booleans, numbers
/// or null; `participant_id`, if given, is the sender's own.
pub fn check(data: &[u8], principal: &Principal) -> Result<(), Dropped> {
    let value: Value = ciborium::from_reader(data).map_err(|_| Dropped::Malformed)?;
    let Value::Map(entries) = value else {
        return Err(Dropped::Malformed);
    };
    if entries.len() > MAX_FIELDS {
        return Err(Dropped::Malformed);
    }
    for (key, value) in &entries {
        let Value::Text(key) = key else {
            return Err(Dropped::Malformed);
        };
        match value {
            Value::Text(text) if text.len() <= MAX_TEXT => {}
            Value::Bool(_) | Value::Integer(_) | Value::Float(_) | Value::Null => {}
            _ => return Err(Dropped::Malformed),
        }
        if key == "participant_id"
            && let Principal::Participant { participant_id, .. } = principal
            && *value != Value::Text(participant_id.to_string())
        {
            return Err(Dropped::NotOwnIdentity);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn cbor(value: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(value, &mut out).unwrap();
        out
    }

    fn presence(participant: &str, name: &str) -> Vec<u8> {
        let text = |s: &str| Value::Text(s.into());
        cbor(&Value::Map(vec![
            (text("type"), text("presence")),
            (text("participant_id"), text(participant)),
            (text("name"), text(name)),
            (text("role"), text("mentor")),
            (text("remote"), Value::Bool(false)),
        ]))
    }

    #[test]
    fn the_web_clients_heartbeat_passes_and_junk_or_impostors_do_not() {
        let ana = Principal::Participant {
            session_id: samenbord_core::ids::SessionId::new("s").unwrap(),
            participant_id: samenbord_core::ids::ParticipantId::new("p-ana").unwrap(),
        };
        assert_eq!(check(&presence("p-ana", "Ana"), &ana), Ok(()));
        assert_eq!(
            check(&presence("p-ben", "Ben"), &ana),
            Err(Dropped::NotOwnIdentity)
        );
        assert_eq!(
            check(&presence("p-ana", &"x".repeat(1000)), &ana),
            Err(Dropped::Malformed)
        );
        assert_eq!(check(&[0xff], &ana), Err(Dropped::Malformed));
        let nested = cbor(&Value::Map(vec![(
            Value::Text("deep".into()),
            Value::Array(vec![Value::Null; 3]),
        )]));
        assert_eq!(check(&nested, &ana), Err(Dropped::Malformed));
    }
}
