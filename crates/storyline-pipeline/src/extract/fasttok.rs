//! A byte-level HTML tokenizer feeding html5ever's own tree builder, so the
//! tree is html5ever's (same insertion modes, same error recovery) while the
//! tokenizing, which html5ever does character by character through a queue
//! of tendrils (about two thirds of the parse of a news page), is done with
//! `memchr` over the page's bytes.
//!
//! Hand-written because no crate offers a fast tokenizer for html5ever's
//! `TreeBuilder`. It follows the WHATWG tokenizer's states, including the
//! character reference algorithm (the same entity table as html5ever) and
//! the raw-text states the tree builder asks for (with the escaped and
//! double-escaped script states, and CDATA sections in SVG and MathML);
//! wherever a page leaves the well-trodden path (a NUL byte, the end of the
//! page inside a tag or a comment, a doctype other than the usual forms,
//! `<plaintext>`), it gives up before anything is
//! returned and the page is parsed by html5ever's tokenizer instead
//! ([`parse_document`]). A test compares both trees on pages and tricky
//! snippets.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;

/// Parses a whole page as `scraper::Html::parse_document` does: the fast
/// tokenizer when it can, html5ever's otherwise.
pub fn parse_document(html: &str) -> Html {
    fast_parse(html).unwrap_or_else(|| Html::parse_document(html))
}

/// Parses the parts of a page that something reads: the tree of
/// `parse_document(&strip_script_and_style(html))` (see [`crate::rawtext`]),
/// with the cutting done by the tokenizer as it goes (an unread attribute
/// is not kept, a script or style body not given to the tree builder)
/// instead of by a pass that copies the page first. Where the pre-pass
/// stops cutting because it cannot be sure where a script ends (or at
/// `<plaintext>`), the tokenizer, which follows the tree builder's own
/// states, goes on cutting.
pub fn parse_read_parts(html: &str) -> Html {
    fast_parse_with(html, Parts::Read)
        .unwrap_or_else(|| Html::parse_document(&crate::rawtext::strip_script_and_style(html)))
}

/// What of a page the fast tokenizer gives to the tree builder.
#[derive(Clone, Copy, PartialEq)]
enum Parts {
    /// Everything, as html5ever's tokenizer does.
    All,
    /// Without the attributes and script and style bodies nobody reads.
    Read,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ')
}

/// The page through the fast tokenizer, or `None` where it gives up.
pub fn fast_parse(html: &str) -> Option<Html> {
    fast_parse_with(html, Parts::All)
}

fn fast_parse_with(html: &str, parts: Parts) -> Option<Html> {
    if memchr::memchr(0, html.as_bytes()).is_some() {
        return None;
    }
    // Input preprocessing: CR LF and lone CR become LF.
    let normalised: Cow<str> = if memchr::memchr(b'\r', html.as_bytes()).is_some() {
        Cow::Owned(html.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(html)
    };
    let s = normalised.strip_prefix('\u{feff}').unwrap_or(&normalised);
    // The node vector sized for the page up front: grown by doubling, it
    // was copied over and over (the tree's nodes are a hundred bytes or
    // more). NODE_BYTES is measured on the extraction benchmark's pages.
    let mut document = Html::new_document();
    document.tree = ego_tree::Tree::with_capacity(Node::Document, s.len() / NODE_BYTES + 16);
    let tb = TreeBuilder::new(HtmlTreeSink::new(document), TreeBuilderOpts::default());
    let mut t = Tokenizer {
        tb: &tb,
        s,
        b: s.as_bytes(),
        text: String::new(),
        parts,
    };
    t.run()?;
    tb.end();
    Some(tb.sink.finish())
}

/// Bytes of page per tree node that the node vector is sized for. On the
/// extraction benchmark's pages there is a node per 35 bytes of markup
/// without scripts, but per 40 to 270 bytes of the whole page (the tenth
/// and ninetieth percentiles), as the share of script varies: sized for
/// the densest pages, since capacity never used is address space, not
/// memory written.
const NODE_BYTES: usize = 32;

enum State {
    Data,
    /// A raw-text element's body, and whether it goes to the tree.
    Raw(RawKind, LocalName, bool),
}

struct Tokenizer<'a, S: TreeSink> {
    tb: &'a TreeBuilder<S::Handle, S>,
    s: &'a str,
    b: &'a [u8],
    /// Characters not yet given to the tree builder.
    text: String,
    parts: Parts,
}

