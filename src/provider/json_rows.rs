//! A JSON body read as it arrives, with the elements of one long array taken out on the way.
//!
//! A 1-second heart-rate day is ~86,400 rows (~2.6 MB). Holding the whole body before decoding it
//! costs its size in memory, for a moment, on every such request. [`RowSplitter`] takes the body
//! chunk by chunk instead: each element of the array at a given key path (say
//! `activities-heart-intraday` → `dataset`) is parsed as soon as its last byte is in and handed
//! over, and everything else (the small rest of the body, with that array left empty) is kept
//! for the caller to parse at the end. What it holds is the piece of an element cut by a chunk's
//! end, and that rest, whatever the body's size.
//!
//! Outside the array the splitter follows the body's structure byte by byte, only as far as it
//! must (strings, escapes, nesting and the keys on the path); what it lets through is parsed by
//! `serde_json` later, so a malformed body is still an error there. Elements are parsed by
//! `serde_json` straight from the chunk. Positions of errors are those of the whole body: an
//! element's are offset by where it started, and the rest's lines by the lines taken out of it.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// What the splitter hands over: anything `serde_json` reads, with an optional shortcut for the
/// exact bytes an API writes (the same value, without serde's general path).
pub trait Element: DeserializeOwned {
    /// The element at the start of `bytes` and how many bytes it took, when it has the usual
    /// shape and is whole; `None` leaves it to `serde_json`. What it returns must be what
    /// `serde_json` would make of those bytes.
    fn shortcut(bytes: &[u8]) -> Option<(Self, usize)> {
        let _ = bytes;
        None
    }
}

/// What was wrong with the body, and where (1-based line and column of the whole body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub detail: String,
    pub line: usize,
    pub column: usize,
}

/// Why [`RowSplitter::feed`] stopped.
#[derive(Debug, PartialEq)]
pub enum Fed<E> {
    /// The body is not JSON of the expected structure there.
    Malformed(Malformed),
    /// The element handler failed.
    Row(E),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    /// The frame sits on the key path (the root object does; a container under a path key).
    on_path: bool,
    /// Objects: the next string is a key.
    expect_key: bool,
    /// Objects: the last key is the path's next one.
    key_on_path: bool,
}

/// Where the target array is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Just opened: an element or `]`.
    First,
    /// After an element: `,` or `]`.
    Separator,
    /// After a `,`: an element.
    Element,
}

/// Splits the elements of one array out of a JSON body fed in chunks; see the module docs.
#[derive(Debug)]
pub struct RowSplitter {
    path: &'static [&'static str],
    stack: Vec<Frame>,
    in_string: bool,
    escape: bool,
    /// The key being read, when a string is a key on the path (raw bytes, escapes included).
    key: Option<Vec<u8>>,
    /// Inside the target array: where it is at.
    target: Option<Slot>,
    /// Bytes not read yet (an element cut by the end of a chunk), and how many there must be
    /// before it is tried again.
    pending: Vec<u8>,
    retry_at: usize,
    rest: Vec<u8>,
    /// Lines in `rest` so far, and where lines were taken out of it: (rest line, lines).
    rest_lines: usize,
    taken_lines: Vec<(usize, usize)>,
    /// The position of the last byte read (1-based line; column 0 before a line's first byte).
    line: usize,
    column: usize,
}

