//! Reading JSON bytes where they lie, for the shapes an export is made of.
//!
//! Parsing every record into a tree of `serde_json::Value`s and writing it
//! back to compare or hash it costs allocations for each string and map;
//! over millions of records that, not hashing, is what bounded `verify`.
//! These readers walk the bytes once instead. Each one accepts only the
//! plain shapes panel writes and says `None` for anything else (an escape
//! in a key, a member twice, a float...): the caller then falls back to the
//! general parse, so an unusual file is judged exactly as before, only
//! slower.

use std::cmp::Ordering;
use std::ops::Range;

use crate::proof::canonical::MAX_SAFE_INTEGER;

/// Nesting deeper than this is left to the general parser (which refuses
/// it), so that no input can exhaust the stack here.
const MAX_DEPTH: u32 = 128;

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Where the JSON value that starts at `start` ends, found from its
/// brackets and strings alone (the value is not checked); `None` when
/// `bytes` end first.
pub fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    match *bytes.get(start)? {
        b'"' => string_end(bytes, start + 1),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = string_end(bytes, i + 1)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let rest = &bytes[start..];
            rest.iter()
                .position(|&b| matches!(b, b',' | b'}' | b']') || is_space(b))
                .map(|n| start + n)
        }
    }
}

/// The index just past the closing quote of the string whose contents
/// start at `i`.
fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        // Strings are short: eight bytes at a time beats a search call.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let stops = stops(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
            if stops != 0 {
                i += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// The top bit of each byte of `word` that is `"` or `\`, the lowest
/// exact (see [`flags`]).
fn stops(word: u64) -> u64 {
    (below(word ^ (ONES * 0x22), 1) | below(word ^ (ONES * 0x5c), 1)) & TOPS
}

/// Every byte value `01` (for `word` as eight bytes).
const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
const TOPS: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `word` below `n` (itself below 0x80), or
/// above a byte that is; bytes with their top bit set are left out.
fn below(word: u64, n: u64) -> u64 {
    word.wrapping_sub(ONES * n) & !word
}

/// Scans string contents from `i` to the next `"` or `\`, noting in
/// `wide` any byte beyond ASCII; `None` at a control character or when
/// `bytes` end first.
fn string_run(bytes: &[u8], mut i: usize, wide: &mut bool) -> Option<usize> {
    loop {
        // Eight bytes at a time up to the first that needs a look.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let flags = flags(
                u64::from_le_bytes(chunk.try_into().expect("8 bytes")),
                !*wide,
            );
            if flags != 0 {
                i += (flags.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        // Compared in turn, likeliest first: a table's jump costs more.
        match *bytes.get(i)? {
            b'"' | b'\\' => return Some(i),
            0x00..=0x1f => return None,
            0x80..=0xff => *wide = true,
            _ => {}
        }
        i += 1;
    }
}

/// The top bit of each of the eight bytes of `word` (first byte lowest)
/// that a string scanner must look at: `"`, `\`, a control character, or
/// when `wide` asks a byte beyond ASCII. A byte flags when its top bit is
/// set, when it is below 0x20 (`word - 0x20` borrows into its top bit), or
/// when it equals `"` or `\` (XOR with that byte leaves zero, which
/// borrows likewise). A borrow can flag a plain byte above a flagged one,
/// never hide one or flag one below: the lowest flag is exact.
fn flags(word: u64, wide: bool) -> u64 {
    let high = if wide { word } else { 0 };
    let flags =
        high | below(word, 0x20) | below(word ^ (ONES * 0x22), 1) | below(word ^ (ONES * 0x5c), 1);
    flags & TOPS
}

/// A string's contents (without quotes) as they stand, when they hold no
/// escape and no control character and are UTF-8: then the bytes are the
/// text, and also its canonical form.
fn plain_string(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut wide = false;
    let end = string_run(bytes, start + 1, &mut wide)?;
    if bytes[end] != b'"' || (wide && std::str::from_utf8(&bytes[start + 1..end]).is_err()) {
        return None;
    }
    Some(start + 1..end)
}

/// Orders two plain member names as RFC 8785 does, by UTF-16 code units.
///
/// UTF-8 byte order is code point order, which agrees with UTF-16 order
/// except between a character from U+E000 to U+FFFF and one above U+FFFF.
/// At the first byte where the names differ, the characters before agree;
/// if that byte is a continuation byte in both, the two characters share
/// their lead byte and so their size; if both are below 0xEE (lead bytes
/// of U+E000 and up), both characters are below U+E000. Either way byte
/// order decides; only otherwise are the names compared in UTF-16.
fn name_order(a: &[u8], b: &[u8]) -> Ordering {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some(i) if a[i] < 0xEE && b[i] < 0xEE => a[i].cmp(&b[i]),
        Some(_) => match (std::str::from_utf8(a), std::str::from_utf8(b)) {
            (Ok(a), Ok(b)) => a.encode_utf16().cmp(b.encode_utf16()),
            _ => a.cmp(b),
        },
    }
}

/// A JSON integer token at `start` in its one canonical spelling, within
/// ±(2^53 − 1); returns its end. Fractions, exponents, `-0` and leading
/// zeros are not.
fn canonical_integer(bytes: &[u8], start: usize) -> Option<usize> {
    let digits_start = start + usize::from(bytes.get(start) == Some(&b'-'));
    let digits = bytes[digits_start..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len() - digits_start);
    let end = digits_start + digits;
    if digits == 0 || digits > 16 || matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
        return None;
    }
    let text = &bytes[digits_start..end];
    if text[0] == b'0' && (digits > 1 || digits_start > start) {
        return None;
    }
    let value = text.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    (value <= MAX_SAFE_INTEGER).then_some(end)
}

