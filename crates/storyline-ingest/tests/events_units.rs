//! Events over the seed articles, through the real ingest path.

mod common;
use common::seeded_data_dir;

/// Regression: events counted two wire copies (one agency story run by two
/// sites) as two independent sources because clustering never saw the
/// stored syndication groups.
#[test]
fn syndicated_copies_count_as_one_source_in_their_event() {
    let (_tmp, dir) = seeded_data_dir();
    let store = dir.store();
    let groups = store.list_groups(None).unwrap();
    let copies = groups
        .iter()
        .find(|g| g.members.len() == 2)
        .expect("the seeds hold one pair of wire copies");
    let a = &copies.members[0].id;
    let b = &copies.members[1].id;
    let event = store.event_of(a).unwrap().expect("copy in an event");
    assert_eq!(store.event_of(b).unwrap(), Some(event));
    let e = store
        .list_events()
        .unwrap()
        .into_iter()
        .find(|e| e.id == event)
        .unwrap();
    let unit = |id| &e.members.iter().find(|m| &m.article == id).unwrap().unit;
    assert_eq!(unit(a), unit(b), "copies share one unit");
    let units: std::collections::HashSet<&String> = e.members.iter().map(|m| &m.unit).collect();
    assert_eq!(e.independent_sources, units.len());
    assert!(e.independent_sources < e.members.len(), "{e:?}");

    // The timeline selection the CLI and the server share finds it by name.
    let sel = storyline_ingest::select_events(store, "close ranks").unwrap();
    assert_eq!(sel.events.len(), 1);
    assert_eq!(sel.events[0].id, event);
    let story = storyline_ingest::select_events(store, &format!("story:{}", e.story)).unwrap();
    assert!(story.story.is_some());
    assert!(story.events.iter().any(|x| x.id == event));
}
