//! Entity evaluation on a hand-annotated gold set of surface forms
//! (`corpus/eval/entities.gold.jsonl`): which real-world thing each written
//! form names, its type, and whether the form is ambiguous in the corpus.
//!
//! The engine's side is the annotate stage and store-wide alias resolution
//! run in memory over the gold's collections (no store): every article is
//! annotated, the name graph is built as the store builds it (a surname
//! linked in its article counts for the full name; stated aliases are
//! links) and [`cluster`] makes the entities. Each occurrence of a gold form
//! in the text (case-sensitive, whole words, longest form first) is one
//! item: its gold entity is the form's, its predicted entity the engine
//! entity of the mention that covers it, or, when no mention does, the
//! form's own "not found" cluster. Scores are mention-weighted B-cubed
//! precision, recall and F1, type accuracy over found occurrences, gold
//! entities split over several engine entities, and engine entities that
//! merge several gold entities; per split part (`tune`, `report`) and
//! overall.

use crate::metrics::{cluster_scores, f1};
use crate::t17::T17Article;
use crate::EvalError;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use storyline_model::annotation::SURNAME_RULE;
use storyline_model::{EntityKind, NameLink};
use storyline_pipeline::annotate::annotate;
use storyline_pipeline::annotate::resolve::{cluster, NameTally};

/// One gold surface form: a line of the gold JSON Lines file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldForm {
    /// The form as written in the articles ("Gadhafi", "Col. Gaddafi").
    pub form: String,
    /// The annotator's stable key of the thing it names (`muammar_gaddafi`).
    pub entity: String,
    /// `person`, `organisation`, `place` or `other`.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The form names different things in this corpus: its occurrences
    /// count only in the listed `articles`, where it names `entity`.
    pub ambiguous: bool,
    /// The part of the gold set: `tune` or `report`.
    pub split: String,
    /// Collections (Timeline17 set names, e.g. `bpoil_bbc`) where the form
    /// was annotated: its occurrences there count.
    pub collections: Vec<String>,
    /// Articles (ids) where the annotator read the form in this sense.
    pub articles: Vec<String>,
}

/// Reads a gold file (JSON Lines, one [`GoldForm`] a line, blank lines and
/// `#` lines skipped). Every error names the file and the line.
pub fn read_gold(path: &Path, text: &str) -> Result<Vec<GoldForm>, EvalError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let g: GoldForm = crate::parse_json_line(path, n + 1, t)?;
        let bad = |reason: &str| EvalError::format(path, n + 1, reason);
        if g.form.trim().is_empty() || g.entity.trim().is_empty() || g.split.trim().is_empty() {
            return Err(bad("form, entity and split must not be empty"));
        }
        if g.collections.is_empty() {
            return Err(bad("a form needs at least one collection"));
        }
        if g.ambiguous && g.articles.is_empty() {
            return Err(bad("an ambiguous form needs the articles of its sense"));
        }
        out.push(g);
    }
    Ok(out)
}

/// The collections a gold set names, in order.
pub fn gold_collections(gold: &[GoldForm]) -> BTreeSet<String> {
    gold.iter()
        .flat_map(|g| g.collections.iter().cloned())
        .collect()
}

/// An entity the engine made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineEntity {
    /// Its canonical name.
    pub canonical: String,
    /// Its type.
    pub kind: EntityKind,
}

/// A mention the engine found: byte span and index into the entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineMention {
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Index of its entity.
    pub entity: usize,
}

/// One article with the engine's mentions.
#[derive(Debug, Clone)]
pub struct EngineDoc {
    /// The collection (set name) it came from.
    pub collection: String,
    /// The article's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// The engine's mentions in it.
    pub mentions: Vec<EngineMention>,
}

