//! Checks a peer's sync message before Automerge parses it.
//!
//! Automerge 0.12 trusts what it decodes: it inflates deflate-compressed
//! change chunks and document/bundle columns without a size cap (before
//! any checksum is checked), and it sizes bloom-filter work by the probe
//! count the sender wrote. A 4 MB message can so ask for gigabytes. This
//! module walks the same formats first, inflating into a counter (never
//! into memory) against a budget, and returns the decoded message only
//! when Automerge can safely be given it.
//!
//! Formats: <https://alexjg.github.io/automerge-storage-docs/>.

use std::io::Read;

use automerge::{ChangeHash, sync};
use sha2::{Digest, Sha256};

/// Magic bytes at the start of every Automerge storage chunk.
const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const HASH_BYTES: usize = 32;
/// Column spec bit saying the column's data is deflated.
const DEFLATE_BIT: u64 = 0b0000_1000;
/// Automerge writes 7 probes per hash; anything far above is hostile
/// (the server allocates and loops once per probe for every change).
const MAX_BLOOM_PROBES: u64 = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("not a sync message")]
    NotSync,
    #[error("changes would inflate past {limit} bytes")]
    InflatesTooMuch { limit: usize },
    #[error("malformed change chunk: {0}")]
    BadChunk(&'static str),
    #[error("invalid bloom filter")]
    BadBloom,
}

/// Decodes a sync message whose changes inflate to at most
/// `max_inflated_bytes` in total and whose bloom filters are sane.
pub fn decode_sync_message(
    data: &[u8],
    max_inflated_bytes: usize,
) -> Result<sync::Message, PayloadError> {
    let message = sync::Message::decode(data).map_err(|_| PayloadError::NotSync)?;
    for have in &message.have {
        check_bloom(&have.bloom.to_bytes())?;
    }
    if !message.changes.is_empty() {
        // Automerge joins the entries before parsing, so a chunk may span
        // two entries: walk the joined bytes as it does.
        let joined: Vec<u8> = message.changes.iter().flatten().copied().collect();
        let mut budget = Budget {
            left: max_inflated_bytes,
            limit: max_inflated_bytes,
        };
        walk_chunks(&joined, &mut budget)?;
    }
    Ok(message)
}

/// A bloom filter is empty, or: entries, bits per entry, probes, bits.
fn check_bloom(bytes: &[u8]) -> Result<(), PayloadError> {
    if bytes.is_empty() {
        return Ok(());
    }
    let mut input = Input(bytes);
    let bad = |_| PayloadError::BadBloom;
    let entries = input.uleb().map_err(bad)?;
    let _bits_per_entry = input.uleb().map_err(bad)?;
    let probes = input.uleb().map_err(bad)?;
    let bits = input.0.len();
    // With no bits automerge takes every probe modulo zero and panics.
    let bits_fit = bits > 0 && u32::try_from(bits.saturating_mul(8)).is_ok();
    if entries > 0 && (!bits_fit || probes > MAX_BLOOM_PROBES) {
        return Err(PayloadError::BadBloom);
    }
    Ok(())
}

struct Budget {
    left: usize,
    limit: usize,
}

impl Budget {
    /// Inflates `deflated` into a counter, charging the budget.
    fn inflate(&mut self, deflated: &[u8]) -> Result<(), PayloadError> {
        let cap = u64::try_from(self.left)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let mut bounded = flate2::bufread::DeflateDecoder::new(deflated).take(cap);
        let inflated = std::io::copy(&mut bounded, &mut std::io::sink())
            .map_err(|_| PayloadError::BadChunk("invalid deflate data"))?;
        let inflated = usize::try_from(inflated).unwrap_or(usize::MAX);
        if inflated > self.left {
            return Err(PayloadError::InflatesTooMuch { limit: self.limit });
        }
        self.left -= inflated;
        Ok(())
    }
}

#[derive(Debug)]
struct Truncated;

/// The unread rest of a chunk.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn uleb(&mut self) -> Result<u64, Truncated> {
        let mut value: u64 = 0;
        for (index, byte) in self.0.iter().enumerate().take(10) {
            let shift = 7 * index as u32;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(Truncated);
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                self.0 = &self.0[index + 1..];
                return Ok(value);
            }
        }
        Err(Truncated)
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], Truncated> {
        let len = usize::try_from(len).map_err(|_| Truncated)?;
        if len > self.0.len() {
            return Err(Truncated);
        }
        let (taken, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(taken)
    }

    /// Skips `count` length-prefixed byte strings (actor ids).
    fn skip_prefixed(&mut self, count: u64) -> Result<(), Truncated> {
        for _ in 0..count {
            let len = self.uleb()?;
            self.take(len)?;
        }
        Ok(())
    }

    fn skip_hashes(&mut self, count: u64) -> Result<(), Truncated> {
        let len = count.checked_mul(HASH_BYTES as u64).ok_or(Truncated)?;
        self.take(len).map(|_| ())
    }

    /// Column metadata: a count, then (spec, data length) per column.
    fn columns(&mut self) -> Result<Vec<(u64, u64)>, Truncated> {
        let count = self.uleb()?;
        let mut columns = Vec::new();
        for _ in 0..count {
            let spec = self.uleb()?;
            let len = self.uleb()?;
            columns.push((spec, len));
        }
        Ok(columns)
    }
}

