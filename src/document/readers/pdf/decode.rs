//! Stream decoding with a ceiling: the filters `lopdf` applies (`FlateDecode`, `LZWDecode`,
//! `ASCII85Decode`, in the order the stream's `/Filter` lists them), each layer stopped as soon
//! as its output passes the limit. The guard measures with this what `lopdf` and `pdf-extract`
//! would later decode without any limit.
//!
//! Filters `lopdf` cannot decode (`ASCIIHexDecode`, `RunLengthDecode`, image codecs) make it
//! fall back to the stored bytes, and so does this; a `/DecodeParms` predictor only ever
//! shrinks the data, so it is not applied.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use pdf_extract::{Object, Stream};

/// The stream's data as `lopdf` decodes it, or `None` when a layer would produce more than
/// `limit` bytes.
pub(super) fn decoded(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    let Ok(filters) = stream.filters() else {
        return (stream.content.len() <= limit).then(|| stream.content.clone());
    };
    let early_change = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"EarlyChange"))
        .and_then(Object::as_i64)
        .map_or(true, |v| v != 0);
    let mut data = stream.content.clone();
    for filter in filters {
        data = match filter {
            b"FlateDecode" => inflate(&data, limit)?,
            b"LZWDecode" => lzw(&data, early_change, limit)?,
            b"ASCII85Decode" => ascii85(&data, limit)?,
            // lopdf gives up on the whole chain and its callers use the stored bytes.
            _ => return (stream.content.len() <= limit).then(|| stream.content.clone()),
        };
    }
    (data.len() <= limit).then_some(data)
}

/// Zlib data, or raw deflate after the two header bytes when zlib fails at once (as `lopdf`
/// retries); what was produced before an error counts.
fn inflate(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    if input.is_empty() {
        return Some(out);
    }
    let ceiling = limit as u64 + 1;
    if ZlibDecoder::new(input).take(ceiling).read_to_end(&mut out).is_err() && out.is_empty() && input.len() > 2 {
        let _ = DeflateDecoder::new(&input[2..]).take(ceiling).read_to_end(&mut out);
    }
    (out.len() <= limit).then_some(out)
}

/// LZW with the code-size switch `lopdf` uses (`/EarlyChange`, default 1).
fn lzw(input: &[u8], early_change: bool, limit: usize) -> Option<Vec<u8>> {
    use weezl::{BitOrder, LzwStatus, decode::Decoder};
    let mut decoder =
        if early_change { Decoder::with_tiff_size_switch(BitOrder::Msb, 8) } else { Decoder::new(BitOrder::Msb, 8) };
    let mut out = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut rest = input;
    loop {
        let result = decoder.decode_bytes(rest, &mut buffer);
        rest = &rest[result.consumed_in..];
        out.extend_from_slice(&buffer[..result.consumed_out]);
        if out.len() > limit {
            return None;
        }
        match result.status {
            Ok(LzwStatus::Ok) if result.consumed_in > 0 || result.consumed_out > 0 => {}
            _ => return Some(out),
        }
    }
}

/// ASCII base-85 (PDF 32000-1:2008 §7.4.3): groups of five characters `!`–`u` make four
/// bytes, `z` four zero bytes, white space is ignored and `~>` ends the data.
fn ascii85(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len().min(limit) / 5 * 4);
    let mut group = [0u8; 5];
    let mut filled = 0;
    for &c in input {
        match c {
            b'z' if filled == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[filled] = c - b'!';
                filled += 1;
                if filled == 5 {
                    let value = group.iter().fold(0u64, |acc, &d| acc * 85 + u64::from(d));
                    out.extend_from_slice(&(value as u32).to_be_bytes());
                    filled = 0;
                }
            }
            c if c.is_ascii_whitespace() => {}
            _ => break,
        }
        if out.len() > limit {
            return None;
        }
    }
    if filled > 1 {
        for digit in &mut group[filled..] {
            *digit = 84;
        }
        let value = group.iter().fold(0u64, |acc, &d| acc * 85 + u64::from(d));
        out.extend_from_slice(&(value as u32).to_be_bytes()[..filled - 1]);
    }
    (out.len() <= limit).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use pdf_extract::{Dictionary, Object, Stream};

    use super::decoded;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn stream(filter: Object, content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", filter);
        Stream::new(dict, content)
    }

    #[test]
    fn every_layer_is_decoded_and_bounded() {
        let text = b"BT /F1 12 Tf (hello) Tj ET ".repeat(1000);
        let twice = stream(
            Object::Array(vec![Object::Name(b"FlateDecode".to_vec()), Object::Name(b"FlateDecode".to_vec())]),
            zlib(&zlib(&text)),
        );
        assert_eq!(decoded(&twice, 1 << 20).unwrap(), text);
        assert!(decoded(&twice, text.len() - 1).is_none(), "the second layer is measured too");
    }

    #[test]
    fn ascii85_and_lzw_match_lopdf() {
        let text = b"BT /F1 12 Tf (hello world) Tj ET\n".repeat(300);
        let mut encoded = Vec::new();
        for chunk in text.chunks(4) {
            let mut group = [0u8; 4];
            group[..chunk.len()].copy_from_slice(chunk);
            let mut value = u32::from_be_bytes(group);
            let mut digits = [0u8; 5];
            for d in digits.iter_mut().rev() {
                *d = (value % 85) as u8 + b'!';
                value /= 85;
            }
            encoded.extend_from_slice(&digits[..=chunk.len()]);
        }
        encoded.extend_from_slice(b"~>");
        let a85 = stream(Object::Name(b"ASCII85Decode".to_vec()), encoded);
        assert_eq!(decoded(&a85, 1 << 20).unwrap(), a85.decompressed_content().unwrap());
        assert_eq!(decoded(&a85, 1 << 20).unwrap(), text);

        let lzw = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8).encode(&text).unwrap();
        let lzw = stream(Object::Name(b"LZWDecode".to_vec()), lzw);
        assert_eq!(decoded(&lzw, 1 << 20).unwrap(), lzw.decompressed_content().unwrap());
        assert!(decoded(&lzw, 100).is_none());
    }

    #[test]
    fn unknown_filters_leave_the_stored_bytes() {
        let hex = stream(Object::Name(b"ASCIIHexDecode".to_vec()), b"414243>".to_vec());
        assert_eq!(decoded(&hex, 100).unwrap(), b"414243>");
    }
}