impl<S> Tokenizer<'_, S>
where
    S: TreeSink,
    S::Handle: Clone,
{
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let chunk = StrTendril::from_slice(&self.text);
            self.text.clear();
            let _ = self.tb.process_token(Token::CharacterTokens(chunk), 1);
        }
    }

    fn emit(&mut self, token: Token) -> TokenSinkResult<S::Handle> {
        self.flush();
        self.tb.process_token(token, 1)
    }

    fn run(&mut self) -> Option<()> {
        let (s, b) = (self.s, self.b);
        let mut i = 0usize;
        let mut state = State::Data;
        loop {
            match std::mem::replace(&mut state, State::Data) {
                State::Data => {
                    let Some(off) = memchr::memchr2(b'<', b'&', &b[i..]) else {
                        self.text.push_str(&s[i..]);
                        break;
                    };
                    self.text.push_str(&s[i..i + off]);
                    i += off;
                    if b[i] == b'&' {
                        i = char_ref(s, i, false, &mut self.text);
                        continue;
                    }
                    match b.get(i + 1) {
                        None => {
                            self.text.push('<');
                            break;
                        }
                        Some(b'!') => i = self.markup_declaration(i + 2)?,
                        Some(b'/') => match b.get(i + 2) {
                            Some(c) if c.is_ascii_alphabetic() => {
                                let (next, _) = self.tag(i + 2, TagKind::EndTag)?;
                                i = next;
                            }
                            Some(b'>') => i += 3,
                            None => {
                                self.text.push_str("</");
                                break;
                            }
                            Some(_) => i = self.bogus_comment(i + 2)?,
                        },
                        Some(b'?') => i = self.bogus_comment(i + 1)?,
                        Some(c) if c.is_ascii_alphabetic() => {
                            let (next, raw) = self.tag(i + 1, TagKind::StartTag)?;
                            i = next;
                            if let Some(raw) = raw {
                                state = raw;
                            }
                        }
                        Some(_) => {
                            self.text.push('<');
                            i += 1;
                        }
                    }
                }
                State::Raw(kind, name, kept) => {
                    let end = if kind == RawKind::ScriptData {
                        script_end(b, i)
                    } else {
                        find_end_tag(b, i, name.as_bytes())
                    };
                    let stop = end.unwrap_or(b.len());
                    let body = if kept { &s[i..stop] } else { "" };
                    match kind {
                        RawKind::Rcdata => {
                            let mut at = 0;
                            while let Some(p) = memchr::memchr(b'&', &body.as_bytes()[at..]) {
                                self.text.push_str(&body[at..at + p]);
                                at = char_ref(body, at + p, false, &mut self.text);
                            }
                            self.text.push_str(&body[at..]);
                        }
                        RawKind::Rawtext => self.text.push_str(body),
                        RawKind::ScriptData => self.text.push_str(body),
                        RawKind::ScriptDataEscaped(_) => return None,
                    }
                    let Some(end) = end else { break };
                    let (next, _) = self.tag(end + 2, TagKind::EndTag)?;
                    i = next;
                }
            }
        }
        let _ = self.emit(Token::EOFToken);
        Some(())
    }

    /// After `<!` at `i`.
    fn markup_declaration(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        let rest = &b[i..];
        if rest.starts_with(b"--") {
            return self.comment(i + 2);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            return self.doctype(i + 7);
        }
        if rest.starts_with(b"[CDATA[")
            && self
                .tb
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            // A CDATA section in SVG or MathML: its text, as it is.
            let start = i + 7;
            let end = start + memchr::memmem::find(&b[start..], b"]]>")?;
            self.text.push_str(&self.s[start..end]);
            return Some(end + 3);
        }
        self.bogus_comment(i)
    }

    /// A bogus comment whose data starts at `i` and ends at the next `>`.
    fn bogus_comment(&mut self, i: usize) -> Option<usize> {
        let gt = i + memchr::memchr(b'>', &self.b[i..])?;
        let data = StrTendril::from_slice(&self.s[i..gt]);
        let _ = self.emit(Token::CommentToken(data));
        Some(gt + 1)
    }

    /// A comment whose body starts at `i` (after `<!--`).
    fn comment(&mut self, i: usize) -> Option<usize> {
        let body = &self.b[i..];
        let (data_end, after) = if body.starts_with(b">") {
            (i, i + 1)
        } else if body.starts_with(b"->") {
            (i, i + 2)
        } else {
            let a = memchr::memmem::find(body, b"-->");
            let c = memchr::memmem::find(&body[..a.unwrap_or(body.len())], b"--!>");
            match (a, c) {
                (_, Some(c)) => (i + c, i + c + 4),
                (Some(a), None) => (i + a, i + a + 3),
                (None, None) => return None,
            }
        };
        let data = StrTendril::from_slice(&self.s[i..data_end]);
        let _ = self.emit(Token::CommentToken(data));
        Some(after)
    }

    /// A doctype after `<!DOCTYPE` at `i`: the usual forms only.
    fn doctype(&mut self, mut i: usize) -> Option<usize> {
        let (s, b) = (self.s, self.b);
        let skip = |mut i: usize| {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            i
        };
        if !is_space(*b.get(i)?) {
            return None;
        }
        i = skip(i);
        let start = i;
        while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
            i += 1;
        }
        if i == start || i >= b.len() {
            return None;
        }
        let name = s[start..i].to_ascii_lowercase();
        i = skip(i);
        let quoted = |i: usize| -> Option<(String, usize)> {
            let q = *b.get(i)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let end = i + 1 + memchr::memchr(q, &b[i + 1..])?;
            let v = &s[i + 1..end];
            (!v.contains('>')).then(|| (v.to_string(), end + 1))
        };
        let mut public_id = None;
        let mut system_id = None;
        if b.get(i) != Some(&b'>') {
            let keyword = |k: &[u8]| b.get(i..i + 6).is_some_and(|w| w.eq_ignore_ascii_case(k));
            let public = keyword(b"public");
            if !public && !keyword(b"system") {
                return None;
            }
            // The keyword, a space and its quoted identifier.
            i += 6;
            if !is_space(*b.get(i)?) {
                return None;
            }
            let (id, next) = quoted(skip(i))?;
            if public {
                public_id = Some(id);
                i = next;
                // A system identifier may follow, after a space.
                if b.get(i) != Some(&b'>') {
                    if !is_space(*b.get(i)?) {
                        return None;
                    }
                    i = skip(i);
                    if b.get(i) != Some(&b'>') {
                        let (v, next) = quoted(i)?;
                        system_id = Some(v);
                        i = skip(next);
                    }
                }
            } else {
                system_id = Some(id);
                i = skip(next);
            }
        }
        if b.get(i) != Some(&b'>') {
            return None;
        }
        let _ = self.emit(Token::DoctypeToken(Doctype {
            name: Some(StrTendril::from_slice(&name)),
            public_id: public_id.map(|v| StrTendril::from_slice(&v)),
            system_id: system_id.map(|v| StrTendril::from_slice(&v)),
            force_quirks: false,
        }));
        Some(i + 1)
    }

    /// A start or end tag whose name starts at `i`. Returns the offset after
    /// it and, for a start tag after which the tree builder asks for a
    /// raw-text state, that state.
    fn tag(&mut self, mut i: usize, kind: TagKind) -> Option<(usize, Option<State>)> {
        let (s, b) = (self.s, self.b);
        let start = i;
        while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let raw_name = &b[start..i];
        let name = atom(&lower(&s[start..i]));
        let cutting = self.parts == Parts::Read && kind == TagKind::StartTag;
        // The first `type` value as written: JSON-LD scripts are kept.
        let mut type_value: Option<&[u8]> = None;
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut self_closing = false;
        let mut had_duplicate_attributes = false;
        loop {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match *b.get(i)? {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    if *b.get(i)? == b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            // An attribute name (a leading '=' belongs to it).
            let name_start = i;
            i += 1;
            while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr_name = &s[name_start..i];
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            // The value: a slice of the page unless a character reference
            // is decoded in it (then built in `decoded`); `raw`, the value
            // as written (`None` without one).
            let mut value = (i, i);
            let mut decoded: Option<String> = None;
            let mut raw: Option<(usize, usize)> = None;
            if *b.get(i)? == b'=' {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        i += 1;
                        let start = i;
                        loop {
                            let p = i + memchr::memchr2(q, b'&', &b[i..])?;
                            if b[p] == q {
                                match decoded.as_mut() {
                                    Some(d) => d.push_str(&s[i..p]),
                                    None => value = (start, p),
                                }
                                raw = Some((start, p));
                                i = p + 1;
                                break;
                            }
                            let d = decoded.get_or_insert_with(String::new);
                            d.push_str(&s[i..p]);
                            i = char_ref(s, p, true, d);
                        }
                    }
                    b'>' => {}
                    _ => {
                        let start = i;
                        loop {
                            let p = i + b[i..]
                                .iter()
                                .position(|&c| is_space(c) || c == b'>' || c == b'&')?;
                            if b[p] != b'&' {
                                match decoded.as_mut() {
                                    Some(d) => d.push_str(&s[i..p]),
                                    None => value = (start, p),
                                }
                                raw = Some((start, p));
                                i = p;
                                break;
                            }
                            let d = decoded.get_or_insert_with(String::new);
                            d.push_str(&s[i..p]);
                            i = char_ref(s, p, true, d);
                        }
                    }
                }
            }
            let raw = raw.map(|(a, z)| &b[a..z]);
            if cutting {
                let name = attr_name.as_bytes();
                if type_value.is_none() && raw.is_some() && name.eq_ignore_ascii_case(b"type") {
                    type_value = raw;
                }
                // As the pre-pass cuts: only after a space, so that no cut
                // can make a tag self-closing.
                if is_space(b[name_start - 1])
                    && !(crate::rawtext::attribute_is_read(name)
                        && crate::rawtext::value_is_read(raw_name, name, raw))
                {
                    continue;
                }
            }
            let attr_name = lower(attr_name);
            if attrs.iter().any(|a| *a.name.local == *attr_name) {
                had_duplicate_attributes = true;
            } else {
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), atom(&attr_name)),
                    value: StrTendril::from_slice(
                        decoded.as_deref().unwrap_or(&s[value.0..value.1]),
                    ),
                });
            }
        }
        let result = self.emit(Token::TagToken(Tag {
            kind,
            name: name.clone(),
            self_closing,
            attrs,
            had_duplicate_attributes,
        }));
        // After these html5ever's tokenizer returns to its driver, which
        // feeds it again and drops a U+FEFF found there (its BOM flag is
        // never cleared): left to html5ever.
        if matches!(
            result,
            TokenSinkResult::Script(_) | TokenSinkResult::EncodingIndicator(_)
        ) && s[i..].starts_with('\u{feff}')
        {
            return None;
        }
        let raw = match (kind, result) {
            (TagKind::StartTag, TokenSinkResult::RawData(k)) => {
                let kept = !cutting
                    || match name {
                        local_name!("style") => false,
                        local_name!("script") => crate::rawtext::script_is_read(type_value),
                        _ => true,
                    };
                Some(State::Raw(k, name, kept))
            }
            (TagKind::StartTag, TokenSinkResult::Plaintext) => return None,
            _ => None,
        };
        Some((i, raw))
    }
}