/// Annotates the articles (in parallel) and resolves their names into
/// entities as the store does, without a store.
pub fn resolve_in_memory(
    articles: Vec<(String, T17Article)>,
) -> (Vec<EngineEntity>, Vec<EngineDoc>) {
    let annotated: Vec<_> = articles
        .into_par_iter()
        .map(|(set, a)| {
            let date = a
                .published
                .as_deref()
                .and_then(storyline_pipeline::dates::parse_machine_date);
            let ann = annotate(&a.text, date);
            (set, a, ann)
        })
        .collect();
    // The name graph, as the store's `name_graph` reads it from its rows.
    let mut nodes = NameTally::default();
    let mut links = BTreeSet::new();
    let mut node_keys: Vec<Vec<String>> = Vec::with_capacity(annotated.len());
    for (_, _, ann) in &annotated {
        let mut keys = Vec::with_capacity(ann.mentions.len());
        for m in &ann.mentions {
            let target = m.alias_of.and_then(|t| ann.mentions.get(t));
            let node = match target {
                Some(t) if m.provenance.rule == SURNAME_RULE => t.key.clone(),
                _ => m.key.clone(),
            };
            if let Some(t) = target.filter(|t| m.provenance.rule != SURNAME_RULE && t.key != m.key)
            {
                let (a, b) = if m.key < t.key {
                    (m.key.clone(), t.key.clone())
                } else {
                    (t.key.clone(), m.key.clone())
                };
                links.insert(NameLink { a, b });
            }
            nodes.add(
                node.clone(),
                &m.key,
                m.text.clone(),
                m.kind,
                m.provenance.confidence.into(),
            );
            keys.push(node);
        }
        node_keys.push(keys);
    }
    let nodes = nodes.finish();
    let links: Vec<NameLink> = links.into_iter().collect();
    let clusters = cluster(&nodes, &links, &[]);
    let mut entity_of_key: HashMap<&str, usize> = HashMap::new();
    let entities: Vec<EngineEntity> = clusters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            for k in &c.keys {
                entity_of_key.insert(k.as_str(), i);
            }
            EngineEntity {
                canonical: c.canonical.clone(),
                kind: c.kind,
            }
        })
        .collect();
    let docs = annotated
        .into_iter()
        .zip(node_keys)
        .map(|((set, a, ann), keys)| {
            let mentions = ann
                .mentions
                .iter()
                .zip(&keys)
                .filter_map(|(m, k)| {
                    let (start, end) = m.provenance.span?;
                    Some(EngineMention {
                        start,
                        end,
                        entity: *entity_of_key.get(k.as_str())?,
                    })
                })
                .collect();
            EngineDoc {
                collection: set,
                id: a.id,
                text: a.text,
                mentions,
            }
        })
        .collect();
    (entities, docs)
}

/// Scores of one part of the gold set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartScores {
    /// `tune`, `report` or `all`.
    pub part: String,
    /// Gold forms (lines) of the part.
    pub forms: usize,
    /// Distinct gold entities of the part.
    pub entities: usize,
    /// Occurrences of the gold forms in the text (the items).
    pub occurrences: usize,
    /// Occurrences covered by an engine mention.
    pub found: usize,
    /// Gold forms with no occurrence covered by an engine mention.
    pub forms_not_found: Vec<String>,
    /// B-cubed precision, weighted by occurrences.
    pub b3_precision: f64,
    /// B-cubed recall, weighted by occurrences.
    pub b3_recall: f64,
    /// B-cubed F1.
    pub b3_f1: f64,
    /// Share of found occurrences whose engine entity has the gold type.
    pub type_accuracy: f64,
    /// Gold entities (their non-ambiguous forms) spread over several engine
    /// entities, most occurrences outside the largest piece first.
    pub splits: Vec<Split>,
    /// Engine entities holding occurrences of several gold entities, most
    /// occurrences of other gold entities than the main one first.
    pub over_merges: Vec<OverMerge>,
}

/// A gold entity whose occurrences the engine put in several entities.
#[derive(Debug, Clone, Serialize)]
pub struct Split {
    /// The gold entity's key.
    pub entity: String,
    /// Engine entity (canonical name, type) and occurrences, most first.
    pub pieces: Vec<Piece>,
}

/// A share of occurrences in one engine entity.
#[derive(Debug, Clone, Serialize)]
pub struct Piece {
    /// The engine entity's canonical name.
    pub name: String,
    /// Its type.
    pub kind: EntityKind,
    /// Occurrences of the gold entity in it.
    pub occurrences: usize,
}

