//! A full dump of a parsed document, for checking that two parses built the
//! same tree: every node's kind, element names with their namespace and
//! prefix, attributes in their order (with namespaces), text, comments, the
//! doctype, template contents and the quirks mode. `Html::html()` leaves some
//! of this out (namespaces, the quirks mode, separate adjacent text nodes),
//! so the fast tokenizer's differential fuzz target and its regression tests
//! compare these dumps instead.

use scraper::{Html, Node};
use std::fmt::Write;

/// The document as indented lines, one node (or attribute) a line.
pub fn dump(doc: &Html) -> String {
    let mut out = format!("quirks: {:?}\n", doc.quirks_mode);
    let root = doc.tree.root();
    for edge in root.traverse() {
        let ego_tree::iter::Edge::Open(node) = edge else {
            continue;
        };
        let depth = node.ancestors().count();
        let pad = "  ".repeat(depth);
        match node.value() {
            Node::Document => out.push_str("#document\n"),
            Node::Fragment => {
                let _ = writeln!(out, "{pad}#fragment");
            }
            Node::Doctype(d) => {
                let _ = writeln!(
                    out,
                    "{pad}<!DOCTYPE {:?} {:?} {:?}>",
                    &*d.name, &*d.public_id, &*d.system_id
                );
            }
            Node::Comment(c) => {
                let _ = writeln!(out, "{pad}<!-- {:?} -->", &*c.comment);
            }
            Node::Text(t) => {
                let _ = writeln!(out, "{pad}{:?}", &*t.text);
            }
            Node::Element(e) => {
                let n = &e.name;
                let _ = writeln!(
                    out,
                    "{pad}<{{{}}}{:?}:{}>",
                    &*n.ns,
                    n.prefix.as_deref(),
                    &*n.local
                );
                for (name, value) in &e.attrs {
                    let _ = writeln!(
                        out,
                        "{pad}  @{{{}}}{:?}:{}={:?}",
                        &*name.ns,
                        name.prefix.as_deref(),
                        &*name.local,
                        &**value
                    );
                }
            }
            Node::ProcessingInstruction(p) => {
                let _ = writeln!(out, "{pad}<?{:?} {:?}>", &*p.target, &*p.data);
            }
        }
    }
    out
}

/// The fast tokenizer's tree and html5ever's, dumped, when the fast tokenizer
/// takes the page and the two differ; `None` when they agree or it gives up.
pub fn fast_divergence(html: &str) -> Option<(String, String)> {
    let fast = dump(&crate::fasttok::fast_parse(html)?);
    let slow = dump(&Html::parse_document(html));
    (fast != slow).then_some((fast, slow))
}
