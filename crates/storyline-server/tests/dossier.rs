//! `GET /api/dossier`: the dossier `storyline export dossier` writes, as a
//! download from a real server over the seed articles.

mod common;

use common::*;

fn download(base: &str, path: &str) -> (u16, Option<String>, Option<String>, String) {
    let r = response(agent().get(&format!("{base}{path}")).call());
    let status = r.status();
    let ctype = r.header("content-type").map(str::to_string);
    let disposition = r.header("content-disposition").map(str::to_string);
    (status, ctype, disposition, r.into_string().unwrap())
}

#[test]
fn the_dossier_downloads_as_markdown_or_html_linking_to_this_server() {
    let s = serve_seeds(|_| {});
    let (st, ctype, disp, md) = download(&s.base, "/api/dossier?q=Jolani");
    assert_eq!(st, 200, "{md}");
    assert_eq!(ctype.as_deref(), Some("text/markdown; charset=utf-8"));
    assert_eq!(disp.as_deref(), Some("attachment; filename=\"dossier.md\""));
    assert!(
        md.contains("## Timeline") && md.contains("## Quote bank"),
        "{md}"
    );
    // Sources without a URL link to their page on the server asked.
    assert!(
        md.contains(&format!("(<http://{}/articles/", s.addr)),
        "{md}"
    );

    let (st, ctype, disp, html) = download(&s.base, "/api/dossier?q=Jolani&format=html");
    assert_eq!(st, 200);
    assert_eq!(ctype.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(
        disp.as_deref(),
        Some("attachment; filename=\"dossier.html\"")
    );
    assert!(html.contains("<style>") && html.contains("@media print"));

    // The entity page links to it.
    let (_, e) = get(&s.base, "/api/entities/Jolani");
    let page = response(
        agent()
            .get(&format!(
                "{}/entities/{}",
                s.base,
                e["id"].as_str().unwrap()
            ))
            .call(),
    )
    .into_string()
    .unwrap();
    assert!(page.contains("href=\"/api/dossier?q="), "{page}");
}

#[test]
fn a_dossier_of_nothing_is_a_404_and_a_bad_format_a_400() {
    let s = serve_seeds(|_| {});
    assert_eq!(get(&s.base, "/api/dossier?q=Zzyzx+Qwerty").0, 404);
    assert_eq!(get(&s.base, "/api/dossier?q=Jolani&format=pdf").0, 400);
    assert_eq!(get(&s.base, "/api/dossier").0, 400);
}
