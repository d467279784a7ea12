//! Co-hosts of a session: invited by the main organiser with their own
//! secret (so one can be revoked without changing anyone else's link),
//! kept with the session's other secrets, and indexed as organiser tokens.

use samenbord_core::contract::{CoHostInvite, CoHostView, MAX_COHOST_NAME, MAX_COHOSTS};
use serde::{Deserialize, Serialize};

use super::{Registry, SlotRef, hash, lock_error, new_id, new_secret};
use crate::error::ApiError;
use crate::sync::hub::{Host, Principal};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CoHostSecret {
    name: String,
    pub(super) secret_hash: String,
    invited_at: i64,
}

impl Registry {
    /// The session's co-hosts, oldest first.
    pub async fn cohosts(&self, slot: &SlotRef) -> Vec<CoHostView> {
        let slot = slot.lock().await;
        let mut list: Vec<CoHostView> = slot
            .state
            .cohosts
            .iter()
            .map(|(id, c)| view(id, c))
            .collect();
        list.sort_by(|a, b| (a.invited_at, &a.id).cmp(&(b.invited_at, &b.id)));
        list
    }

    /// Invites a co-host: a new secret, shown only in the reply.
    pub async fn invite_cohost(
        &self,
        slot: &SlotRef,
        name: &str,
        now: i64,
    ) -> Result<CoHostInvite, ApiError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_COHOST_NAME {
            return Err(ApiError::BadRequest(
                format!("the name must be 1 to {MAX_COHOST_NAME} characters"),
                "invalid-name",
            ));
        }
        let mut slot = slot.lock().await;
        if slot.state.cohosts.len() >= MAX_COHOSTS {
            return Err(ApiError::BadRequest(
                format!("a session has at most {MAX_COHOSTS} co-hosts"),
                "too-many-cohosts",
            ));
        }
        let id = new_id("h");
        let secret = new_secret(&slot.state.session.id);
        let cohost = CoHostSecret {
            name: name.to_owned(),
            secret_hash: hash(&secret),
            invited_at: now,
        };
        let mut state = slot.state.clone();
        state.cohosts.insert(id.clone(), cohost.clone());
        self.persist(&state).await?;
        self.tokens.write().map_err(lock_error)?.insert(
            cohost.secret_hash.clone(),
            Principal::Organiser {
                session_id: state.session.id.clone(),
                host: Host::CoHost(id.clone()),
            },
        );
        self.adopt(&mut slot, state);
        Ok(CoHostInvite {
            cohost: view(&id, &cohost),
            secret,
        })
    }

    /// Revokes a co-host: their link stops working at once (refused as
    /// revoked, also after a restart), and their open console streams and
    /// sync sockets close now rather than when they next reconnect.
    pub async fn revoke_cohost(&self, slot: &SlotRef, id: &str) -> Result<(), ApiError> {
        let mut slot = slot.lock().await;
        slot.ensure_live()?;
        let mut state = slot.state.clone();
        let cohost = state
            .cohosts
            .remove(id)
            .ok_or(ApiError::NotFound("co-host"))?;
        state.revoked.insert(cohost.secret_hash.clone());
        self.persist(&state).await?;
        let principal = Principal::Organiser {
            session_id: state.session.id.clone(),
            host: Host::CoHost(id.to_owned()),
        };
        self.adopt(&mut slot, state);
        self.lock_out(&slot, principal, Some(cohost.secret_hash))
    }
}

fn view(id: &str, cohost: &CoHostSecret) -> CoHostView {
    CoHostView {
        id: id.to_owned(),
        name: cohost.name.clone(),
        invited_at: cohost.invited_at,
    }
}
