//! A full dump of a parsed document, for checking that two parses built the
//! same tree: every node's kind, element names with their namespace and
//! prefix, attributes (with namespaces, in the order scraper keeps them: it
//! sorts each element's attributes by name, so the order in the page is not
//! part of the tree), text, comments, the doctype, template contents and the
//! quirks mode. `Html::html()` leaves some
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dump_tells_apart_what_html_serialisation_hides() {
        let d = |h: &str| dump(&Html::parse_document(h));
        // Namespaces: an SVG <title> is not an HTML one.
        assert_ne!(
            d("<svg><title>x</title></svg>"),
            d("<svg></svg><title>x</title>")
        );
        assert!(d("<svg><title>x</title></svg>").contains("{http://www.w3.org/2000/svg}None:title"));
        // Attribute values (the first of duplicates wins), the doctype's
        // identifiers and the quirks mode.
        assert_ne!(d("<p a=1 a=2>"), d("<p a=2>"));
        assert_ne!(d("<!DOCTYPE html><p>"), d("<!DOCTYPE html SYSTEM 'x'><p>"));
        assert!(d("<p>").starts_with("quirks: Quirks"));
        assert!(d("<!DOCTYPE html><p>").starts_with("quirks: NoQuirks"));
        // The same page, the same dump.
        assert_eq!(d("<p a=1>x<!--c--></p>"), d("<p a=1>x<!--c--></p>"));
    }
}
