#![no_main]
//! Arbitrary names (one per line of the input) through name keys, name
//! comparison and alias resolution: no panic, and every key in at most one
//! entity.

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use storyline_model::{NameLink, NameNode};
use storyline_pipeline::annotate::names::{name_key, relate};
use storyline_pipeline::annotate::resolve::cluster;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let names: Vec<&str> = text.lines().take(64).collect();
    let mut nodes = Vec::new();
    let mut seen = HashSet::new();
    for (i, n) in names.iter().enumerate() {
        let key = name_key(n);
        if !key.is_empty() && seen.insert(key.clone()) {
            let mut votes = [0.0; 4];
            votes[i % 4] = 1.0;
            nodes.push(NameNode {
                key,
                text: n.to_string(),
                mentions: 1 + i as u64,
                votes,
            });
        }
    }
    let mut links = Vec::new();
    for pair in names.windows(2) {
        let _ = relate(pair[0], pair[1]);
        if pair[0].len() % 3 == 0 {
            links.push(NameLink {
                a: name_key(pair[0]),
                b: name_key(pair[1]),
            });
        }
    }
    let mut placed = HashSet::new();
    for e in cluster(&nodes, &links, &[]) {
        for k in e.keys {
            assert!(placed.insert(k), "a key in two entities");
        }
    }
});