impl RowSplitter {
    /// Splits out the elements of the array at `path` (object keys from the root).
    pub fn new(path: &'static [&'static str]) -> Self {
        Self {
            path,
            stack: Vec::new(),
            in_string: false,
            escape: false,
            key: None,
            target: None,
            pending: Vec::new(),
            retry_at: 0,
            rest: Vec::new(),
            rest_lines: 0,
            taken_lines: Vec::new(),
            line: 1,
            column: 0,
        }
    }

    /// Reads `chunk`, handing each element of the target array to `row` as a `T` once it is
    /// whole.
    pub fn feed<T: Element, E>(
        &mut self,
        chunk: &[u8],
        mut row: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), Fed<E>> {
        if self.pending.is_empty() {
            let used = self.read(chunk, false, &mut row)?;
            self.pending.extend_from_slice(&chunk[used..]);
        } else if self.pending.len() + chunk.len() < self.retry_at {
            // A long element still coming: it is parsed again only once it has doubled, so one
            // cut into many chunks costs linear time, not quadratic.
            self.pending.extend_from_slice(chunk);
            return Ok(());
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(chunk);
            let used = self.read(&bytes, false, &mut row)?;
            bytes.drain(..used);
            self.pending = bytes;
        }
        self.retry_at = 2 * self.pending.len();
        Ok(())
    }

    /// Says the body is over: an element still cut short is an error.
    pub fn finish<T: Element, E>(
        &mut self,
        mut row: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), Fed<E>> {
        let bytes = std::mem::take(&mut self.pending);
        self.read(&bytes, true, &mut row).map(|_| ())
    }

    /// Reads what it can of `bytes`; returns how many were used (the rest waits for more,
    /// unless `at_end`).
    fn read<T: Element, E>(
        &mut self,
        bytes: &[u8],
        at_end: bool,
        row: &mut impl FnMut(T) -> Result<(), E>,
    ) -> Result<usize, Fed<E>> {
        let mut i = 0;
        while i < bytes.len() {
            let Some(slot) = self.target else {
                let b = bytes[i];
                self.step(b);
                self.structure(b).map_err(|d| self.malformed(d))?;
                self.rest.push(b);
                if b == b'\n' {
                    self.rest_lines += 1;
                }
                if self.entered_target() {
                    self.target = Some(Slot::First);
                }
                i += 1;
                continue;
            };
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                self.step(b);
                if b == b'\n' {
                    self.take_lines(1);
                }
                i += 1;
                continue;
            }
            match (b, slot) {
                (b']', Slot::First | Slot::Separator) => {
                    self.step(b);
                    self.target = None;
                    self.structure(b).map_err(|d| self.malformed(d))?;
                    self.rest.push(b);
                    i += 1;
                }
                (b',', Slot::Separator) => {
                    self.step(b);
                    self.target = Some(Slot::Element);
                    i += 1;
                }
                (b']' | b',', _) | (_, Slot::Separator) => {
                    self.step(b);
                    return Err(self.malformed(if slot == Slot::Separator {
                        "expected `,` or `]` after an array element"
                    } else {
                        "expected an array element"
                    }));
                }
                _ => {
                    let Some(used) = self.element(&bytes[i..], at_end, row)? else {
                        // Cut by the chunk's end: wait for the next one.
                        return Ok(i);
                    };
                    self.target = Some(Slot::Separator);
                    i += used;
                }
            }
        }
        Ok(i)
    }

    /// Parses the element at the start of `bytes`: how many bytes it took, or `None` when it
    /// goes on past them.
    fn element<T: Element, E>(
        &mut self,
        bytes: &[u8],
        at_end: bool,
        row: &mut impl FnMut(T) -> Result<(), E>,
    ) -> Result<Option<usize>, Fed<E>> {
        if let Some((value, used)) = T::shortcut(bytes) {
            self.step_over(&bytes[..used]);
            row(value).map_err(Fed::Row)?;
            return Ok(Some(used));
        }
        // Numbers and literals end where something else starts: one at the end of the bytes
        // may go on in the next chunk.
        let delimited = matches!(bytes[0], b'{' | b'[' | b'"');
        let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<T>();
        let value = values.next();
        let used = values.byte_offset();
        match value {
            Some(Ok(value)) if delimited || used < bytes.len() || at_end => {
                let taken = self.step_over(&bytes[..used]);
                self.take_lines(taken);
                row(value).map_err(Fed::Row)?;
                Ok(Some(used))
            }
            Some(Err(e)) if e.classify() != Category::Eof || at_end => {
                let (line, column) = if e.line() <= 1 {
                    (self.line, self.column + e.column())
                } else {
                    (self.line + e.line() - 1, e.column())
                };
                Err(Fed::Malformed(Malformed {
                    detail: message(&e),
                    line,
                    column,
                }))
            }
            _ => Ok(None),
        }
    }

    fn step(&mut self, b: u8) {
        if b == b'\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
    }

    /// Moves the position over `bytes`; returns the lines they hold.
    #[allow(clippy::naive_bytecount)] // an element is a few dozen bytes
    fn step_over(&mut self, bytes: &[u8]) -> usize {
        let Some(last) = bytes.iter().rposition(|&b| b == b'\n') else {
            self.column += bytes.len();
            return 0;
        };
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        self.line += lines;
        self.column = bytes.len() - last - 1;
        lines
    }

    /// Lines that do not go into the rest (they are inside the target array).
    fn take_lines(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        match self.taken_lines.last_mut() {
            Some((at, taken)) if *at == self.rest_lines => *taken += n,
            _ => self.taken_lines.push((self.rest_lines, n)),
        }
    }

    fn malformed<E>(&self, detail: &str) -> Fed<E> {
        Fed::Malformed(Malformed {
            detail: detail.to_string(),
            line: self.line,
            column: self.column,
        })
    }

    /// Whether the container just opened is the target array.
    fn entered_target(&self) -> bool {
        !self.in_string
            && self.stack.len() == self.path.len() + 1
            && self
                .stack
                .last()
                .is_some_and(|f| f.kind == Kind::Array && f.on_path)
    }

    /// Follows strings, nesting and keys through one byte outside the target array.
    fn structure(&mut self, b: u8) -> Result<(), &'static str> {
        if self.in_string {
            if let Some(key) = &mut self.key {
                key.push(b);
            }
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.in_string = false;
                if let Some(mut key) = self.key.take() {
                    key.pop(); // the closing quote
                    let on_path = self.key_matches(&key);
                    if let Some(top) = self.stack.last_mut() {
                        top.key_on_path = on_path;
                    }
                }
            }
            return Ok(());
        }
        match b {
            b'"' => {
                self.in_string = true;
                if let Some(top) = self.stack.last_mut()
                    && top.kind == Kind::Object
                    && top.expect_key
                {
                    top.expect_key = false;
                    // Only the keys of objects on the path matter.
                    if top.on_path {
                        self.key = Some(Vec::new());
                    }
                }
            }
            b'{' | b'[' => {
                let depth = self.stack.len();
                let under_path_key = match self.stack.last() {
                    None => true,
                    Some(parent) => {
                        parent.kind == Kind::Object && parent.on_path && parent.key_on_path
                    }
                };
                // Objects lead along the path; the array is on it only at the path's end.
                let on_path = under_path_key
                    && if b == b'{' {
                        depth < self.path.len()
                    } else {
                        depth == self.path.len()
                    };
                self.stack.push(Frame {
                    kind: if b == b'{' { Kind::Object } else { Kind::Array },
                    on_path,
                    expect_key: b == b'{',
                    key_on_path: false,
                });
            }
            b'}' | b']' => {
                let want = if b == b'}' { Kind::Object } else { Kind::Array };
                match self.stack.pop() {
                    Some(frame) if frame.kind == want => {}
                    _ => return Err("a bracket that closes nothing open"),
                }
            }
            b',' => {
                if let Some(top) = self.stack.last_mut()
                    && top.kind == Kind::Object
                {
                    top.expect_key = true;
                    top.key_on_path = false;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether a key just read (raw, between its quotes) is the path's next one.
    fn key_matches(&self, raw: &[u8]) -> bool {
        let Some(want) = self
            .stack
            .len()
            .checked_sub(1)
            .and_then(|d| self.path.get(d))
        else {
            return false;
        };
        if raw.contains(&b'\\') {
            let mut quoted = Vec::with_capacity(raw.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(raw);
            quoted.push(b'"');
            serde_json::from_slice::<String>(&quoted).is_ok_and(|k| k == *want)
        } else {
            raw == want.as_bytes()
        }
    }

    /// The body without the target array's elements (that array left as `[]`), to parse once
    /// the body is over.
    pub fn rest(&self) -> &[u8] {
        &self.rest
    }

    /// The whole body's position of a position in [`RowSplitter::rest`].
    pub fn body_position(&self, line: usize, column: usize) -> (usize, usize) {
        let taken: usize = self
            .taken_lines
            .iter()
            .filter(|(at, _)| *at < line)
            .map(|(_, n)| n)
            .sum();
        (line + taken, column)
    }
}

/// `serde_json`'s message without its own " at line L column C" (the position is given apart).
pub fn message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    impl Element for Value {}

    const PATH: &[&str] = &["a", "rows"];

    /// Splits `body` fed in chunks of `size` bytes: the elements (as JSON) and the rest.
    fn split(body: &str, size: usize) -> Result<(Vec<String>, String), Malformed> {
        let mut s = RowSplitter::new(PATH);
        let mut rows = Vec::new();
        let mut push = |v: Value| {
            rows.push(v.to_string());
            Ok::<(), ()>(())
        };
        let open = |e: Fed<()>| match e {
            Fed::Malformed(m) => m,
            Fed::Row(()) => unreachable!(),
        };
        for chunk in body.as_bytes().chunks(size.max(1)) {
            s.feed(chunk, &mut push).map_err(open)?;
        }
        s.finish(&mut push).map_err(open)?;
        Ok((rows, String::from_utf8(s.rest().to_vec()).unwrap()))
    }

    #[test]
    fn elements_of_the_path_array_are_split_out_in_any_chunking() {
        let body = r#"{"x":[1,2],"a":{"n":"]","rows":[{"t":"a,]"} , {"t":"b\"}"},3, [4,5] ,"s",-12.5e1,true],"k":1},"rows":[9]}"#;
        for size in 1..=body.len() {
            let (rows, rest) = split(body, size).unwrap();
            assert_eq!(
                rows,
                [
                    r#"{"t":"a,]"}"#,
                    r#"{"t":"b\"}"}"#,
                    "3",
                    "[4,5]",
                    r#""s""#,
                    "-125.0",
                    "true"
                ],
                "chunks of {size}"
            );
            assert_eq!(
                rest, r#"{"x":[1,2],"a":{"n":"]","rows":[],"k":1},"rows":[9]}"#,
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn a_long_element_in_small_chunks_is_parsed_a_few_times_not_once_a_chunk() {
        let long = format!(
            r#"{{"a":{{"rows":[{{"t":"{}"}},1]}}}}"#,
            "x".repeat(100_000)
        );
        let mut s = RowSplitter::new(PATH);
        let mut rows = 0;
        // Every try sets `retry_at` anew (to twice what is still pending, which only grows
        // while the element comes); chunks that are only kept leave it as it was.
        let mut tries = 0;
        for chunk in long.as_bytes().chunks(10) {
            let before = s.retry_at;
            s.feed(chunk, |_: Value| {
                rows += 1;
                Ok::<(), ()>(())
            })
            .unwrap();
            tries += usize::from(s.retry_at != before);
        }
        s.finish(|_: Value| {
            rows += 1;
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(rows, 2);
        assert!(tries < 100, "{tries} tries for 10,000 chunks");
    }

    #[test]
    fn only_the_path_is_followed() {
        // The same key deeper, under an array, or as a value is not the path.
        let body = r#"{"b":{"a":{"rows":[1]}},"c":[{"a":{"rows":[2]}}],"d":"a","a":{"x":{"rows":[3]},"rows":{"r":[4]}}}"#;
        let (rows, rest) = split(body, 7).unwrap();
        assert!(rows.is_empty(), "{rows:?}");
        assert_eq!(rest, body);
        // An escaped key is the same key.
        let (rows, _) = split(r#"{"\u0061":{"ro\u0077s":[1, 2]}}"#, 3).unwrap();
        assert_eq!(rows, ["1", "2"]);
    }

    #[test]
    fn broken_bodies_are_malformed_never_a_panic() {
        for body in [
            r#"{"a":{"rows":[1,,2]}}"#,
            r#"{"a":{"rows":[,1]}}"#,
            r#"{"a":{"rows":[1,]}}"#,
            r#"{"a":{"rows":[1 2]}}"#,
            r#"{"a":{"rows":[{]}}"#,
            r#"{"a":{"rows":[tru]}}"#,
            r#"{"a":{"rows":[{"t":1"#,
            "}",
        ] {
            for size in [1, 2, 5, 100] {
                assert!(split(body, size).is_err(), "{body} in chunks of {size}");
            }
        }
        // Not JSON at all, or cut outside the array: the rest is what the parser will reject.
        for body in [r#"{"a":{"rows":[1]"#, "<html>", "", "\"a", "[[[["] {
            assert!(split(body, 2).is_ok(), "{body}");
        }
    }

    #[test]
    fn positions_are_the_whole_bodys() {
        let body =
            "{\"a\": {\"rows\": [\n  {\"t\": 1},\n  {\"t\":\n 2},\n  {\"t\": [}\n],\n\"k\": x}}";
        for size in [1, 3, 1000] {
            let Err(m) = split(body, size) else {
                panic!("an error")
            };
            // Where serde_json reading the whole body puts it: the `}` on line 5.
            assert_eq!((m.line, m.column), (5, 10), "{m:?}");
        }
        let body = "{\"a\": {\"rows\": [\n  {\"t\": 1},\n  {\"t\":\n 2}\n],\n\"k\": x}}";
        let mut s = RowSplitter::new(PATH);
        s.feed(body.as_bytes(), |_: Value| Ok::<(), ()>(()))
            .unwrap();
        s.finish(|_: Value| Ok::<(), ()>(())).unwrap();
        let err = serde_json::from_slice::<Value>(s.rest()).unwrap_err();
        assert_eq!(
            s.body_position(err.line(), err.column()).0,
            6,
            "{err} in {:?}",
            String::from_utf8_lossy(s.rest())
        );
        assert_eq!(message(&err), "expected value");
    }
}
