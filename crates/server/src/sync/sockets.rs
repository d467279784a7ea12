//! Which sync connections each principal holds, so the organiser can
//! close every socket of a participant they remove — with a reason the
//! device shows — rather than waiting for the device to hang up; and so
//! a node that lets a session go closes every socket into it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use samenbord_core::ids::SessionId;

use super::hub::Principal;
use super::peer::{CloseReason, Closer, ConnectionId};

type Open = HashMap<Principal, HashMap<ConnectionId, Closer>>;

#[derive(Debug, Default)]
pub struct Sockets(Arc<Mutex<Open>>);

/// A registered connection; it unregisters itself when dropped.
pub struct Registered {
    open: Arc<Mutex<Open>>,
    principal: Principal,
    connection: ConnectionId,
}

impl Sockets {
    pub fn register(
        &self,
        principal: &Principal,
        connection: ConnectionId,
        closer: Closer,
    ) -> Registered {
        if let Ok(mut open) = self.0.lock() {
            open.entry(principal.clone())
                .or_default()
                .insert(connection, closer);
        }
        Registered {
            open: self.0.clone(),
            principal: principal.clone(),
            connection,
        }
    }

    /// Closes every connection into `session_id` (the session moved to
    /// another node): also those not attached to any document yet, which
    /// no document's actor could tell.
    pub fn close_session(&self, session_id: &SessionId, reason: &CloseReason) {
        let closers: Vec<Closer> = match self.0.lock() {
            Ok(mut open) => {
                let principals: Vec<Principal> = open
                    .keys()
                    .filter(|p| p.session_id() == session_id)
                    .cloned()
                    .collect();
                principals
                    .iter()
                    .filter_map(|p| open.remove(p))
                    .flat_map(HashMap::into_values)
                    .collect()
            }
            Err(_) => return,
        };
        for closer in closers {
            closer.close(reason.clone());
        }
    }

    /// Closes every connection `principal` holds; how many there were.
    pub fn close_all(&self, principal: &Principal, reason: &CloseReason) -> usize {
        let closers = match self.0.lock() {
            Ok(mut open) => open.remove(principal).unwrap_or_default(),
            Err(_) => return 0,
        };
        for closer in closers.values() {
            closer.close(reason.clone());
        }
        closers.len()
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut open) = self.open.lock()
            && let Some(connections) = open.get_mut(&self.principal)
        {
            connections.remove(&self.connection);
            if connections.is_empty() {
                open.remove(&self.principal);
            }
        }
    }
}