/// An engine entity holding several gold entities.
#[derive(Debug, Clone, Serialize)]
pub struct OverMerge {
    /// The engine entity's canonical name.
    pub engine: String,
    /// Its type.
    pub kind: EntityKind,
    /// Gold entity and occurrences, most first.
    pub gold: Vec<(String, usize)>,
}

/// The entity evaluation's report.
#[derive(Debug, Clone, Serialize)]
pub struct EntityReport {
    /// The collections scored.
    pub collections: Vec<String>,
    /// Articles annotated.
    pub articles: usize,
    /// Entities the engine made of them.
    pub engine_entities: usize,
    /// Per part (in name order), then `all`.
    pub parts: Vec<PartScores>,
}

/// One gold-form occurrence: gold line index and the engine entity of the
/// covering mention.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    gold: usize,
    engine: Option<usize>,
}

/// Whether `text[start..end]` stands as whole words.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    (!is_word(first) || !is_word(before)) && (!is_word(last) || !is_word(after))
}

/// The occurrences of the gold forms that apply to `doc`, leftmost-longest
/// and not overlapping, each with the engine entity of the mention that
/// overlaps it most.
fn occurrences(gold: &[GoldForm], doc: &EngineDoc) -> Vec<Occurrence> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if !g.collections.contains(&doc.collection)
            || (g.ambiguous && !g.articles.contains(&doc.id))
        {
            continue;
        }
        for (s, m) in doc.text.match_indices(g.form.as_str()) {
            let e = s + m.len();
            if whole_word(&doc.text, s, e) {
                found.push((s, e, i));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut out = Vec::new();
    let mut covered_to = 0;
    for (s, e, i) in found {
        if s < covered_to {
            continue;
        }
        covered_to = e;
        let engine = doc
            .mentions
            .iter()
            .map(|m| (m.start.max(s) as isize - m.end.min(e) as isize, m.entity))
            .filter(|(neg_overlap, _)| *neg_overlap < 0)
            .min_by_key(|(neg_overlap, _)| *neg_overlap)
            .map(|(_, entity)| entity);
        out.push(Occurrence { gold: i, engine });
    }
    out
}

/// Scores the engine's entities against the gold forms.
pub fn score(gold: &[GoldForm], entities: &[EngineEntity], docs: &[EngineDoc]) -> EntityReport {
    let occ: Vec<Occurrence> = docs.iter().flat_map(|d| occurrences(gold, d)).collect();
    let parts: BTreeSet<&str> = gold.iter().map(|g| g.split.as_str()).collect();
    let mut out: Vec<PartScores> = parts
        .iter()
        .map(|p| part_scores(p, gold, entities, &occ, |g| g.split == *p))
        .collect();
    out.push(part_scores("all", gold, entities, &occ, |_| true));
    EntityReport {
        collections: gold_collections(gold).into_iter().collect(),
        articles: docs.len(),
        engine_entities: entities.len(),
        parts: out,
    }
}

fn part_scores(
    part: &str,
    gold: &[GoldForm],
    entities: &[EngineEntity],
    occ: &[Occurrence],
    keep: impl Fn(&GoldForm) -> bool,
) -> PartScores {
    let in_part: Vec<&Occurrence> = occ.iter().filter(|o| keep(&gold[o.gold])).collect();
    // Predicted clusters: engine entity i is `i`, a form's not-found
    // cluster is `entities.len() + its first gold line`.
    let first_line: HashMap<&str, usize> = gold
        .iter()
        .enumerate()
        .rev()
        .map(|(i, g)| (g.form.as_str(), i))
        .collect();
    let items: Vec<(u64, &str)> = in_part
        .iter()
        .map(|o| {
            let g = &gold[o.gold];
            let p = o
                .engine
                .unwrap_or(entities.len() + first_line[g.form.as_str()]);
            (p as u64, g.entity.as_str())
        })
        .collect();
    let scores = if items.is_empty() {
        Default::default()
    } else {
        cluster_scores(&items)
    };
    let found: Vec<&&Occurrence> = in_part.iter().filter(|o| o.engine.is_some()).collect();
    let typed = found
        .iter()
        .filter(|o| {
            o.engine
                .is_some_and(|e| entities[e].kind == gold[o.gold].kind)
        })
        .count();
    let forms: Vec<&GoldForm> = gold.iter().filter(|g| keep(g)).collect();
    let found_forms: BTreeSet<usize> = found.iter().map(|o| o.gold).collect();
    let mut forms_not_found: Vec<String> = gold
        .iter()
        .enumerate()
        .filter(|(i, g)| keep(g) && !found_forms.contains(i))
        .map(|(_, g)| g.form.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // A form found somewhere (under another line) is not "not found".
    let found_texts: BTreeSet<&str> = found_forms.iter().map(|&i| gold[i].form.as_str()).collect();
    forms_not_found.retain(|f| !found_texts.contains(f.as_str()));
    let mut per_gold: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    let mut per_engine: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    for o in &found {
        let (g, e) = (&gold[o.gold], o.engine.unwrap_or_default());
        *per_engine
            .entry(e)
            .or_default()
            .entry(g.entity.as_str())
            .or_default() += 1;
        if !g.ambiguous {
            *per_gold
                .entry(g.entity.as_str())
                .or_default()
                .entry(e)
                .or_default() += 1;
        }
    }
    let mut splits: Vec<Split> = per_gold
        .into_iter()
        .filter(|(_, pieces)| pieces.len() > 1)
        .map(|(entity, pieces)| {
            let mut pieces: Vec<Piece> = pieces
                .into_iter()
                .map(|(e, n)| Piece {
                    name: entities[e].canonical.clone(),
                    kind: entities[e].kind,
                    occurrences: n,
                })
                .collect();
            pieces.sort_by(|a, b| b.occurrences.cmp(&a.occurrences).then(a.name.cmp(&b.name)));
            Split {
                entity: entity.to_string(),
                pieces,
            }
        })
        .collect();
    // Worst first: most occurrences outside the largest piece.
    splits.sort_by_key(|s| {
        let outside: usize = s.pieces.iter().skip(1).map(|p| p.occurrences).sum();
        (std::cmp::Reverse(outside), s.entity.clone())
    });
    let mut over_merges: Vec<OverMerge> = per_engine
        .into_iter()
        .filter(|(_, golds)| golds.len() > 1)
        .map(|(e, golds)| {
            let mut gold: Vec<(String, usize)> =
                golds.into_iter().map(|(g, n)| (g.to_string(), n)).collect();
            gold.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            OverMerge {
                engine: entities[e].canonical.clone(),
                kind: entities[e].kind,
                gold,
            }
        })
        .collect();
    // Worst first: most occurrences of other gold entities than the main one.
    over_merges.sort_by_key(|m| {
        let others: usize = m.gold.iter().skip(1).map(|g| g.1).sum();
        (std::cmp::Reverse(others), m.engine.clone())
    });
    PartScores {
        part: part.to_string(),
        forms: forms.len(),
        entities: forms
            .iter()
            .map(|g| g.entity.as_str())
            .collect::<BTreeSet<_>>()
            .len(),
        occurrences: in_part.len(),
        found: found.len(),
        forms_not_found,
        b3_precision: scores.b3_p,
        b3_recall: scores.b3_r,
        b3_f1: f1(scores.b3_p, scores.b3_r),
        type_accuracy: if found.is_empty() {
            0.0
        } else {
            typed as f64 / found.len() as f64
        },
        splits,
        over_merges,
    }
}

/// Reads the gold's collections from a Timeline17 folder, resolves them in
/// memory and scores them. A collection the folder lacks is an error.
pub fn run(gold: &[GoldForm], dir: &Path) -> Result<EntityReport, EvalError> {
    let wanted = gold_collections(gold);
    let sets: BTreeMap<String, std::path::PathBuf> = crate::t17::sets(dir)?.into_iter().collect();
    let mut articles = Vec::new();
    for c in &wanted {
        let Some(path) = sets.get(c) else {
            let missing = dir.join(format!("{c}.articles.jsonl.gz"));
            let why = std::io::Error::new(std::io::ErrorKind::NotFound, "no such collection");
            return Err(EvalError::io(missing, why));
        };
        for a in crate::t17::read_set(path)? {
            articles.push((c.clone(), a));
        }
    }
    let (entities, docs) = resolve_in_memory(articles);
    Ok(score(gold, &entities, &docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(form: &str, entity: &str, kind: EntityKind, split: &str) -> GoldForm {
        GoldForm {
            form: form.into(),
            entity: entity.into(),
            kind,
            ambiguous: false,
            split: split.into(),
            collections: vec!["c".into()],
            articles: vec!["a1".into()],
        }
    }

    fn doc(id: &str, text: &str, mentions: &[(&str, usize)]) -> EngineDoc {
        // Each named mention is placed at the first occurrence of its text.
        let mentions = mentions
            .iter()
            .map(|(t, e)| {
                let start = text.find(t).unwrap();
                EngineMention {
                    start,
                    end: start + t.len(),
                    entity: *e,
                }
            })
            .collect();
        EngineDoc {
            collection: "c".into(),
            id: id.into(),
            text: text.into(),
            mentions,
        }
    }

    fn ent(name: &str, kind: EntityKind) -> EngineEntity {
        EngineEntity {
            canonical: name.into(),
            kind,
        }
    }

    #[test]
    fn a_perfect_engine_scores_one_and_lists_nothing() {
        let gold = vec![
            form("Tony Hayward", "tony_hayward", EntityKind::Person, "report"),
            form("BP", "bp", EntityKind::Organisation, "report"),
        ];
        let entities = vec![
            ent("Tony Hayward", EntityKind::Person),
            ent("BP", EntityKind::Organisation),
        ];
        let d = doc(
            "a1",
            "BP chief Tony Hayward said.",
            &[("BP", 1), ("Tony Hayward", 0)],
        );
        let r = score(&gold, &entities, &[d]);
        let all = r.parts.last().unwrap();
        assert_eq!(all.part, "all");
        assert_eq!((all.occurrences, all.found), (2, 2));
        assert_eq!((all.b3_f1, all.type_accuracy), (1.0, 1.0));
        assert!(all.splits.is_empty() && all.over_merges.is_empty());
    }

    #[test]
    fn spellings_in_two_entities_are_a_split_and_lower_recall_not_precision() {
        let gold = vec![
            form("Gaddafi", "gaddafi", EntityKind::Person, "tune"),
            form("Gadhafi", "gaddafi", EntityKind::Person, "tune"),
        ];
        let entities = vec![
            ent("Gaddafi", EntityKind::Person),
            ent("Gadhafi", EntityKind::Place),
        ];
        let d = doc(
            "a1",
            "Gaddafi spoke. Gadhafi left.",
            &[("Gaddafi", 0), ("Gadhafi", 1)],
        );
        let r = score(&gold, &entities, &[d]);
        let tune = &r.parts[0];
        assert_eq!(tune.part, "tune");
        assert_eq!(tune.b3_precision, 1.0);
        assert_eq!(tune.b3_recall, 0.5);
        assert_eq!(tune.type_accuracy, 0.5);
        assert_eq!(tune.splits.len(), 1);
        assert_eq!(tune.splits[0].entity, "gaddafi");
        assert_eq!(tune.splits[0].pieces.len(), 2);
    }

    #[test]
    fn two_gold_entities_in_one_engine_entity_are_an_over_merge() {
        let gold = vec![
            form("EU", "eu", EntityKind::Organisation, "tune"),
            form("UN", "un", EntityKind::Organisation, "tune"),
        ];
        let entities = vec![ent("EU", EntityKind::Organisation)];
        let d = doc("a1", "The EU and the UN met.", &[("EU", 0), ("UN", 0)]);
        let r = score(&gold, &entities, &[d]);
        let all = r.parts.last().unwrap();
        assert_eq!(all.b3_recall, 1.0);
        assert_eq!(all.b3_precision, 0.5);
        assert_eq!(all.over_merges.len(), 1);
        assert_eq!(all.over_merges[0].gold.len(), 2);
    }

    #[test]
    fn a_form_the_engine_misses_is_its_own_cluster_and_listed() {
        let gold = vec![
            form("Hayward", "tony_hayward", EntityKind::Person, "report"),
            form("Tony Hayward", "tony_hayward", EntityKind::Person, "report"),
        ];
        let entities = vec![ent("Tony Hayward", EntityKind::Person)];
        // "Hayward" alone is inside no mention; the longer form wins its
        // own occurrence.
        let d = doc(
            "a1",
            "Tony Hayward spoke; Hayward left.",
            &[("Tony Hayward", 0)],
        );
        let r = score(&gold, &entities, &[d]);
        let all = r.parts.last().unwrap();
        assert_eq!((all.occurrences, all.found), (2, 1));
        assert_eq!(all.forms_not_found, vec!["Hayward".to_string()]);
        assert_eq!(all.b3_precision, 1.0);
        assert_eq!(all.b3_recall, 0.5);
        assert!(all.splits.is_empty(), "a miss is not a split");
    }

    #[test]
    fn an_ambiguous_form_counts_only_in_the_articles_of_its_sense() {
        let mut bashar = form("Assad", "bashar_assad", EntityKind::Person, "tune");
        bashar.ambiguous = true;
        bashar.articles = vec!["a1".into()];
        let gold = vec![bashar];
        let entities = vec![ent("Assad", EntityKind::Person)];
        let docs = [
            doc("a1", "Assad spoke.", &[("Assad", 0)]),
            doc("a2", "Assad died in 2000.", &[("Assad", 0)]),
        ];
        let r = score(&gold, &entities, &docs);
        assert_eq!(r.parts.last().unwrap().occurrences, 1);
    }

    #[test]
    fn forms_match_whole_words_only() {
        let gold = vec![form("BP", "bp", EntityKind::Organisation, "report")];
        let d = doc("a1", "BPX and BP's rig", &[]);
        let r = score(&gold, &[], &[d]);
        assert_eq!(r.parts.last().unwrap().occurrences, 1);
    }

    #[test]
    fn a_bad_gold_line_names_the_file_and_line() {
        let p = Path::new("gold.jsonl");
        let ok = r#"{"form":"BP","entity":"bp","type":"organisation","ambiguous":false,"split":"report","collections":["bpoil_bbc"],"articles":["x"]}"#;
        assert_eq!(read_gold(p, ok).unwrap().len(), 1);
        let e = read_gold(p, &format!("{ok}\n{{\"form\":1}}")).unwrap_err();
        assert!(e.to_string().starts_with("gold.jsonl:2:"), "{e}");
        let no_sets = ok.replace(r#"["bpoil_bbc"]"#, "[]");
        let e = read_gold(p, &no_sets).unwrap_err();
        assert_eq!(
            e.to_string(),
            "gold.jsonl:1: a form needs at least one collection"
        );
        let bad_type = ok.replace("organisation", "company");
        assert!(read_gold(p, &bad_type).is_err());
    }

    #[test]
    fn the_engine_in_memory_joins_a_surname_to_the_full_name() {
        let a = |id: &str, text: &str| T17Article {
            id: id.into(),
            source: None,
            topic: "t".into(),
            published: Some("2010-06-01".into()),
            text: text.into(),
        };
        let (entities, docs) = resolve_in_memory(vec![(
            "c".into(),
            a("a1", "BP chief executive Tony Hayward said on Monday that the leak would stop. Hayward added that BP would pay."),
        )]);
        let gold = vec![
            form("Tony Hayward", "tony_hayward", EntityKind::Person, "report"),
            form("Hayward", "tony_hayward", EntityKind::Person, "report"),
        ];
        let r = score(&gold, &entities, &docs);
        let all = r.parts.last().unwrap();
        assert_eq!(all.found, 2, "{entities:?}");
        assert_eq!(all.b3_f1, 1.0);
    }
}
