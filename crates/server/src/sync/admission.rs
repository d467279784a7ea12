//! Who may open one more sync connection. One token must not hold every
//! slot (10,000 sockets from one participant locked out the organiser),
//! nor one address; and the organiser always gets in, on slots kept for
//! organisers alone.

use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::hub::Principal;
use crate::counted::{Counted, Counts};
use crate::listener::address_key;

/// Sync connection caps.
#[derive(Debug, Clone, Copy)]
pub struct AdmissionLimits {
    /// Connections participants (and organisers) may hold in all.
    pub max_connections: usize,
    /// Slots on top of those, for organisers alone.
    pub organiser_reserve: usize,
    /// Connections one participant's token may hold (tabs, devices).
    pub per_participant: usize,
    /// Connections one organiser's token may hold.
    pub per_organiser: usize,
    /// Participants' connections from one address (a venue's devices
    /// often share one).
    pub per_address: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the server has no room for more connections")]
    Full,
    #[error("too many connections with this token")]
    TooManyForToken,
    #[error("too many connections from this address")]
    TooManyForAddress,
}

pub struct Admission {
    limits: AdmissionLimits,
    everyone: Arc<Semaphore>,
    organisers: Arc<Semaphore>,
    tokens: Counts<Principal>,
    addresses: Counts<IpAddr>,
}

/// A held connection slot, given back on drop.
pub struct Ticket {
    _slot: OwnedSemaphorePermit,
    _token: Counted<Principal>,
    _address: Option<Counted<IpAddr>>,
}

impl Admission {
    pub fn new(limits: AdmissionLimits) -> Self {
        Self {
            limits,
            everyone: Arc::new(Semaphore::new(limits.max_connections)),
            organisers: Arc::new(Semaphore::new(limits.organiser_reserve)),
            tokens: Counts::default(),
            addresses: Counts::default(),
        }
    }

    pub fn admit(&self, principal: &Principal, address: IpAddr) -> Result<Ticket, Refusal> {
        match principal {
            Principal::Organiser { .. } => {
                let token = self
                    .tokens
                    .take(principal.clone(), self.limits.per_organiser)
                    .ok_or(Refusal::TooManyForToken)?;
                let slot = self
                    .organisers
                    .clone()
                    .try_acquire_owned()
                    .or_else(|_| self.everyone.clone().try_acquire_owned())
                    .map_err(|_| Refusal::Full)?;
                Ok(Ticket {
                    _slot: slot,
                    _token: token,
                    _address: None,
                })
            }
            Principal::Participant { .. } => {
                let token = self
                    .tokens
                    .take(principal.clone(), self.limits.per_participant)
                    .ok_or(Refusal::TooManyForToken)?;
                let address = self
                    .addresses
                    .take(address_key(address), self.limits.per_address)
                    .ok_or(Refusal::TooManyForAddress)?;
                let slot = self
                    .everyone
                    .clone()
                    .try_acquire_owned()
                    .map_err(|_| Refusal::Full)?;
                Ok(Ticket {
                    _slot: slot,
                    _token: token,
                    _address: Some(address),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn limits() -> AdmissionLimits {
        AdmissionLimits {
            max_connections: 10,
            organiser_reserve: 2,
            per_participant: 3,
            per_organiser: 2,
            per_address: 5,
        }
    }

    fn participant(id: &str) -> Principal {
        Principal::Participant {
            session_id: samenbord_core::ids::SessionId::new("s").unwrap(),
            participant_id: samenbord_core::ids::ParticipantId::new(id).unwrap(),
        }
    }

    #[test]
    fn a_token_and_an_address_hold_only_their_share_and_give_it_back() {
        let admission = Admission::new(limits());
        let here: IpAddr = "10.0.0.1".parse().unwrap();
        let ana: Vec<Ticket> = (0..3)
            .map(|_| admission.admit(&participant("ana"), here).unwrap())
            .collect();
        assert_eq!(
            admission.admit(&participant("ana"), here).err(),
            Some(Refusal::TooManyForToken)
        );
        let _ben: Vec<Ticket> = (0..2)
            .map(|_| admission.admit(&participant("ben"), here).unwrap())
            .collect();
        assert_eq!(
            admission.admit(&participant("cor"), here).err(),
            Some(Refusal::TooManyForAddress)
        );
        drop(ana);
        assert!(admission.admit(&participant("ana"), here).is_ok());
    }

    #[test]
    fn the_organiser_gets_in_when_participants_filled_the_server() {
        let admission = Admission::new(limits());
        let mut held = Vec::new();
        for i in 0..10 {
            let from: IpAddr = format!("10.0.1.{i}").parse().unwrap();
            held.push(
                admission
                    .admit(&participant(&format!("p{i}")), from)
                    .unwrap(),
            );
        }
        let late: IpAddr = "10.0.2.1".parse().unwrap();
        assert_eq!(
            admission.admit(&participant("late"), late).err(),
            Some(Refusal::Full)
        );
        let organiser = Principal::Organiser {
            session_id: samenbord_core::ids::SessionId::new("s").unwrap(),
            host: crate::sync::hub::Host::Main,
        };
        assert!(admission.admit(&organiser, late).is_ok());
    }
}