/// Checks in place that `bytes` are exactly a JSON object in RFC 8785 form
/// (no whitespace, members sorted and unique, strings escaped only where
/// they must be, integers only) and lists its members as (name, value)
/// byte ranges, the name without quotes. `None` when they are not, or the
/// object is too unusual to tell here; `bytes` must be UTF-8.
pub fn canonical_members(
    bytes: &[u8],
    members: &mut Vec<(Range<usize>, Range<usize>)>,
) -> Option<()> {
    let end = canonical_object(bytes, members)?;
    (end == bytes.len()).then_some(())
}

/// [`canonical_members`] of the object that starts `bytes`, which may go
/// on after it; returns where it ends.
pub fn canonical_object(
    bytes: &[u8],
    members: &mut Vec<(Range<usize>, Range<usize>)>,
) -> Option<usize> {
    members.clear();
    Strict { bytes, depth: 0 }.object(0, Some(members))
}

/// A string in canonical form: UTF-8, escapes only for `"`, `\` and
/// control characters, in their short form where JSON has one; returns its
/// end.
fn canonical_string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut wide = false;
    loop {
        let next = string_run(bytes, i, &mut wide)?;
        if bytes[next] == b'"' {
            if wide && std::str::from_utf8(&bytes[start + 1..next]).is_err() {
                return None;
            }
            return Some(next + 1);
        }
        match *bytes.get(next + 1)? {
            b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => i = next + 2,
            b'u' => {
                let hex = bytes.get(next + 2..next + 6)?;
                let lower = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
                if &hex[..2] != b"00" || !matches!(hex[2], b'0' | b'1') || !lower(&hex[3]) {
                    return None;
                }
                let code = u8::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()?;
                if matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d) {
                    return None;
                }
                i = next + 6;
            }
            _ => return None,
        }
    }
}

struct Strict<'a> {
    bytes: &'a [u8],
    depth: u32,
}

impl Strict<'_> {
    fn value(&mut self, i: usize) -> Option<usize> {
        match *self.bytes.get(i)? {
            b'{' => self.object(i, None),
            b'[' => self.array(i),
            b'"' => canonical_string_end(self.bytes, i),
            b't' => self.literal(i, b"true"),
            b'f' => self.literal(i, b"false"),
            b'n' => self.literal(i, b"null"),
            _ => canonical_integer(self.bytes, i),
        }
    }

    fn literal(&self, i: usize, word: &[u8]) -> Option<usize> {
        self.bytes[i..].starts_with(word).then_some(i + word.len())
    }

    fn array(&mut self, start: usize) -> Option<usize> {
        self.enter()?;
        let mut i = start + 1;
        if self.bytes.get(i) == Some(&b']') {
            self.depth -= 1;
            return Some(i + 1);
        }
        loop {
            i = self.value(i)?;
            match *self.bytes.get(i)? {
                b',' => i += 1,
                b']' => {
                    self.depth -= 1;
                    return Some(i + 1);
                }
                _ => return None,
            }
        }
    }

    fn object(
        &mut self,
        start: usize,
        mut members: Option<&mut Vec<(Range<usize>, Range<usize>)>>,
    ) -> Option<usize> {
        if self.bytes.get(start) != Some(&b'{') {
            return None;
        }
        self.enter()?;
        let mut i = start + 1;
        if self.bytes.get(i) == Some(&b'}') {
            self.depth -= 1;
            return Some(i + 1);
        }
        let mut previous: Option<Range<usize>> = None;
        loop {
            // Names with escapes are rare enough to leave to the general check.
            let name = plain_string(self.bytes, i)?;
            if let Some(previous) = &previous
                && name_order(&self.bytes[previous.clone()], &self.bytes[name.clone()])
                    != Ordering::Less
            {
                return None;
            }
            i = name.end + 1;
            if self.bytes.get(i) != Some(&b':') {
                return None;
            }
            let value_start = i + 1;
            i = self.value(value_start)?;
            if let Some(members) = members.as_deref_mut() {
                members.push((name.clone(), value_start..i));
            }
            previous = Some(name);
            match *self.bytes.get(i)? {
                b',' => i += 1,
                b'}' => {
                    self.depth -= 1;
                    return Some(i + 1);
                }
                _ => return None,
            }
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }
}

