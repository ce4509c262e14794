//! What of a page nobody reads: the bodies of `<script>` and `<style>`
//! elements and the attributes nobody reads (`srcset`, `data-*`, SVG path
//! data...). JSON-LD scripts, which the date signals read, are kept. The
//! fast tokenizer ([`crate::fasttok::parse_read_parts`]) leaves them out as
//! it goes; [`strip_script_and_style`] cuts them out of the page before
//! html5ever's tokenizer parses the pages the fast one gives up on.
//!
//! Why: on news pages script and style bodies are about half of the bytes
//! and unread attributes a quarter of the rest, and html5ever's tokenizer
//! walks them character by character; cutting them first makes the parse
//! much cheaper. The tree is the same apart from those text nodes and
//! attributes.
//!
//! Hand-written, because the point is a scan far cheaper than a tokenizer;
//! it follows the WHATWG tokenizer's states where they decide where a tag,
//! an attribute or a script or style body begins and ends (comments, quoted
//! attribute values, the other raw-text and RCDATA elements, SVG and MathML
//! content, the script data "double escaped" state). Wherever it cannot be
//! sure, it stops cutting and copies the rest of the page as it is.

use std::borrow::Cow;

/// Elements whose content the tokenizer reads as raw text or RCDATA up to
/// their end tag (the scripting flag is on, so `noscript` is one of them).
const SKIPPED_RAW: &[&[u8]] = &[
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Byte offset of the first case-insensitive match of the ASCII `pat` in
/// `hay[from..]`.
fn find_ci(hay: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut at = from;
    while at < hay.len() {
        let p = memchr::memchr2(
            pat[0].to_ascii_lowercase(),
            pat[0].to_ascii_uppercase(),
            &hay[at..],
        )?;
        let s = at + p;
        if hay.len() - s >= pat.len() && hay[s..s + pat.len()].eq_ignore_ascii_case(pat) {
            return Some(s);
        }
        at = s + 1;
    }
    None
}

/// Where the end tag `</name` of a raw-text element starts at or after
/// `from`: the name must be followed by a space, `/` or `>` (an
/// "appropriate end tag"). `None` when the page ends first.
fn find_end_tag(html: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let p = find_ci(html, at, b"</")?;
        let n = p + 2;
        if html.len() >= n + name.len()
            && html[n..n + name.len()].eq_ignore_ascii_case(name)
            && html
                .get(n + name.len())
                .is_some_and(|b| is_space(*b) || *b == b'/' || *b == b'>')
        {
            return Some(p);
        }
        at = n;
    }
}

/// Attributes that something reads: the extraction and date signals, and
/// the tree builder itself (`type` of inputs, `font` attributes that end
/// SVG content, MathML's `encoding`, `charset`, declarative shadow roots).
/// Every other attribute (`srcset`, `data-*`, SVG path data, event
/// handlers...) is cut too: they are a quarter of what remains of a page.
pub(crate) fn attribute_is_read(name: &[u8]) -> bool {
    // Called for every attribute of every tag: lowered into a buffer once
    // and matched by length and bytes, rather than compared to each name
    // in turn without case.
    const LONGEST: usize = 11;
    if name.len() > LONGEST {
        return name[..10].eq_ignore_ascii_case(b"shadowroot");
    }
    let mut lowered = [0u8; LONGEST];
    for (l, c) in lowered.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    let lowered = &lowered[..name.len()];
    matches!(
        lowered,
        b"class"
            | b"id"
            | b"itemprop"
            | b"content"
            | b"rel"
            | b"property"
            | b"type"
            | b"name"
            | b"href"
            | b"datetime"
            | b"title"
            | b"style"
            | b"src"
            | b"role"
            | b"pubdate"
            | b"lang"
            | b"hidden"
            | b"aria-hidden"
            | b"color"
            | b"face"
            | b"size"
            | b"encoding"
            | b"charset"
            | b"http-equiv"
    ) || lowered.starts_with(b"shadowroot")
}

