//! The HTTP listener: hyper's HTTP/1 server behind the router, with what
//! `axum::serve` does not offer — a deadline for each request's headers
//! and caps on open connections, overall and per address — so slow or
//! half-open connections cannot exhaust the server's file descriptors
//! and keep everyone else (and `/healthz`) out.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::counted::{Counted, Counts};

/// How many connections, and how slow, the listener tolerates.
#[derive(Debug, Clone, Copy)]
pub struct ListenLimits {
    /// Open connections in all (WebSockets leave the count once upgraded;
    /// the sync endpoint caps those itself).
    pub max_connections: usize,
    /// Open connections from one address (IPv6: one /64).
    pub max_per_address: usize,
    /// Time a client has to send a request's headers, also while a
    /// kept-alive connection waits for its next request.
    pub header_timeout: Duration,
}

/// Serves `router` until `shutdown`, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ListenLimits,
    shutdown: CancellationToken,
) {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let per_address: Counts<IpAddr> = Counts::default();
    let connections = TaskTracker::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, remote) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors or a reset before accept: back off
                // briefly instead of spinning.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Full: close at once, so the refused wait in no queue.
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tracing::debug!(%remote, "connection refused: server full");
            continue;
        };
        let Some(slot) = per_address.take(address_key(remote.ip()), limits.max_per_address) else {
            tracing::debug!(%remote, "connection refused: too many from this address");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            let router = router.clone();
            async move {
                Ok::<_, Infallible>(
                    router
                        .oneshot(request)
                        .await
                        .unwrap_or_else(|never| match never {}),
                )
            }
        });
        let connection = http
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        let shutdown = shutdown.clone();
        connections.spawn(async move {
            let _held: (OwnedSemaphorePermit, Counted<IpAddr>) = (permit, slot);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = shutdown.cancelled() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    connections.close();
    connections.wait().await;
}

/// IPv4 addresses count one by one; IPv6 per /64, which one host can
/// fill with addresses at will.
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}