/// The atom of a tag or attribute name: the common names without a look-up
/// (`LocalName::from` hashes the name to find it among the static atoms).
fn atom(name: &str) -> LocalName {
    match name {
        "div" => local_name!("div"),
        "a" => local_name!("a"),
        "span" => local_name!("span"),
        "li" => local_name!("li"),
        "p" => local_name!("p"),
        "img" => local_name!("img"),
        "meta" => local_name!("meta"),
        "link" => local_name!("link"),
        "ul" => local_name!("ul"),
        "script" => local_name!("script"),
        "section" => local_name!("section"),
        "article" => local_name!("article"),
        "button" => local_name!("button"),
        "svg" => local_name!("svg"),
        "path" => local_name!("path"),
        "i" => local_name!("i"),
        "h1" => local_name!("h1"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "h4" => local_name!("h4"),
        "h5" => local_name!("h5"),
        "h6" => local_name!("h6"),
        "input" => local_name!("input"),
        "option" => local_name!("option"),
        "strong" => local_name!("strong"),
        "em" => local_name!("em"),
        "b" => local_name!("b"),
        "br" => local_name!("br"),
        "nav" => local_name!("nav"),
        "header" => local_name!("header"),
        "footer" => local_name!("footer"),
        "time" => local_name!("time"),
        "figure" => local_name!("figure"),
        "figcaption" => local_name!("figcaption"),
        "picture" => local_name!("picture"),
        "source" => local_name!("source"),
        "iframe" => local_name!("iframe"),
        "form" => local_name!("form"),
        "label" => local_name!("label"),
        "table" => local_name!("table"),
        "tr" => local_name!("tr"),
        "td" => local_name!("td"),
        "th" => local_name!("th"),
        "tbody" => local_name!("tbody"),
        "body" => local_name!("body"),
        "head" => local_name!("head"),
        "html" => local_name!("html"),
        "title" => local_name!("title"),
        "style" => local_name!("style"),
        "noscript" => local_name!("noscript"),
        "aside" => local_name!("aside"),
        "main" => local_name!("main"),
        "small" => local_name!("small"),
        "select" => local_name!("select"),
        "textarea" => local_name!("textarea"),
        "use" => local_name!("use"),
        "g" => local_name!("g"),
        "symbol" => local_name!("symbol"),
        "blockquote" => local_name!("blockquote"),
        "ol" => local_name!("ol"),
        "dl" => local_name!("dl"),
        "dt" => local_name!("dt"),
        "dd" => local_name!("dd"),
        "hr" => local_name!("hr"),
        "class" => local_name!("class"),
        "id" => local_name!("id"),
        "href" => local_name!("href"),
        "src" => local_name!("src"),
        "content" => local_name!("content"),
        "rel" => local_name!("rel"),
        "type" => local_name!("type"),
        "name" => local_name!("name"),
        "property" => local_name!("property"),
        "role" => local_name!("role"),
        "itemprop" => local_name!("itemprop"),
        "lang" => local_name!("lang"),
        "datetime" => local_name!("datetime"),
        "alt" => local_name!("alt"),
        "hidden" => local_name!("hidden"),
        "aria-hidden" => local_name!("aria-hidden"),
        "charset" => local_name!("charset"),
        "http-equiv" => local_name!("http-equiv"),
        _ => LocalName::from(name),
    }
}

/// A name with its ASCII capitals lowered.
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Where the appropriate end tag `</name` (followed by a space, `/` or `>`)
/// of a raw-text element starts at or after `from`. The tokenizer reads
/// only ASCII letters into that name, compared without case.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let p = at + memchr::memmem::find(&b[at..], b"</")?;
        let n = p + 2;
        if b.len() >= n + name.len()
            && b[n..n + name.len()].eq_ignore_ascii_case(name)
            && b.get(n + name.len())
                .is_some_and(|c| is_space(*c) || *c == b'/' || *c == b'>')
        {
            return Some(p);
        }
        at = n;
    }
}

