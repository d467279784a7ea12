//! The client's address as limits should see it. Behind a TLS proxy or
//! load balancer every request comes from the proxy; the operator may name
//! that proxy (`--trusted-proxy`), and only for requests whose peer *is*
//! that proxy is the client address read from its header. Anyone else
//! sending the header is ignored, so a client cannot pick its own address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};

use crate::app::SharedState;
use crate::error::ApiError;

/// Which peers are proxies, and the header they put the client in.
#[derive(Debug, Clone)]
pub struct TrustedProxies {
    proxies: Vec<IpAddr>,
    header: HeaderName,
}

impl TrustedProxies {
    /// No proxy trusted: the peer's address is the client's.
    pub fn none() -> Self {
        Self::new(Vec::new(), HeaderName::from_static("x-forwarded-for"))
    }

    pub fn new(proxies: Vec<IpAddr>, header: HeaderName) -> Self {
        Self { proxies, header }
    }

    pub fn is_trusted(&self, peer: IpAddr) -> bool {
        self.proxies.contains(&canonical(peer))
    }

    /// The client address of a request from `peer`: the nearest address in
    /// the header that is not itself a trusted proxy (the header is a list
    /// that each proxy appends to; entries left of the first untrusted one
    /// were written by the client and prove nothing).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        let hops = headers
            .get_all(&self.header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                return peer;
            };
            if !self.is_trusted(address) {
                return address;
            }
        }
        peer
    }
}

/// One entry: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:4711` or
/// `203.0.113.7:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

/// IPv4-mapped IPv6 (`::ffff:192.0.2.1`) as plain IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The request's client address (see [`TrustedProxies::client`]).
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<SharedState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or(ApiError::Forbidden)?;
        Ok(Self(state.proxies.client(peer.ip(), &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert("x-forwarded-for", v);
        }
        headers
    }

    fn proxy() -> TrustedProxies {
        TrustedProxies::new(
            vec![ip("10.0.0.2")],
            HeaderName::from_static("x-forwarded-for"),
        )
    }

    #[test]
    fn off_by_default_the_header_is_ignored() {
        let headers = forwarded("203.0.113.7");
        assert_eq!(
            TrustedProxies::none().client(ip("10.0.0.2"), &headers),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_configured_proxy_names_the_client() {
        let headers = forwarded("198.51.100.9, 203.0.113.7");
        assert_eq!(proxy().client(ip("10.0.0.2"), &headers), ip("203.0.113.7"));
        assert_eq!(
            proxy().client(ip("::ffff:10.0.0.2"), &forwarded("[2001:db8::1]:4711")),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn anyone_else_cannot_choose_their_address() {
        let headers = forwarded("203.0.113.7");
        assert_eq!(
            proxy().client(ip("198.51.100.1"), &headers),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_garbled_header_falls_back_to_the_proxy() {
        assert_eq!(
            proxy().client(ip("10.0.0.2"), &forwarded("nonsense")),
            ip("10.0.0.2")
        );
        assert_eq!(
            proxy().client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }
}