/// The members of a JSON object as written (any whitespace, any order), as
/// (name, value) byte ranges, the name without quotes. Names must be plain
/// and unique; values are delimited, not checked. `None` otherwise.
pub fn members(bytes: &[u8], members: &mut Vec<(Range<usize>, Range<usize>)>) -> Option<()> {
    members.clear();
    let skip = |mut i: usize| {
        while bytes.get(i).is_some_and(|&b| is_space(b)) {
            i += 1;
        }
        i
    };
    let mut i = skip(0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip(i + 1);
    if bytes.get(i) == Some(&b'}') {
        return (skip(i + 1) == bytes.len()).then_some(());
    }
    loop {
        let name = plain_string(bytes, i)?;
        if members
            .iter()
            .any(|(n, _)| bytes[n.clone()] == bytes[name.clone()])
        {
            return None;
        }
        i = skip(name.end + 1);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let start = skip(i + 1);
        let end = value_end(bytes, start)?;
        members.push((name, start..end));
        i = skip(end);
        match *bytes.get(i)? {
            b',' => i = skip(i + 1),
            b'}' => return (skip(i + 1) == bytes.len()).then_some(()),
            _ => return None,
        }
    }
}

/// The text of a plain JSON string value (no escapes), without its quotes.
pub fn plain_text(value: &[u8]) -> Option<&str> {
    let range = plain_string(value, 0)?;
    (range.end + 1 == value.len())
        .then(|| std::str::from_utf8(&value[range]).ok())
        .flatten()
}

/// One member of an object put in canonical form by [`Canonical`].
#[derive(Debug, Clone)]
pub struct Member {
    /// Its name as written (without quotes): plain, so also canonical.
    pub name: Range<usize>,
    /// `"name":value` in canonical form, in [`Canonical::bytes`].
    pub whole: Range<usize>,
    /// The value alone in canonical form, in [`Canonical::bytes`].
    pub value: Range<usize>,
}

/// Puts a JSON object (as panel writes its records: any member order, any
/// whitespace) in RFC 8785 form, member by member, reusing its buffers from
/// one record to the next.
///
/// An object that is in canonical form already (as panel writes it) is
/// only checked and its members listed where they lie; any other is
/// rewritten, member by member, into a buffer.
#[derive(Default)]
pub struct Canonical {
    /// The canonical bytes of the members, in the order they were read,
    /// when the input was not canonical.
    out: Vec<u8>,
    /// Whether the input was canonical, so that the members lie in it.
    in_place: bool,
    /// The top-level members, sorted as RFC 8785 orders them.
    pub members: Vec<Member>,
    nested: Vec<Member>,
    scratch: Vec<u8>,
    listed: Vec<(Range<usize>, Range<usize>)>,
}

impl Canonical {
    /// Reads `input` (UTF-8), an object; `None` when it is not one this
    /// reader takes (see the module's note).
    pub fn object(&mut self, input: &[u8]) -> Option<()> {
        if self.canonical_prefix(input) == Some(input.len()) {
            return Some(());
        }
        self.in_place = false;
        self.out.clear();
        self.nested.clear();
        let mut reader = Lenient {
            bytes: input,
            i: 0,
            depth: 0,
        };
        reader.space();
        reader.object_members(self)?;
        reader.space();
        if reader.i != input.len() {
            return None;
        }
        sort_unique(input, &mut self.nested)?;
        std::mem::swap(&mut self.members, &mut self.nested);
        Some(())
    }

    /// Reads the canonical object that starts `input` and may be followed
    /// by more; returns where it ends. `None` when there is none, and then
    /// the members are not those of any object.
    pub fn canonical_prefix(&mut self, input: &[u8]) -> Option<usize> {
        self.members.clear();
        let end = canonical_object(input, &mut self.listed)?;
        self.in_place = true;
        self.members
            .extend(self.listed.iter().map(|(name, value)| Member {
                name: name.clone(),
                whole: name.start - 1..value.end,
                value: value.clone(),
            }));
        Some(end)
    }

    /// The bytes that the members' `whole` and `value` ranges index:
    /// `input` itself when it was canonical.
    pub fn bytes<'a>(&'a self, input: &'a [u8]) -> &'a [u8] {
        if self.in_place { input } else { &self.out }
    }

    /// The member named `name`, if any.
    pub fn get(&self, input: &[u8], name: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| &input[m.name.clone()] == name.as_bytes())
    }

    /// The canonical bytes of a member's value.
    pub fn value<'a>(&'a self, input: &'a [u8], member: &Member) -> &'a [u8] {
        &self.bytes(input)[member.value.clone()]
    }

    /// Feeds `write` the canonical bytes of the object made of the members
    /// that `keep` keeps (by name), in as few pieces as their layout allows.
    pub fn write_kept(
        &self,
        input: &[u8],
        keep: impl Fn(&[u8]) -> bool,
        mut write: impl FnMut(&[u8]),
    ) {
        let bytes = self.bytes(input);
        write(b"{");
        // A run of members that lie next to each other, commas included.
        let mut run: Option<Range<usize>> = None;
        let mut first = true;
        for member in self.members.iter().filter(|m| keep(&input[m.name.clone()])) {
            match &mut run {
                Some(r) if self.in_place && r.end + 1 == member.whole.start => {
                    r.end = member.whole.end;
                }
                _ => {
                    if let Some(r) = run.take() {
                        if !first {
                            write(b",");
                        }
                        write(&bytes[r]);
                        first = false;
                    }
                    run = Some(member.whole.clone());
                }
            }
        }
        if let Some(r) = run {
            if !first {
                write(b",");
            }
            write(&bytes[r]);
        }
        write(b"}");
    }
}