/// Whether the value of a read attribute on this element can matter: a
/// link's address is read only on `<link>` (the canonical URL) and when it
/// is the site's home ("/"), an image address only on `<img>`, an inline
/// style only when it may hide the element. (A value holding a character
/// reference is always kept.)
pub(crate) fn value_is_read(tag: &[u8], name: &[u8], value: Option<&[u8]>) -> bool {
    let Some(v) = value else {
        return true;
    };
    let encoded = || v.contains(&b'&');
    if name.eq_ignore_ascii_case(b"href") {
        tag.eq_ignore_ascii_case(b"link") || v == b"/" || encoded()
    } else if name.eq_ignore_ascii_case(b"src") {
        // `<image>` is read as `<img>`.
        tag.eq_ignore_ascii_case(b"img") || tag.eq_ignore_ascii_case(b"image") || encoded()
    } else if name.eq_ignore_ascii_case(b"style") {
        memchr::memmem::find(v, b"none").is_some()
            || memchr::memmem::find(v, b"hidden").is_some()
            || encoded()
    } else {
        true
    }
}

/// Whether the body of a script with this `type` value (the first one, as
/// written) is read: JSON-LD is, by the date signals (an encoded type value
/// is kept too rather than decoded).
pub(crate) fn script_is_read(type_value: Option<&[u8]>) -> bool {
    type_value.is_some_and(|t| t.contains(&b'&') || t.eq_ignore_ascii_case(b"application/ld+json"))
}