/// Where the end tag of a script whose body starts at `from` begins (the
/// `<` of `</script`), following the tokenizer's script data states: after
/// `<!--` the script is "escaped" (`</script` still ends it), and inside
/// that, `<script` makes it "double escaped" (`</script` does not end it but
/// returns to escaped; `-->` returns to plain script data from either).
/// `None` when the page ends first.
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum S {
        Data,
        Escaped,
        Double,
    }
    // Whether `b[at..]` is `script` (ASCII letters, any case) followed by a
    // space, `/` or `>`.
    let script_name = |at: usize| {
        b.len() > at + 6
            && b[at..at + 6].eq_ignore_ascii_case(b"script")
            && (is_space(b[at + 6]) || b[at + 6] == b'/' || b[at + 6] == b'>')
    };
    let mut state = S::Data;
    // Dashes just read in an escaped state (the "dash" and "dash dash" states).
    let mut dashes = 0usize;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if state == S::Data {
            let p = i + memchr::memchr(b'<', &b[i..])?;
            if b.get(p + 1) == Some(&b'/') && script_name(p + 2) {
                return Some(p);
            }
            if b[p + 1..].starts_with(b"!--") {
                state = S::Escaped;
                // "<!--" leaves the tokenizer in the "escaped dash dash" state.
                dashes = 2;
                i = p + 4;
            } else {
                i = p + 1;
            }
            continue;
        }
        match c {
            b'-' => dashes += 1,
            b'>' if dashes >= 2 => {
                state = S::Data;
                dashes = 0;
            }
            b'<' => {
                dashes = 0;
                if state == S::Escaped {
                    if b.get(i + 1) == Some(&b'/') && script_name(i + 2) {
                        return Some(i);
                    }
                    if script_name(i + 1) {
                        state = S::Double;
                        i += 7;
                        continue;
                    }
                } else if b.get(i + 1) == Some(&b'/') && script_name(i + 2) {
                    state = S::Escaped;
                    i += 8;
                    continue;
                }
            }
            _ => dashes = 0,
        }
        i += 1;
    }
    None
}