/// Sorts members by name; `None` when a name appears twice (left to the
/// general parse, which keeps the last).
fn sort_unique(input: &[u8], members: &mut [Member]) -> Option<()> {
    members.sort_by(|a, b| name_order(&input[a.name.clone()], &input[b.name.clone()]));
    let unique = members
        .windows(2)
        .all(|w| input[w[0].name.clone()] != input[w[1].name.clone()]);
    unique.then_some(())
}

struct Lenient<'a> {
    bytes: &'a [u8],
    i: usize,
    depth: u32,
}

impl Lenient<'_> {
    fn space(&mut self) {
        while self.bytes.get(self.i).is_some_and(|&b| is_space(b)) {
            self.i += 1;
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// Writes the canonical form of the value at the cursor to `c.out`.
    fn value(&mut self, c: &mut Canonical) -> Option<()> {
        match *self.bytes.get(self.i)? {
            b'{' => {
                let base = self.object_members(c)?;
                self.finish_object(c, base)
            }
            b'[' => {
                self.enter()?;
                self.i += 1;
                c.out.push(b'[');
                self.space();
                if self.bytes.get(self.i) == Some(&b']') {
                    self.i += 1;
                    self.depth -= 1;
                    c.out.push(b']');
                    return Some(());
                }
                loop {
                    self.space();
                    self.value(c)?;
                    self.space();
                    match *self.bytes.get(self.i)? {
                        b',' => c.out.push(b','),
                        b']' => {
                            self.i += 1;
                            self.depth -= 1;
                            c.out.push(b']');
                            return Some(());
                        }
                        _ => return None,
                    }
                    self.i += 1;
                }
            }
            b'"' => {
                // serde_json escapes strings as RFC 8785 does, so a string
                // whose escapes are canonical is copied as it stands.
                let end = canonical_string_end(self.bytes, self.i)?;
                c.out.extend_from_slice(&self.bytes[self.i..end]);
                self.i = end;
                Some(())
            }
            b't' => self.literal(c, b"true"),
            b'f' => self.literal(c, b"false"),
            b'n' => self.literal(c, b"null"),
            _ => {
                let end = canonical_integer(self.bytes, self.i)?;
                c.out.extend_from_slice(&self.bytes[self.i..end]);
                self.i = end;
                Some(())
            }
        }
    }

    fn literal(&mut self, c: &mut Canonical, word: &[u8]) -> Option<()> {
        if !self.bytes[self.i..].starts_with(word) {
            return None;
        }
        self.i += word.len();
        c.out.extend_from_slice(word);
        Some(())
    }

    /// Reads an object's members, each written to `c.out` as `"name":value`
    /// and listed in `c.nested` from the object's base on; returns that
    /// base. Braces and commas are left to [`Lenient::finish_object`].
    fn object_members(&mut self, c: &mut Canonical) -> Option<usize> {
        if self.bytes.get(self.i) != Some(&b'{') {
            return None;
        }
        self.enter()?;
        self.i += 1;
        let base = c.nested.len();
        self.space();
        if self.bytes.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Some(base);
        }
        loop {
            self.space();
            let name = plain_string(self.bytes, self.i)?;
            self.i = name.end + 1;
            self.space();
            if self.bytes.get(self.i) != Some(&b':') {
                return None;
            }
            self.i += 1;
            self.space();
            let whole_start = c.out.len();
            c.out
                .extend_from_slice(&self.bytes[name.start - 1..name.end + 1]);
            c.out.push(b':');
            let value_start = c.out.len();
            self.value(c)?;
            c.nested.push(Member {
                name,
                whole: whole_start..c.out.len(),
                value: value_start..c.out.len(),
            });
            self.space();
            match *self.bytes.get(self.i)? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Some(base);
                }
                _ => return None,
            }
        }
    }

    /// Rewrites the members of a nested object, listed from `base` on and
    /// written at the end of `c.out`, as one canonical object there.
    fn finish_object(&mut self, c: &mut Canonical, base: usize) -> Option<()> {
        let start = c.nested.get(base).map_or(c.out.len(), |m| m.whole.start);
        let sorted = c.nested[base..].windows(2).all(|w| {
            name_order(
                &self.bytes[w[0].name.clone()],
                &self.bytes[w[1].name.clone()],
            ) == Ordering::Less
        });
        if !sorted {
            sort_unique(self.bytes, &mut c.nested[base..])?;
        }
        c.scratch.clear();
        c.scratch.extend_from_slice(&c.out[start..]);
        c.out.truncate(start);
        c.out.push(b'{');
        for (k, m) in c.nested[base..].iter().enumerate() {
            if k > 0 {
                c.out.push(b',');
            }
            let from = m.whole.start - start;
            c.out
                .extend_from_slice(&c.scratch[from..from + m.whole.len()]);
        }
        c.out.push(b'}');
        c.nested.truncate(base);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::canonical::to_canonical_vec;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// The object `c` read, written back from its sorted members.
    fn written(c: &Canonical, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        c.write_kept(input, |_| true, |piece| out.extend_from_slice(piece));
        out
    }

    fn object() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(MAX_SAFE_INTEGER as i64)..=MAX_SAFE_INTEGER as i64).prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        let value = leaf.prop_recursive(3, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[a-z_é\u{e000}\u{1f600}]{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
        prop::collection::btree_map("[a-z_]{1,8}", value, 0..8)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
    }

    proptest! {
        #[test]
        fn canonical_bytes_are_taken_and_their_members_listed(value in object()) {
            let bytes = to_canonical_vec(&value).unwrap();
            let mut members = Vec::new();
            prop_assert!(canonical_members(&bytes, &mut members).is_some());
            prop_assert_eq!(members.len(), value.as_object().unwrap().len());
            for (name, range) in &members {
                let name = std::str::from_utf8(&bytes[name.clone()]).unwrap();
                let parsed: Value = serde_json::from_slice(&bytes[range.clone()]).unwrap();
                prop_assert_eq!(&parsed, &value[name]);
            }
        }

        #[test]
        fn records_in_any_layout_come_out_canonical(value in object()) {
            let expected = to_canonical_vec(&value).unwrap();
            let mut c = Canonical::default();
            for layout in [
                serde_json::to_vec(&value).unwrap(),
                serde_json::to_vec_pretty(&value).unwrap(),
            ] {
                // Strings with escapes other than RFC 8785's are left to the
                // general parse; everything else must be read here.
                if c.object(&layout).is_some() {
                    prop_assert_eq!(written(&c, &layout), expected.clone());
                } else {
                    prop_assert!(layout.contains(&b'\\'));
                }
            }
        }

        #[test]
        fn kept_members_come_out_canonical(value in object(), parity in 0u8..2) {
            let keep = |name: &[u8]| name[0] % 2 == parity;
            let kept: serde_json::Map<String, Value> = value
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| keep(k.as_bytes()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let expected = to_canonical_vec(&Value::Object(kept)).unwrap();
            let mut c = Canonical::default();
            for layout in [
                to_canonical_vec(&value).unwrap(),
                serde_json::to_vec_pretty(&value).unwrap(),
            ] {
                if c.object(&layout).is_some() {
                    let mut out = Vec::new();
                    c.write_kept(&layout, keep, |piece| out.extend_from_slice(piece));
                    prop_assert_eq!(out, expected.clone());
                }
            }
        }

        #[test]
        fn the_first_flagged_byte_is_the_first_that_needs_a_look(
            word in any::<u64>(),
            at in 0usize..8,
            byte in any::<u8>(),
        ) {
            // Random words are mostly wide bytes; one plain word with one
            // byte set tests every class in every place.
            let mut plain = u64::from_le_bytes(*b"abcdefgh");
            plain = (plain & !(0xff << (8 * at))) | (u64::from(byte) << (8 * at));
            for w in [word, plain] {
                let bytes = w.to_le_bytes();
                for wide in [true, false] {
                    let first = bytes
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20 || (wide && b >= 0x80));
                    let found = flags(w, wide);
                    let found = (found != 0).then(|| (found.trailing_zeros() / 8) as usize);
                    prop_assert_eq!(found, first, "{:?} {}", bytes, wide);
                }
            }
        }

        #[test]
        fn the_first_stop_is_the_first_quote_or_backslash(
            word in any::<u64>(),
            at in 0usize..8,
            other in 0usize..8,
        ) {
            let mut bytes = word.to_le_bytes();
            bytes[at] = b'"';
            bytes[other] = b'\\';
            for b in [word.to_le_bytes(), bytes] {
                let first = b.iter().position(|&x| x == b'"' || x == b'\\');
                let found = stops(u64::from_le_bytes(b));
                let found = (found != 0).then(|| (found.trailing_zeros() / 8) as usize);
                prop_assert_eq!(found, first, "{:?}", b);
            }
        }

        #[test]
        fn names_sort_by_utf16_code_units(
            a in "[ab\u{7f}\u{80}é\u{d7ff}\u{e000}\u{ffff}\u{10000}\u{1f600}]{0,4}",
            b in "[ab\u{7f}\u{80}é\u{d7ff}\u{e000}\u{ffff}\u{10000}\u{1f600}]{0,4}",
        ) {
            prop_assert_eq!(
                name_order(a.as_bytes(), b.as_bytes()),
                a.encode_utf16().cmp(b.encode_utf16())
            );
        }
    }

    #[test]
    fn non_canonical_entries_are_left_to_the_general_check() {
        let mut members = Vec::new();
        for bad in [
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a": 1}"#,
            r#"{"a":1.0}"#,
            r#"{"a":1e3}"#,
            r#"{"a":-0}"#,
            r#"{"a":01}"#,
            r#"{"a":9007199254740992}"#,
            r#"{"a":"\u0041"}"#,
            r#"{"a":"\/"}"#,
            r#"{"a":"\u000a"}"#,
            r#"{"a":"\u001F"}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":tru}"#,
            r#"{"a":1}x"#,
            r#"[1]"#,
            r#"{"\u0061":1}"#,
        ] {
            assert!(
                canonical_members(bad.as_bytes(), &mut members).is_none(),
                "{bad}"
            );
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(canonical_members(deep.as_bytes(), &mut members).is_none());
        for good in [r#"{"a":"\u001f\n\"\\","b":[-7,0,true,null,{}]}"#, r#"{}"#] {
            assert!(
                canonical_members(good.as_bytes(), &mut members).is_some(),
                "{good}"
            );
        }
    }

    #[test]
    fn values_end_where_their_brackets_close() {
        let text = br#"{"a":"}\"]","b":[1,{"c":2}]} ,"#;
        assert_eq!(value_end(text, 0), Some(28));
        assert_eq!(value_end(br#""x\"y" "#, 0), Some(6));
        assert_eq!(value_end(b"123,", 0), Some(3));
        assert_eq!(value_end(b"123", 0), None);
        assert_eq!(value_end(br#"{"a":"#, 0), None);
        let mut c = Canonical::default();
        assert!(
            c.object(&json!({"a": 1.5}).to_string().into_bytes())
                .is_none()
        );
        assert!(c.object(br#"{"a":1,"a":2}"#).is_none());
    }
}