/// A tag's attributes from just after its name to its closing `>`, as the
/// tokenizer reads them (quoted values may hold `>`). Returns the offset
/// after the `>` and whether the tag ended with `/>`; `None` when the page
/// ends inside the tag. Each attribute goes to `on_attr` with the offset of
/// its name, the name, the value and the offset where it ends.
fn scan_attributes<'a>(
    html: &'a [u8],
    mut i: usize,
    mut on_attr: impl FnMut(usize, &'a [u8], Option<&'a [u8]>, usize),
) -> Option<(usize, bool)> {
    let mut self_closing = false;
    loop {
        // Before an attribute name.
        while i < html.len() && is_space(html[i]) {
            i += 1;
        }
        match *html.get(i)? {
            b'>' => return Some((i + 1, self_closing)),
            b'/' => {
                self_closing = html.get(i + 1) == Some(&b'>');
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        // The name: a leading '=' belongs to it.
        let name_start = i;
        i += 1;
        while i < html.len() && !is_space(html[i]) && !matches!(html[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &html[name_start..i];
        let name_end = i;
        while i < html.len() && is_space(html[i]) {
            i += 1;
        }
        let value = if html.get(i) == Some(&b'=') {
            i += 1;
            while i < html.len() && is_space(html[i]) {
                i += 1;
            }
            match *html.get(i)? {
                q @ (b'"' | b'\'') => {
                    let end = i + 1 + memchr::memchr(q, &html[i + 1..])?;
                    let v = &html[i + 1..end];
                    i = end + 1;
                    Some(v)
                }
                b'>' => None,
                _ => {
                    let start = i;
                    while i < html.len() && !is_space(html[i]) && html[i] != b'>' {
                        i += 1;
                    }
                    Some(&html[start..i])
                }
            }
        } else {
            None
        };
        let end = if value.is_some() { i } else { name_end };
        on_attr(name_start, name, value, end);
    }
}

/// Whether a script's body may enter the tokenizer's "script data double
/// escaped" state (`<!--` followed by `<script`), where `</script>` does
/// not end it.
fn may_double_escape(body: &[u8]) -> bool {
    find_ci(body, 0, b"<!--").is_some_and(|p| find_ci(body, p, b"<script").is_some())
}

/// Whether a tag of this name opens (or its end tag closes) foreign
/// content, SVG or MathML, where the raw-text rules of HTML do not apply.
fn opens_foreign_content(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math")
}

/// Where the name of a tag starting at `start` ends (at a space, `/` or `>`).
fn tag_name_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| is_space(b) || matches!(b, b'/' | b'>'))
        .map_or(bytes.len(), |n| start + n)
}

/// What the tokenizer reads at `</`, whose `<` is just before `i`
/// (`bytes[i]` is `/`).
enum EndTag<'a> {
    /// An end tag: its name, and the offset after its `>`.
    Named(&'a [u8], usize),
    /// `</>` (nothing) or a bogus comment (`</ ...>`): the offset after its `>`.
    Skipped(usize),
    /// The page ends inside the tag or comment.
    Unclosed,
    /// The page ends just after the `</`.
    PageEnd,
}

/// Reads the end tag or bogus comment at `</`, as the tokenizer ends it.
fn end_tag(bytes: &[u8], i: usize) -> EndTag<'_> {
    let start = i + 1;
    match bytes.get(start) {
        Some(c) if c.is_ascii_alphabetic() => {
            let end = tag_name_end(bytes, start);
            match scan_attributes(bytes, end, |_, _, _, _| {}) {
                Some((after, _)) => EndTag::Named(&bytes[start..end], after),
                None => EndTag::Unclosed,
            }
        }
        Some(b'>') => EndTag::Skipped(start + 1),
        Some(_) => match memchr::memchr(b'>', &bytes[i..]) {
            Some(p) => EndTag::Skipped(i + p + 1),
            None => EndTag::Unclosed,
        },
        None => EndTag::PageEnd,
    }
}

/// Past a markup declaration whose `<` is just before `i` (`bytes[i]` is
/// `!`): a comment, CDATA inside SVG or MathML (`foreign > 0`), or a doctype
/// or bogus comment, as the tokenizer ends each. `None` when it runs to the
/// end of the page.
fn skip_declaration(
    bytes: &[u8],
    i: usize,
    foreign: usize,
    comment_end: &memchr::memmem::Finder<'_>,
) -> Option<usize> {
    if bytes[i..].starts_with(b"!--") {
        let body = i + 3;
        // `<!-->` and `<!--->` close at once.
        if bytes[body..].starts_with(b">") {
            return Some(body + 1);
        }
        if bytes[body..].starts_with(b"->") {
            return Some(body + 2);
        }
        // Ends at the first "-->" or "--!>".
        let a = comment_end.find(&bytes[body..])?;
        return Some(
            match memchr::memmem::find(&bytes[body..body + a], b"--!>") {
                Some(b) => body + b + 4,
                None => body + a + 3,
            },
        );
    }
    if foreign > 0 && bytes[i..].starts_with(b"![CDATA[") {
        return Some(i + memchr::memmem::find(&bytes[i..], b"]]>")? + 3);
    }
    // A doctype or a bogus comment ends at the first '>'.
    Some(i + memchr::memchr(b'>', &bytes[i..])? + 1)
}

/// The page with its script and style bodies (JSON-LD kept) and the
/// attributes nobody reads removed; the page itself when there is nothing
/// to remove.
pub fn strip_script_and_style(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    // Depth of open `<svg>` / `<math>` elements, where `<script>` and
    // `<style>` are ordinary elements.
    let mut foreign = 0usize;
    let comment_end = memchr::memmem::Finder::new(b"-->");
    let mut i = 0usize;
    'scan: while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        i = lt + 1;
        let Some(&next) = bytes.get(i) else { break };
        match next {
            b'!' => match skip_declaration(bytes, i, foreign, &comment_end) {
                Some(after) => i = after,
                // (A comment or declaration that runs to the end of the page.)
                None => break,
            },
            b'?' => match memchr::memchr(b'>', &bytes[i..]) {
                Some(p) => i += p + 1,
                None => break,
            },
            b'/' => match end_tag(bytes, i) {
                EndTag::Named(name, after) => {
                    if opens_foreign_content(name) {
                        foreign = foreign.saturating_sub(1);
                    }
                    i = after;
                }
                EndTag::Skipped(after) => i = after,
                EndTag::Unclosed | EndTag::PageEnd => break,
            },
            c if c.is_ascii_alphabetic() => {
                let start = i;
                let end = tag_name_end(bytes, start);
                let name = &bytes[start..end];
                let mut type_value = None;
                let Some((after, self_closing)) =
                    scan_attributes(bytes, end, |name_start, attr, value, attr_end| {
                        // Attributes nobody reads are cut (only those after
                        // a space, so that no cut can make a tag
                        // self-closing).
                        if is_space(bytes[name_start - 1])
                            && !(attribute_is_read(attr) && value_is_read(name, attr, value))
                        {
                            cuts.push((name_start, attr_end));
                        }
                        if let Some(v) = value {
                            if attr.eq_ignore_ascii_case(b"type") && type_value.is_none() {
                                type_value = Some(v);
                            }
                        }
                    })
                else {
                    break;
                };
                i = after;
                if opens_foreign_content(name) {
                    if !self_closing {
                        foreign += 1;
                    }
                    continue;
                }
                if foreign > 0 {
                    continue;
                }
                if name.eq_ignore_ascii_case(b"plaintext") {
                    break;
                }
                let script = name.eq_ignore_ascii_case(b"script");
                if script || name.eq_ignore_ascii_case(b"style") {
                    let end_name: &[u8] = if script { b"script" } else { b"style" };
                    let Some(close) = find_end_tag(bytes, i, end_name) else {
                        break;
                    };
                    let body = &bytes[i..close];
                    if script && may_double_escape(body) {
                        // Where this script ends is not certain: stop here.
                        break 'scan;
                    }
                    let keep = script && script_is_read(type_value);
                    if !keep && close > i {
                        cuts.push((i, close));
                    }
                    i = close;
                    continue;
                }
                if let Some(raw) = SKIPPED_RAW.iter().find(|r| name.eq_ignore_ascii_case(r)) {
                    match find_end_tag(bytes, i, raw) {
                        Some(close) => i = close,
                        None => break,
                    }
                }
            }
            _ => {}
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let removed: usize = cuts.iter().map(|(a, b)| b - a).sum();
    let mut out = String::with_capacity(html.len() - removed);
    let mut last = 0;
    for (a, b) in cuts {
        out.push_str(&html[last..a]);
        last = b;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// Start tags that end SVG or MathML content when they appear inside it
/// (the tree builder's "breakout" list; `font` only with some attributes).
const BREAKOUT: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
    b"font",
];

/// Elements the tree builder may drop or merge when they appear out of
/// place: an `itemprop` on one of them is not trusted without the tree.
const MAY_BE_DROPPED: &[&[u8]] = &[
    b"html",
    b"head",
    b"body",
    b"frame",
    b"caption",
    b"col",
    b"colgroup",
    b"tbody",
    b"td",
    b"tfoot",
    b"th",
    b"thead",
    b"tr",
];

/// A value as the tree holds it, when that is the bytes as written (no
/// character reference to decode, no carriage return to normalise).
fn plain(v: &[u8]) -> Option<&str> {
    if v.contains(&b'&') || v.contains(&b'\r') {
        return None;
    }
    std::str::from_utf8(v).ok()
}

/// The meta tags, JSON-LD texts, `itemprop="datePublished"` values and
/// canonical link of a page, read by a scan of its tags without building a
/// tree, for [`crate::pubdate::scanned_date`]. It follows the tokenizer's
/// states as [`strip_script_and_style`] does, and gives `None` wherever the
/// tree could hold something else than the scan sees: a value with a
/// character reference, a JSON-LD script inside SVG, a `<meta>` in a
/// `<select>`, content that breaks out of SVG, frames, a page that ends
/// inside a tag, an uncertain script end.
pub(crate) fn scan_date_signals(html: &str) -> Option<crate::pubdate::ScannedSignals> {
    let bytes = html.as_bytes();
    let mut sig = crate::pubdate::ScannedSignals {
        meta: std::collections::HashMap::new(),
        sources: Vec::new(),
        canonical_link: None,
    };
    let mut dirty_meta: Vec<String> = Vec::new();
    let mut foreign = 0usize;
    let mut in_select = false;
    let comment_end = memchr::memmem::Finder::new(b"-->");
    let mut i = 0usize;
    // The first value of each attribute a tag holds (names compared without
    // case; a repeated attribute is dropped, as the tokenizer does).
    const NAMES: [&[u8]; 9] = [
        b"property",
        b"name",
        b"itemprop",
        b"content",
        b"rel",
        b"href",
        b"type",
        b"datetime",
        b"color",
    ];
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        i = lt + 1;
        let Some(&next) = bytes.get(i) else { break };
        match next {
            b'!' => i = skip_declaration(bytes, i, foreign, &comment_end)?,
            b'?' => i += memchr::memchr(b'>', &bytes[i..])? + 1,
            b'/' => match end_tag(bytes, i) {
                EndTag::Named(name, after) => {
                    if opens_foreign_content(name) {
                        foreign = foreign.saturating_sub(1);
                    } else if foreign > 0
                        && (name.eq_ignore_ascii_case(b"p") || name.eq_ignore_ascii_case(b"br"))
                    {
                        return None;
                    } else if name.eq_ignore_ascii_case(b"select") {
                        in_select = false;
                    }
                    i = after;
                }
                EndTag::Skipped(after) => i = after,
                EndTag::Unclosed => return None,
                EndTag::PageEnd => break,
            },
            c if c.is_ascii_alphabetic() => {
                let start = i;
                let end = tag_name_end(bytes, start);
                let name = &bytes[start..end];
                let mut attrs: [Option<&[u8]>; 9] = [None; 9];
                let mut seen_other = false;
                let (after, self_closing) = scan_attributes(bytes, end, |_, attr, value, _| {
                    match NAMES.iter().position(|n| attr.eq_ignore_ascii_case(n)) {
                        Some(k) => {
                            if attrs[k].is_none() {
                                attrs[k] = Some(value.unwrap_or(b""));
                            }
                        }
                        None => {
                            seen_other |= attr.eq_ignore_ascii_case(b"face")
                                || attr.eq_ignore_ascii_case(b"size");
                        }
                    }
                })?;
                i = after;
                let [property, meta_name, itemprop, content, rel, href, type_value, datetime, color] =
                    attrs;
                let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
                if foreign > 0
                    && BREAKOUT.iter().any(|b| is(b))
                    && (!is(b"font") || color.is_some() || seen_other)
                {
                    return None;
                }
                if is(b"frameset") || is(b"plaintext") {
                    return None;
                }
                let is_meta = is(b"meta");
                let is_link = is(b"link");
                if in_select && (is_meta || is_link || itemprop.is_some()) {
                    return None;
                }
                if is_meta {
                    let key = property.or(meta_name).or(itemprop);
                    if let (Some(k), Some(c)) = (key, content) {
                        let k = plain(k)?;
                        let key = k.trim().to_ascii_lowercase();
                        match plain(c) {
                            Some(c) => {
                                let c = c.trim();
                                if !c.is_empty() && !sig.meta.contains_key(&key) {
                                    sig.meta.insert(key, c.to_string());
                                }
                            }
                            // Its value in the tree is not known here: it
                            // must not be used, and no later tag takes its key.
                            None => {
                                if let std::collections::hash_map::Entry::Vacant(e) =
                                    sig.meta.entry(key)
                                {
                                    dirty_meta.push(e.key().clone());
                                    e.insert(String::new());
                                }
                            }
                        }
                    }
                }
                if is_link
                    && sig.canonical_link.is_none()
                    && rel.is_some_and(|r| r.eq_ignore_ascii_case(b"canonical"))
                {
                    sig.canonical_link = Some(match href {
                        Some(h) => Some(plain(h)?.to_string()),
                        None => None,
                    });
                }
                let script = is(b"script");
                let json_ld = script
                    && match type_value {
                        Some(t) if t.contains(&b'&') => return None,
                        Some(t) => t.eq_ignore_ascii_case(b"application/ld+json"),
                        None => false,
                    };
                if !json_ld {
                    if let Some(p) = itemprop {
                        if plain(p)?.eq_ignore_ascii_case("datepublished") {
                            if MAY_BE_DROPPED.iter().any(|d| is(d)) {
                                return None;
                            }
                            if let Some(v) = datetime.or(content) {
                                sig.sources.push((false, plain(v)?.to_string()));
                            }
                        }
                    }
                }
                if is(b"svg") || is(b"math") {
                    if !self_closing {
                        foreign += 1;
                    }
                    continue;
                }
                if foreign > 0 {
                    if json_ld {
                        return None;
                    }
                    continue;
                }
                if is(b"select") {
                    in_select = true;
                }
                if script || is(b"style") {
                    let end_name: &[u8] = if script { b"script" } else { b"style" };
                    let close = find_end_tag(bytes, i, end_name)?;
                    let body = &bytes[i..close];
                    if script && may_double_escape(body) {
                        return None;
                    }
                    if json_ld {
                        // The tokenizer turns CR LF and CR into LF.
                        let text = std::str::from_utf8(body).ok()?;
                        let text = if text.contains('\r') {
                            text.replace("\r\n", "\n").replace('\r', "\n")
                        } else {
                            text.to_string()
                        };
                        sig.sources.push((true, text));
                    }
                    i = close;
                    continue;
                }
                if let Some(raw) = SKIPPED_RAW.iter().find(|r| is(r)) {
                    i = find_end_tag(bytes, i, raw)?;
                }
            }
            _ => {}
        }
    }
    if dirty_meta
        .iter()
        .any(|k| k == "og:url" || crate::pubdate::PUBLISHED_META.contains(&k.as_str()))
    {
        return None;
    }
    Some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        strip_script_and_style(s).into_owned()
    }

    #[test]
    fn script_and_style_bodies_are_cut_json_ld_kept() {
        assert_eq!(
            strip("<p>a</p><script>var x = '<div>';</script><style>p{}</style><p>b</p>"),
            "<p>a</p><script></script><style></style><p>b</p>"
        );
        let ld = r#"<script type="application/ld+json">{"datePublished":"2020-01-01"}</script>"#;
        assert_eq!(strip(ld), ld);
        assert_eq!(strip("<SCRIPT>x</Script >y"), "<SCRIPT></Script >y");
        // Not an appropriate end tag: "</scripts" does not end the script.
        assert_eq!(
            strip("<script>a</scripts>b</script>c"),
            "<script></script>c"
        );
    }

    #[test]
    fn markup_that_only_looks_like_a_script_is_left_alone() {
        for page in [
            r#"<a title="<script>">x</a><p>kept</p>"#,
            "<!-- <script> --><p>kept</p>",
            "<textarea><script></textarea><p>kept</p>",
            "<title><style></title><p>kept</p>",
            "<svg><style><p>kept</p></style></svg>",
            "<plaintext><script>x</script>",
        ] {
            assert_eq!(strip(page), page);
        }
    }

    #[test]
    fn an_uncertain_script_end_stops_the_cutting() {
        let page = "<script><!-- <script>x</script> --></script><p>a</p><style>s</style>";
        assert_eq!(strip(page), page);
        // An unterminated script: the tokenizer reads the rest as script.
        assert_eq!(strip("<p>a</p><script>x"), "<p>a</p><script>x");
    }

    #[test]
    fn quoted_attribute_values_may_hold_a_closing_bracket() {
        assert_eq!(
            strip(r#"<div title="a>b"><script>z</script></div>"#),
            r#"<div title="a>b"><script></script></div>"#
        );
    }

    #[test]
    fn unread_attributes_are_cut_read_ones_kept() {
        assert_eq!(
            strip(
                r#"<img src="a.jpg" srcset="a 1x, b 2x" data-x='y' alt=z loading><p class=c onclick="f()">t</p>"#
            ),
            r#"<img src="a.jpg"    ><p class=c >t</p>"#
        );
        // A cut right after a '/' could make the tag self-closing: kept.
        assert_eq!(strip("<path/d=M0>"), "<path/d=M0>");
        // Font attributes end SVG content: kept.
        assert_eq!(
            strip("<font color=red>x</font>"),
            "<font color=red>x</font>"
        );
        // Addresses and styles only where they are read.
        assert_eq!(
            strip(
                r#"<a href="/x" style="color:red"><a href="/" style="display: none"><link href="/c">"#
            ),
            r#"<a  ><a href="/" style="display: none"><link href="/c">"#
        );
        assert_eq!(
            strip(r#"<iframe src="f.html"></iframe><img src="i.jpg">"#),
            r#"<iframe ></iframe><img src="i.jpg">"#
        );
    }

    #[test]
    fn read_attribute_names_match_without_case() {
        for name in [
            "class",
            "ID",
            "ItemProp",
            "aria-hidden",
            "HTTP-EQUIV",
            "shadowrootmode",
        ] {
            assert!(attribute_is_read(name.as_bytes()), "{name}");
        }
        for name in [
            "",
            "c",
            "classes",
            "data-id",
            "srcset",
            "aria-hiddenx",
            "onclick",
            "shadow",
        ] {
            assert!(!attribute_is_read(name.as_bytes()), "{name}");
        }
        // An encoded value is always kept; plain ones where they are read.
        assert!(value_is_read(b"a", b"HREF", Some(b"/x?a&amp;b")));
        assert!(!value_is_read(b"a", b"href", Some(b"/x")));
        assert!(value_is_read(b"LINK", b"href", Some(b"/x")));
        assert!(value_is_read(b"a", b"href", None));
        assert!(!value_is_read(b"p", b"style", Some(b"color: red")));
        assert!(value_is_read(b"p", b"style", Some(b"visibility:hidden")));
    }

    #[test]
    fn same_tree_text_as_the_original() {
        let page = r#"<html><head><title>T</title><style>body{}</style>
<script>if (a<b && c>d) { document.write("<p>not text</p>"); }</script></head>
<body><svg><script>s</script></svg><p>Text <b>bold</b></p><script>y</script></body></html>"#;
        let text = |h: &str| {
            let d = scraper::Html::parse_document(h);
            d.root_element()
                .descendants()
                .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                .filter(|t| !t.contains("if (a") && t != "body{}" && t != "y")
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&strip(page)), text(page));
    }
}