fn truncated(_: Truncated) -> PayloadError {
    PayloadError::BadChunk("truncated")
}

/// One storage chunk of a sync message's changes.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    /// 0 document, 1 change, 2 compressed change, 3 bundle.
    pub kind: u8,
    /// The whole chunk, header included.
    pub bytes: &'a [u8],
    /// The chunk's data, after the header.
    pub data: &'a [u8],
}

/// Splits concatenated chunks: magic, checksum, type, length, data.
pub fn split_chunks(bytes: &[u8]) -> Result<Vec<Chunk<'_>>, PayloadError> {
    let mut input = Input(bytes);
    let mut chunks = Vec::new();
    while !input.0.is_empty() {
        let start = input.0;
        let magic = input.take(4).map_err(truncated)?;
        if magic != MAGIC {
            return Err(PayloadError::BadChunk("no magic bytes"));
        }
        input.take(4).map_err(truncated)?;
        let kind = input.take(1).map_err(truncated)?[0];
        let len = input.uleb().map_err(truncated)?;
        let data = input.take(len).map_err(truncated)?;
        let whole = start.len() - input.0.len();
        chunks.push(Chunk {
            kind,
            bytes: &start[..whole],
            data,
        });
    }
    Ok(chunks)
}

/// The heads of stored bytes that are exactly one whole document chunk
/// with a valid checksum (what `save` writes), read from the chunk's
/// header without loading it; `None` for anything else (several chunks,
/// changes, damage), which must be loaded to be known.
///
/// The server answers a device that has nothing yet with such bytes
/// while the room stays packed (see the server's dormancy module).
pub fn stored_document_heads(bytes: &[u8]) -> Option<Vec<ChangeHash>> {
    let [chunk] = split_chunks(bytes).ok()?[..] else {
        return None;
    };
    if chunk.kind != 0 || !checksum_valid(&chunk) {
        return None;
    }
    let mut input = Input(chunk.data);
    let actors = input.uleb().ok()?;
    input.skip_prefixed(actors).ok()?;
    let count = input.uleb().ok()?;
    let mut heads = Vec::new();
    for _ in 0..count {
        heads.push(ChangeHash::try_from(input.take(HASH_BYTES as u64).ok()?).ok()?);
    }
    heads.sort();
    Some(heads)
}

/// Whether a chunk's checksum (the first four bytes of the SHA-256 of its
/// type, length and data) matches what it carries.
fn checksum_valid(chunk: &Chunk<'_>) -> bool {
    let (Some(carried), Some(hashed)) = (chunk.bytes.get(4..8), chunk.bytes.get(8..)) else {
        return false;
    };
    Sha256::digest(hashed).get(..4) == Some(carried)
}

fn walk_chunks(bytes: &[u8], budget: &mut Budget) -> Result<(), PayloadError> {
    for chunk in split_chunks(bytes)? {
        match chunk.kind {
            0 => document(chunk.data, budget)?,
            // Change chunks may not hold deflated columns; automerge
            // refuses them without inflating.
            1 => {}
            2 => budget.inflate(chunk.data)?,
            3 => bundle(chunk.data, budget)?,
            _ => return Err(PayloadError::BadChunk("unknown chunk type")),
        }
    }
    Ok(())
}

/// A document chunk: actors, heads, change and op column metadata, then
/// the change and op column data (the rest is not inflated).
fn document(data: &[u8], budget: &mut Budget) -> Result<(), PayloadError> {
    let mut input = Input(data);
    let actors = input.uleb().map_err(truncated)?;
    input.skip_prefixed(actors).map_err(truncated)?;
    let heads = input.uleb().map_err(truncated)?;
    input.skip_hashes(heads).map_err(truncated)?;
    let change_columns = input.columns().map_err(truncated)?;
    let op_columns = input.columns().map_err(truncated)?;
    inflate_columns(&mut input, &change_columns, budget)?;
    inflate_columns(&mut input, &op_columns, budget)
}

/// A bundle chunk: dependencies, actors, change columns with their data,
/// then op columns with their data.
fn bundle(data: &[u8], budget: &mut Budget) -> Result<(), PayloadError> {
    let mut input = Input(data);
    let deps = input.uleb().map_err(truncated)?;
    input.skip_hashes(deps).map_err(truncated)?;
    let actors = input.uleb().map_err(truncated)?;
    input.skip_prefixed(actors).map_err(truncated)?;
    let change_columns = input.columns().map_err(truncated)?;
    inflate_columns(&mut input, &change_columns, budget)?;
    let op_columns = input.columns().map_err(truncated)?;
    inflate_columns(&mut input, &op_columns, budget)
}

/// Reads each column's data in order, inflating the deflated ones.
fn inflate_columns(
    input: &mut Input<'_>,
    columns: &[(u64, u64)],
    budget: &mut Budget,
) -> Result<(), PayloadError> {
    for &(spec, len) in columns {
        let data = input.take(len).map_err(truncated)?;
        if spec & DEFLATE_BIT != 0 {
            budget.inflate(data)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
