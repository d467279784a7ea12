//! One WebSocket speaking the automerge-repo wire protocol: connect, the
//! join/peer handshake, and sending and receiving whole messages.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use samenbord_protocol::document_id::DocumentId;
use samenbord_protocol::wire::{PROTOCOL_VERSION, WireMessage};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async_with_config};

use crate::LoadError;

const HANDSHAKE: Duration = Duration::from_secs(15);
/// tungstenite zeroes its whole read buffer (128 KiB by default) on every
/// read; with thousands of sockets that memset was 8 % of the generator's
/// core. Sync messages here are a few hundred bytes.
const SOCKET_BUFFER_BYTES: usize = 8 * 1024;

pub struct Conn {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub peer_id: String,
    pub server_peer_id: String,
}

impl Conn {
    /// Connects and completes the handshake within a bounded time.
    pub async fn open(url: &str, peer_id: String) -> Result<Self, LoadError> {
        let config = WebSocketConfig::default()
            .read_buffer_size(SOCKET_BUFFER_BYTES)
            .write_buffer_size(SOCKET_BUFFER_BYTES);
        let connecting = connect_async_with_config(url, Some(config), true);
        let (socket, _) = tokio::time::timeout(HANDSHAKE, connecting)
            .await
            .map_err(|_| LoadError::Timeout("connect"))??;
        let mut conn = Self {
            socket,
            peer_id,
            server_peer_id: String::new(),
        };
        conn.send(&WireMessage::Join {
            sender_id: conn.peer_id.clone(),
            supported_protocol_versions: vec![PROTOCOL_VERSION.to_owned()],
        })
        .await?;
        let answer = tokio::time::timeout(HANDSHAKE, async {
            loop {
                match conn.next().await? {
                    Some(WireMessage::Peer { sender_id, .. }) => return Ok(sender_id),
                    Some(_) => continue,
                    None => return Err(LoadError::Closed("before the peer message".into())),
                }
            }
        })
        .await
        .map_err(|_| LoadError::Timeout("peer message"))?;
        conn.server_peer_id = answer?;
        Ok(conn)
    }

    pub async fn send(&mut self, message: &WireMessage) -> Result<(), LoadError> {
        self.socket
            .send(Message::Binary(message.encode().into()))
            .await?;
        Ok(())
    }

    /// A `request` (we lack the document) or `sync` message to the server.
    pub async fn send_sync(
        &mut self,
        doc: DocumentId,
        data: Vec<u8>,
        request: bool,
    ) -> Result<(), LoadError> {
        let (sender_id, target_id) = (self.peer_id.clone(), self.server_peer_id.clone());
        let message = if request {
            WireMessage::Request {
                sender_id,
                target_id,
                document_id: doc,
                data,
            }
        } else {
            WireMessage::Sync {
                sender_id,
                target_id,
                document_id: doc,
                data,
            }
        };
        self.send(&message).await
    }

    /// The next protocol message; `None` once the connection has ended.
    /// Frames we cannot decode are skipped.
    pub async fn next(&mut self) -> Result<Option<WireMessage>, LoadError> {
        loop {
            match self.socket.next().await {
                None => return Ok(None),
                Some(Err(error)) => return Err(error.into()),
                Some(Ok(Message::Binary(bytes))) => {
                    if let Ok(message) = WireMessage::decode(&bytes) {
                        return Ok(Some(message));
                    }
                }
                Some(Ok(Message::Close(frame))) => {
                    let reason = frame
                        .map(|f| format!("{} {}", u16::from(f.code), f.reason))
                        .unwrap_or_default();
                    return Err(LoadError::Closed(reason));
                }
                Some(Ok(_)) => {}
            }
        }
    }

    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.socket.close(None)).await;
    }
}