/// A character reference at `i` (the `&`), decoded into `out` as
/// html5ever's character reference tokenizer does; returns where the input
/// goes on (just after the `&` when nothing is decoded).
fn char_ref(s: &str, i: usize, in_attribute: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    let j = i + 1;
    match b.get(j) {
        Some(c) if c.is_ascii_alphanumeric() => {
            // Named: the longest name in the table (whose prefixes it holds).
            let mut k = j;
            let mut found: Option<((u32, u32), usize)> = None;
            let mut end_char = None;
            while let Some(c) = s[k..].chars().next() {
                let key = &s[j..k + c.len_utf8()];
                k += c.len_utf8();
                match html5ever::data::NAMED_ENTITIES.get(key) {
                    Some(&m) => {
                        if m.0 != 0 {
                            found = Some((m, k));
                        }
                    }
                    None => {
                        end_char = Some(c);
                        break;
                    }
                }
            }
            let _ = end_char;
            let Some(((c1, c2), end)) = found else {
                out.push('&');
                return j;
            };
            let last = b[end - 1];
            let next = (end < k).then(|| b[end]);
            let literal = last != b';'
                && in_attribute
                && next.is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric());
            if literal {
                out.push('&');
                return j;
            }
            out.extend(char::from_u32(c1));
            if c2 != 0 {
                out.extend(char::from_u32(c2));
            }
            end
        }
        Some(b'#') => {
            let mut k = j + 1;
            let base = if matches!(b.get(k), Some(b'x' | b'X')) {
                k += 1;
                16
            } else {
                10
            };
            let digits = k;
            let mut num: u32 = 0;
            let mut too_big = false;
            while let Some(d) = b.get(k).and_then(|c| (*c as char).to_digit(base)) {
                num = num.wrapping_mul(base);
                if num > 0x10FFFF {
                    too_big = true;
                }
                num = num.wrapping_add(d);
                k += 1;
            }
            if k == digits {
                out.push('&');
                return j;
            }
            if b.get(k) == Some(&b';') {
                k += 1;
            }
            let c = match num {
                n if n > 0x10FFFF || too_big => '\u{fffd}',
                0x00 | 0xD800..=0xDFFF => '\u{fffd}',
                0x80..=0x9F => html5ever::data::C1_REPLACEMENTS[(num - 0x80) as usize]
                    .unwrap_or_else(|| char::from_u32(num).unwrap_or('\u{fffd}')),
                n => char::from_u32(n).unwrap_or('\u{fffd}'),
            };
            out.push(c);
            k
        }
        _ => {
            out.push('&');
            j
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both parses, serialised.
    fn both(html: &str) -> (Option<String>, String) {
        let fast = fast_parse(html).map(|d| d.html());
        let slow = Html::parse_document(html).html();
        (fast, slow)
    }

    #[test]
    fn the_fast_tokenizer_builds_html5evers_tree() {
        let cases = [
            "<!DOCTYPE html><html lang=en><head><title>A &amp; B</title></head><body><p class=x>Hi</p></body></html>",
            "<p>a &copy 2020 &notit; &notin; &amp &#39; &#x27 &#128; &#0; &#xD800; &#99999999; &# &#x; & b</p>",
            "<a href=\"/x?a=1&b=2&copy=3&copy;&amp=\">x</a><a href='&notit'>y</a><a title=&amp>z</a>",
            "<div a=1 A=2 b c = 'd' e=\"f\"g=h/><span/ x>t</span><br/></div>",
            "<table><tr><td>x</td>text<!-- c --> more</tr></table>",
            "<p>x<!-->y<!--->z<!---->w<!-- a -- b --!> c<!-- <!-- d --></p>",
            "<textarea>\n<b>&amp;</b></textarea><pre>\n\nx</pre><title>T</title>",
            "<style>p{}</style><script type=\"application/ld+json\">{\"a\":\"</scripx>\"}</script ><noscript><p>n</p></noscript>",
            "<svg><title>s</title><foreignObject><p>f</p></foreignObject></svg><math><mi>x</mi></math>",
            "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\"><table><p>q</table>",
            "<!DOCTYPE html SYSTEM 'about:legacy-compat'><p>x",
            "<? php ?><! bogus><p>a < b <3 </ x> </> <a\u{e9}>\u{e9}</p>",
            "\u{feff}<P CLASS=Big>Up</P><DIV ID=\"x\"></DIV>",
            "<p>a\r\nb\rc</p>",
            "<iframe><p>i</p></iframe><xmp><b></xmp><noembed>x</noembed>",
            "<ul><li>a<li>b</ul><p><div>c</div><form><form></form>",
            "<a href=x>one<a href=y>two</a>",
            "<body><p>1</p></body><p>after</p></html><!-- end -->",
            "<script>a<!--<script>x</script>y</script>z</p>",
            "<script>a<!-- b --> </script><p>c</p>",
            "<script><!--<script>x--></script><p>d</p>",
            "<script><!--<SCRIPT >x</Script/>y</script><p>e</p>",
            "<script><!-- <scriptx> </script><p>f</p>",
            "<script><!--> </script><p>g</p><script><!---> </script><p>h</p>",
            "<script>x<!-- -- > </script><p>i</p>",
            "<svg><![CDATA[x]]]><p>y</p>]]></svg><p><![CDATA[z]]></p>",
        ];
        for html in cases {
            let (fast, slow) = both(html);
            if let Some(fast) = fast {
                assert_eq!(fast, slow, "{html}");
            }
        }
        // The common forms take the fast path.
        for html in cases[..6].iter().chain(&cases[cases.len() - 8..]) {
            assert!(fast_parse(html).is_some(), "{html}");
        }
    }

    #[test]
    fn cutting_as_it_goes_builds_the_tree_of_the_cut_page() {
        let cases = [
            "<p>a</p><script>var x = '<div>';</script><style>p{}</style><p>b</p>",
            r#"<script type="application/ld+json">{"datePublished":"2020-01-01"}</script>"#,
            r#"<script TYPE='Application/LD+JSON'>{}</script><script type="text/javascript">x</script>"#,
            r#"<script type="application&#47;ld+json">{}</script><script type=module>y</script>"#,
            "<SCRIPT>x</Script >y<script>a</scripts>b</script>c",
            r#"<a title="<script>">x</a><!-- <script> --><textarea><script></textarea><title><style></title>"#,
            "<svg><style>s{}</style><script>s</script></svg><math><style>m</style></math>",
            r#"<div title="a>b"><script>z</script></div>"#,
            r#"<img src="a.jpg" srcset="a 1x, b 2x" data-x='y' alt=z loading><p class=c onclick="f()">t</p>"#,
            "<path/d=M0><font color=red>x</font><FONT Face=Arial SIZE=2>y</FONT>",
            r#"<a href="/x" style="color:red"><a href="/" style="display: none"><link href="/c">"#,
            r#"<a HREF="/x?a=1&amp;b=2" data-src="&copy;"><a href=x href=/>two hrefs</a>"#,
            r#"<iframe src="f.html"></iframe><img src="i.jpg"><image src=j.png>"#,
            r#"<div data-a="1"data-b="2" id=x data-c=3/>"#,
            "<template shadowrootmode=open><p>s</p></template><input type=hidden data-v=1>",
            "<script>a<!-- b --> </script><p>c</p><noscript><p>n</p></noscript><style></style>",
        ];
        for html in cases {
            let cut = fast_parse_with(html, Parts::Read).map(|d| d.html());
            let reference = parse_document(&crate::rawtext::strip_script_and_style(html)).html();
            assert_eq!(cut.as_deref(), Some(reference.as_str()), "{html}");
        }
        // Where the pre-pass cannot be sure (where a script ends; whether a
        // `<p>` has ended SVG content), the tokenizer, which follows the
        // tree builder, knows and goes on cutting.
        for (page, cut) in [
            (
                "<script><!-- <script>x</script> --></script><p>a</p><style>s</style>",
                "<script></script><p>a</p><style></style>",
            ),
            (
                "<svg><style>s{}</style><p>out</p><script>s</script>",
                "<svg><style>s{}</style><p>out</p><script></script>",
            ),
        ] {
            assert_eq!(parse_read_parts(page).html(), parse_document(cut).html());
        }
    }

    #[test]
    fn pages_it_cannot_be_sure_of_go_to_html5ever() {
        for html in [
            "<p>a\0b</p>",
            "<p class=\"x",
            "<p><!-- open",
            "<!DOCTYPE>",
            "<plaintext><p>x",
        ] {
            assert!(fast_parse(html).is_none(), "{html}");
            // And the page is still parsed.
            let _ = parse_document(html);
        }
    }
}
