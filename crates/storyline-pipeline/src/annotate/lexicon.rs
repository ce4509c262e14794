//! Word lists the annotate stage uses: function words, titles and roles,
//! organisation and place words, speech verbs, and a small gazetteer of
//! countries and capitals. General English and news vocabulary only.

/// Arabic definite articles in Latin spelling ("al", "el", assimilated "ash"), the head of a hyphenated name particle like "al-Jolani".
pub const ARABIC_ARTICLES: &[&str] = &[
    "al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "adh", "ath", "ul",
];

/// Lower-case words that may stand between the capitalised parts of one name ("Bank of England", "Osama bin Laden").
pub const NAME_CONNECTORS: &[&str] = &["of", "for", "the", "de", "al", "bin", "ibn"];

/// Particles that make a name a person's: kunya and nasab.
pub const PERSON_PARTICLES: &[&str] = &["abu", "abou", "umm", "bin", "ibn", "bint", "ben"];

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "of",
    "for",
    "but",
    "and",
    "or",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "since",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "some",
    "many",
    "most",
    "all",
    "no",
    "not",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "with",
    "without",
    "by",
    "from",
    "to",
    "into",
    "during",
    "under",
    "over",
    "about",
    "against",
    "among",
    "between",
    "also",
    "however",
    "meanwhile",
    "then",
    "so",
    "yet",
    "still",
    "just",
    "only",
    "even",
    "more",
    "according",
    "despite",
    "although",
    "though",
    "because",
    "until",
    "once",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "last",
    "next",
    "every",
    "each",
    "both",
    "other",
    "another",
    "such",
    "one",
    "two",
    "three",
    "read",
    "also",
    "mr",
    "mrs",
    "ms",
    "photo",
    "image",
    "source",
    "update",
    "updated",
    "video",
    "watch",
    "search",
    "share",
    "do",
    "let",
    "should",
    "would",
    "could",
    "will",
    "can",
    "may",
    "must",
    "is",
    "are",
    "was",
    "were",
    "be",
    "has",
    "have",
    "had",
    "my",
    "your",
    "us",
    "them",
    "him",
    "me",
    "any",
    "few",
    "several",
    "analysts",
    "rebels",
    "officials",
    "police",
    "residents",
    "activists",
    "witnesses",
    "forces",
    "troops",
    "opposition",
    "regime",
    "government",
    "state",
    "several",
    "those",
    "thousands",
    "hundreds",
    "dozens",
    "millions",
    "yes",
    "oh",
    "well",
    "like",
    "please",
    "thank",
    "thanks",
    "dear",
    "sir",
    "madam",
    "just",
    "again",
    "first",
    "second",
    "new",
    // Prepositions, conjunctions and adverbs that open sentences ("Unlike
    // Gaddafi, ...", "Except the Muslim Brotherhood", "Does Israel ...").
    "unlike",
    "besides",
    "except",
    "whereas",
    "behind",
    "outside",
    "inside",
    "neither",
    "nor",
    "either",
    "maybe",
    "perhaps",
    "does",
    "did",
    "amid",
    "amidst",
    "beyond",
    "within",
    "toward",
    "towards",
    "upon",
    "unless",
    "whether",
    "instead",
    "throughout",
    "across",
    "regarding",
    "including",
    "concerning",
    "via",
];

/// True when `w` (any case, a trailing period or apostrophe ignored) is a function word, English or Cyrillic, that is never a name by itself.
pub fn is_stopword(w: &str) -> bool {
    let l = w.trim_end_matches(['.', '\'', '’']).to_lowercase();
    in_english_or_cyrillic(&l, STOPWORDS, CYRILLIC_STOPWORDS) || is_contraction(&l)
}

/// True when the lowercase word `l` is in the English list, or, when it is
/// not ASCII, in the Cyrillic one.
fn in_english_or_cyrillic(l: &str, english: &[&str], cyrillic: &[&str]) -> bool {
    english.contains(&l) || (!l.is_ascii() && cyrillic.contains(&l))
}

/// Words a contraction joins to a pronoun or function word ("I'm", "We're",
/// "That's", "Let's"), besides the stop words.
const CONTRACTED: &[&str] = &[
    "that", "there", "here", "let", "what", "who", "where", "how",
];

/// True for an English contraction, lower case: a pronoun or function word
/// with 'm, 'd, 've, 'll, 're or 's ("I'm", "it's", "let's"), or a verb
/// with n't ("don't"). A name's possessive ("Obama's") is not one.
fn is_contraction(l: &str) -> bool {
    let Some((head, tail)) = l.split_once(['\'', '’']) else {
        return false;
    };
    match tail {
        "m" | "d" | "ve" | "ll" | "re" | "s" => {
            STOPWORDS.contains(&head) || CONTRACTED.contains(&head)
        }
        "t" => head.ends_with('n'),
        _ => false,
    }
}

/// Calendar words that are neither a month nor a weekday (those come from
/// `dates::month_number` and `dates::weekday_from_name`).
const CALENDAR: &[&str] = &[
    "christmas",
    "easter",
    "ramadan",
    "eid",
    "gmt",
    "utc",
    "am",
    "pm",
];

/// True when `w` (any case) is a month, weekday, holiday, time-zone or clock word, or all digits: capitalised but not a name.
pub fn is_calendar_word(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    crate::dates::month_number(&l).is_some()
        || crate::dates::weekday_from_name(&l).is_some()
        || CALENDAR.contains(&l.as_str())
        || l.chars().all(|c| c.is_ascii_digit())
}

/// Titles and roles that precede a person's name.
const PERSON_TITLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "general",
    "gen",
    "chief",
    "commander",
    "leader",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "shaikh",
    "sheik",
    "king",
    "prince",
    "princess",
    "queen",
    "emir",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "judge",
    "justice",
    "colonel",
    "col",
    "major",
    "maj",
    "lt",
    "lieutenant",
    "captain",
    "capt",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "head",
    "deputy",
    "vice",
    "former",
    "premier",
    "chancellor",
    "pope",
    "cardinal",
    "bishop",
    "imam",
    "ayatollah",
    "mullah",
    "rabbi",
    "father",
    "sergeant",
    "sgt",
    "admiral",
    "adm",
    "commandant",
    "marshal",
    "officer",
    "official",
    "founder",
    "ceo",
    "candidate",
    "nominee",
    "professor",
    "prof",
    "activist",
    "analyst",
    "lawyer",
    "attorney",
    "coach",
    "speaker",
    "mufti",
    "emir",
    "caliph",
    "sultan",
    "crown",
    "dictator",
    "strongman",
    "commander-in-chief",
    "minister-president",
    "lawmaker",
    "mp",
    "congressman",
    "congresswoman",
    "editor",
    "reporter",
    "correspondent",
    "sen.",
    "rep.",
];

/// Words that only ever occur inside a role ("Foreign", "Defence").
const ROLE_WORDS: &[&str] = &[
    "foreign",
    "defense",
    "defence",
    "interior",
    "finance",
    "prime",
    "intelligence",
    "military",
    "army",
    "security",
    "state",
    "justice",
    "health",
    "economy",
    "trade",
    "energy",
    "oil",
    "supreme",
    "acting",
    "senior",
    "top",
    "national",
    "assistant",
    "attorney",
    "press",
    "information",
    "media",
    "rebel",
    "opposition",
    "militant",
    "jihadist",
    "jihadi",
    "tribal",
    "religious",
    "political",
    "spiritual",
    "party",
    "group",
    "regional",
    "local",
    "field",
    "executive",
    "operating",
    "financial",
    "managing",
    "retired",
    "embattled",
    "rear",
    "petty",
];

/// True when `w` (any case, a trailing period ignored) is a title written before a person's name ("Mr", "President"), English or Cyrillic.
pub fn is_person_title(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    in_english_or_cyrillic(&l, PERSON_TITLES, CYRILLIC_TITLES)
}

/// True when `w` (any case, a trailing period ignored) is an English person title or a word that only occurs inside a role ("Foreign").
pub fn is_title(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_lowercase();
    PERSON_TITLES.contains(&l.as_str()) || ROLE_WORDS.contains(&l.as_str())
}

/// Words of a role reference that name the function ("leader", "chief"),
/// grouped by meaning so "the HTS leader" finds "HTS chief X".
pub fn role_class(w: &str) -> Option<&'static str> {
    let l = w.trim_end_matches('.').to_lowercase();
    Some(match l.as_str() {
        "leader" | "chief" | "head" | "commander" | "commander-in-chief" | "emir" | "boss" => {
            "leader"
        }
        "president" | "premier" => "president",
        "minister" | "secretary" => "minister",
        "foreign" => "foreign",
        "defense" | "defence" => "defence",
        "interior" => "interior",
        "intelligence" => "intelligence",
        "spokesman" | "spokeswoman" | "spokesperson" => "spokesperson",
        "ambassador" | "envoy" => "envoy",
        "general" | "gen" => "general",
        _ => return None,
    })
}

/// Capitalised adjectives of nationality ("Turkish", "Syrian", "Russian").
pub fn is_nationality(w: &str) -> bool {
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    let l = w.to_lowercase();
    first_upper
        && l.len() > 4
        && (l.ends_with("ish")
            || l.ends_with("ian")
            || l.ends_with("ese")
            || l.ends_with("an")
            || l.ends_with("ic")
            || l.ends_with("i"))
        && !STOPWORDS.contains(&l.as_str())
}

/// Words that make a name an organisation's.
pub const ORG_WORDS: &[&str] = &[
    "ministry",
    "council",
    "party",
    "army",
    "front",
    "forces",
    "organisation",
    "organization",
    "group",
    "brigade",
    "brigades",
    "movement",
    "union",
    "committee",
    "agency",
    "institute",
    "institution",
    "university",
    "bank",
    "company",
    "corp",
    "corporation",
    "inc",
    "ltd",
    "association",
    "observatory",
    "court",
    "parliament",
    "assembly",
    "government",
    "league",
    "nations",
    "commission",
    "network",
    "news",
    "media",
    "times",
    "post",
    "fund",
    "federation",
    "alliance",
    "coalition",
    "authority",
    "department",
    "office",
    "police",
    "guard",
    "guards",
    "navy",
    "command",
    "foundation",
    "society",
    "center",
    "centre",
    "school",
    "college",
    "hospital",
    "church",
    "press",
    "agency",
    "tv",
    "radio",
    "channel",
    "senate",
    "congress",
    "cabinet",
    "bureau",
    "board",
    "club",
    "team",
    "airlines",
    "airways",
    "group",
    "watch",
    "crescent",
    "cross",
    "brotherhood",
    "taliban",
    "qaeda",
    "qaida",
    "isis",
    "isil",
    "daesh",
    "hezbollah",
    "hizbollah",
    "hamas",
    "jabhat",
    "jaish",
    "harakat",
    "hizb",
    "hayat",
    "haiat",
    "hayaat",
    "liwa",
    "kataib",
    "ahrar",
    "tanzim",
    "majlis",
    "ansar",
    "emirate",
    "caliphate",
    "institution",
    "mission",
    "program",
    "programme",
    "reuters",
    "afp",
    "house",
];

/// Lowercase words inside a name that join the words of a body's name
/// ("Centers for Disease Control", "Save the Children"); a person's name is
/// joined only by particles ("bin", "al").
pub const BODY_CONNECTORS: &[&str] = &["for", "the"];

/// English familiar first names and the one formal name each stands for
/// ("Hank" is "Henry"). Only the unambiguous ones: not "Pat" (Patrick or
/// Patricia), "Chris", "Sam", "Alex", "Ted", and not "Ben" (also an
/// Arabic particle).
const FAMILIAR_FIRST_NAMES: &[(&str, &str)] = &[
    ("andy", "andrew"),
    ("bill", "william"),
    ("billy", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("dave", "david"),
    ("dick", "richard"),
    ("don", "donald"),
    ("fred", "frederick"),
    ("greg", "gregory"),
    ("hank", "henry"),
    ("jeff", "jeffrey"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("ken", "kenneth"),
    ("larry", "lawrence"),
    ("liz", "elizabeth"),
    ("matt", "matthew"),
    ("mike", "michael"),
    ("nick", "nicholas"),
    ("pete", "peter"),
    ("rick", "richard"),
    ("rob", "robert"),
    ("ron", "ronald"),
    ("sue", "susan"),
    ("tim", "timothy"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("tony", "anthony"),
];

/// The formal first name a familiar one stands for (`hank` -> `henry`);
/// `token` is a folded, lower-case name token.
pub fn formal_first_name(token: &str) -> Option<&'static str> {
    FAMILIAR_FIRST_NAMES
        .binary_search_by_key(&token, |(familiar, _)| familiar)
        .ok()
        .map(|i| FAMILIAR_FIRST_NAMES[i].1)
}

/// Words opening a subordinate clause before a sentence's subject ("While
/// Obama had ..., Crespo said").
pub const SUBORDINATORS: &[&str] = &[
    "while", "although", "though", "as", "after", "when", "because", "if", "since", "unlike",
    "before", "despite", "whereas", "once", "until",
];

/// Nouns that, right after a name, say someone speaks or works for it: the
/// name is an organisation's ("a Transocean spokesman").
pub const ORG_MEMBERS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "ceo",
    "chairman",
    "chairwoman",
    "executives",
    "employees",
    "shareholders",
    "workers",
    "staffers",
];

/// Administrative divisions: inside a name they make it a place's ("Hama
/// Governorate"), and they follow or govern a place name ("Idlib
/// province", "city of Homs").
const DIVISIONS: &[&str] = &[
    "province",
    "city",
    "region",
    "governorate",
    "district",
    "county",
];

/// Whether `w` (lowercase) makes a name it is part of a place's.
pub fn is_place_word(w: &str) -> bool {
    DIVISIONS.contains(&w) || PLACE_WORDS.contains(&w)
}

/// Whether `w` (lowercase), following a name or governing it with "of",
/// makes it a place's.
pub fn is_place_after(w: &str) -> bool {
    DIVISIONS.contains(&w) || PLACE_AFTER.contains(&w)
}

/// Words besides the [`DIVISIONS`] that make a name a place's.
const PLACE_WORDS: &[&str] = &[
    "valley",
    "river",
    "mountain",
    "mountains",
    "sea",
    "ocean",
    "gulf",
    "island",
    "islands",
    "lake",
    "desert",
    "airport",
    "square",
    "street",
    "strait",
    "peninsula",
    "heights",
    "coast",
    "border",
    "crossing",
    "camp",
    "state",
    "states",
    "republic",
    "kingdom",
    "emirates",
    "territory",
    "territories",
    "bay",
    "canal",
    "port",
    "base",
    "jabal",
    "jebel",
    "wadi",
    "kafr",
    "deir",
];

/// Nouns besides the [`DIVISIONS`] that follow or govern a place name
/// ("Idlib countryside", "outskirts of Homs").
const PLACE_AFTER: &[&str] = &[
    "town",
    "village",
    "countryside",
    "suburb",
    "suburbs",
    "capital",
    "area",
    "neighbourhood",
    "neighborhood",
    "airport",
    "border",
    "outskirts",
    "provinces",
    "cities",
    "towns",
    "villages",
    "regions",
];

/// Prepositions that introduce a place.
pub const PLACE_BEFORE: &[&str] = &[
    "in",
    "near",
    "into",
    "across",
    "around",
    "outside",
    "inside",
    "toward",
    "towards",
    "via",
    "through",
    "throughout",
];

/// Countries and capitals: general world knowledge for typing single names.
const PLACES: &[&str] = &[
    "afghanistan",
    "albania",
    "algeria",
    "angola",
    "argentina",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bahrain",
    "bangladesh",
    "belarus",
    "belgium",
    "bolivia",
    "bosnia",
    "brazil",
    "bulgaria",
    "burma",
    "cambodia",
    "cameroon",
    "canada",
    "chad",
    "chile",
    "china",
    "colombia",
    "congo",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "denmark",
    "djibouti",
    "ecuador",
    "egypt",
    "eritrea",
    "estonia",
    "ethiopia",
    "europe",
    "finland",
    "france",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "guatemala",
    "haiti",
    "honduras",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "japan",
    "jordan",
    "kazakhstan",
    "kenya",
    "korea",
    "kosovo",
    "kuwait",
    "kyrgyzstan",
    "laos",
    "latvia",
    "lebanon",
    "libya",
    "lithuania",
    "luxembourg",
    "macedonia",
    "malaysia",
    "mali",
    "mauritania",
    "mexico",
    "moldova",
    "mongolia",
    "montenegro",
    "morocco",
    "mozambique",
    "myanmar",
    "nepal",
    "netherlands",
    "nicaragua",
    "niger",
    "nigeria",
    "norway",
    "oman",
    "pakistan",
    "palestine",
    "panama",
    "paraguay",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "russia",
    "rwanda",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "spain",
    "sudan",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tajikistan",
    "tanzania",
    "thailand",
    "tunisia",
    "turkey",
    "türkiye",
    "turkmenistan",
    "uganda",
    "ukraine",
    "uruguay",
    "uzbekistan",
    "venezuela",
    "vietnam",
    "yemen",
    "zambia",
    "zimbabwe",
    "africa",
    "asia",
    "america",
    "britain",
    "england",
    "scotland",
    "wales",
    "gaza",
    "kabul",
    "baghdad",
    "damascus",
    "beirut",
    "cairo",
    "tehran",
    "ankara",
    "istanbul",
    "moscow",
    "kyiv",
    "kiev",
    "washington",
    "london",
    "paris",
    "berlin",
    "beijing",
    "tokyo",
    "riyadh",
    "doha",
    "amman",
    "jerusalem",
    "tripoli",
    "khartoum",
    "sanaa",
    "aden",
    "mosul",
    "aleppo",
    "homs",
    "hama",
    "raqqa",
    "geneva",
    "brussels",
    "rome",
    "madrid",
    "vienna",
    "warsaw",
    "delhi",
    "islamabad",
    "karachi",
    "dubai",
    "abu dhabi",
    "kharkiv",
    "odesa",
    "odessa",
    "minsk",
    "tbilisi",
    "baku",
    "yerevan",
    "senegal",
    "algiers",
    "rabat",
    "tunis",
    "new york",
    "united states",
    "united kingdom",
    "saudi arabia",
    "middle east",
    "west bank",
    "golan",
    "crimea",
    "donbas",
    "sinai",
    "kurdistan",
    "astana",
    "sochi",
    "nairobi",
    "lagos",
    "pretoria",
    "havana",
    "caracas",
];

/// True when `name` (any case) is a country, capital or region of the built-in gazetteer.
pub fn is_known_place(name: &str) -> bool {
    let l = name.to_lowercase();
    PLACES.contains(&l.as_str())
}

/// Countries English news names in more than one way, beyond what the
/// linking rules read from spelling or initials: each is its names' folded
/// letters (tokens joined, articles and "of" dropped), the first the
/// conventional short name. World knowledge of the kind a gazetteer's
/// alternate names hold (GeoNames, Wikidata), not a rule of any article.
const COUNTRY_NAMES: &[&[&str]] = &[
    &["unitedkingdom", "uk", "britain", "greatbritain"],
    &[
        "unitedstates",
        "us",
        "usa",
        "america",
        "unitedstatesamerica",
    ],
    &["netherlands", "holland"],
    &["myanmar", "burma"],
    &["ivorycoast", "cotedivoire"],
    &["czechrepublic", "czechia"],
    &["northkorea", "dprk", "democraticpeoplesrepublickorea"],
    &["southkorea", "republickorea"],
    &["russia", "russianfederation"],
    &["eastimor", "timorleste"],
    &["northmacedonia", "macedonia"],
    &["turkey", "turkiye"],
    &["vatican", "holysee", "vaticancity"],
    &["democraticrepubliccongo", "drc", "drcongo"],
];

/// The conventional short name (folded letters) of a country that
/// [`COUNTRY_NAMES`] lists under `letters`, if any.
pub fn country_name_of(letters: &str) -> Option<&'static str> {
    COUNTRY_NAMES
        .iter()
        .find(|names| names.contains(&letters))
        .map(|names| names[0])
}

/// Verbs and phrases that introduce speech.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "warned",
    "warns",
    "stated",
    "states",
    "declared",
    "declares",
    "explained",
    "explains",
    "wrote",
    "writes",
    "tweeted",
    "asked",
    "asks",
    "replied",
    "replies",
    "insisted",
    "insists",
    "noted",
    "notes",
    "argued",
    "argues",
    "claimed",
    "claims",
    "announced",
    "announces",
    "continued",
    "continues",
    "urged",
    "urges",
    "vowed",
    "vows",
    "recalled",
    "recalls",
    "acknowledged",
    "admitted",
    "admits",
    "cautioned",
    "complained",
    "conceded",
    "concluded",
    "confirmed",
    "observed",
    "remarked",
    "responded",
    "stressed",
    "stresses",
    "suggested",
    "suggests",
    "quipped",
    "joked",
    "shouted",
    "yelled",
    "added",
    "predicted",
    "promised",
    "pledged",
    "boasted",
    "countered",
    "emphasized",
    "emphasised",
    "maintained",
    "affirmed",
    "thundered",
    "declared",
    "posted",
    "wondered",
    "pointed",
    "tweets",
    "repeated",
    "reiterated",
    "charged",
    "alleged",
    "demanded",
    "asserted",
    "explained",
    "began",
    "went",
    "told",
    "writing",
    "saying",
    "telling",
    "adding",
    "warning",
    "calling",
    "called",
    "describing",
    "described",
];

/// True when `w` (any case) is a verb or word that introduces speech ("said", "told"), English or Cyrillic.
pub fn is_speech_verb(w: &str) -> bool {
    in_english_or_cyrillic(&w.to_lowercase(), SPEECH_VERBS, CYRILLIC_SPEECH_VERBS)
}

/// Lemmas of verbs that introduce or close a direct quote; [`is_quote_cue`]
/// accepts their regular inflections (-s, -es, -ed, -d, -ing, -ies, -ied).
const QUOTE_CUE_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "add",
    "warn",
    "state",
    "declare",
    "explain",
    "write",
    "tweet",
    "ask",
    "reply",
    "insist",
    "note",
    "argue",
    "claim",
    "announce",
    "continue",
    "urge",
    "vow",
    "recall",
    "acknowledge",
    "admit",
    "caution",
    "complain",
    "concede",
    "conclude",
    "confirm",
    "observe",
    "remark",
    "respond",
    "stress",
    "suggest",
    "quip",
    "joke",
    "shout",
    "yell",
    "predict",
    "promise",
    "pledge",
    "boast",
    "counter",
    "emphasize",
    "emphasise",
    "maintain",
    "affirm",
    "thunder",
    "post",
    "wonder",
    "repeat",
    "reiterate",
    "allege",
    "demand",
    "assert",
    "exclaim",
    "interject",
    "scream",
    "chant",
    "cry",
    "mutter",
    "whisper",
    "snap",
    "retort",
    "testify",
    "plead",
    "muse",
    "opine",
    "lament",
    "chime",
    "recount",
    "describe",
    "answer",
    "reason",
    "mock",
    "tease",
    "brag",
    "scoff",
    "sigh",
    "proclaim",
    "read",
    "add",
    "begin",
    "quote",
    "concur",
    "elaborate",
    "caution",
    "predict",
    "shoot",
    "fire",
    "press",
    "question",
    "query",
    "put",
    // Verbs that characterise what someone said, often with a partial
    // quote ("spoke of \"needed reforms\"", "slammed Iran's \"hypocrisy\"").
    "speak",
    "slam",
    "condemn",
    "denounce",
    "criticise",
    "criticize",
    "hail",
    "praise",
    "accuse",
    "dismiss",
];

/// True for a verb form that cues a direct quote: the speech verbs of
/// [`is_speech_verb`] and the regular inflections of [`QUOTE_CUE_LEMMAS`]
/// ("exclaimed", "remarking", "interjects", "cried"), plus a few irregular
/// forms ("wrote", "read", "shot").
pub fn is_quote_cue(w: &str) -> bool {
    if is_speech_verb(w) {
        return true;
    }
    let l = w.to_lowercase();
    let l = l.as_str();
    let lemma = |x: &str| QUOTE_CUE_LEMMAS.contains(&x);
    if lemma(l)
        || matches!(
            l,
            "wrote" | "written" | "shot" | "began" | "begun" | "spoke" | "spoken"
        )
    {
        return true;
    }
    let strip = |suffix: &str| l.strip_suffix(suffix).filter(|s| s.len() >= 2);
    if let Some(s) = strip("ies").or_else(|| strip("ied")) {
        if lemma(&format!("{s}y")) {
            return true;
        }
    }
    if let Some(s) = strip("ing") {
        if lemma(s) || lemma(&format!("{s}e")) {
            return true;
        }
        // Doubled final consonant ("snapping", "quipping").
        if s.len() > 2 && s.as_bytes()[s.len() - 1] == s.as_bytes()[s.len() - 2] {
            return lemma(&s[..s.len() - 1]);
        }
    }
    if let Some(s) = strip("ed") {
        if lemma(s) || lemma(&format!("{s}e")) {
            return true;
        }
        if s.len() > 2 && s.as_bytes()[s.len() - 1] == s.as_bytes()[s.len() - 2] {
            return lemma(&s[..s.len() - 1]);
        }
    }
    if let Some(s) = strip("es") {
        if lemma(s) {
            return true;
        }
    }
    strip("s").is_some_and(lemma)
}

const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Capt", "Sen", "Rep", "Gov", "St", "Jr", "Sr",
    "Prof", "Maj", "Sgt", "Adm", "U.S", "U.N", "U.K", "E.U", "Inc", "Ltd", "Co", "Corp",
];

/// True when `w` (exact case, without its final period) is an abbreviation whose period does not end a sentence ("Mr", "U.S").
pub fn is_abbreviation(w: &str) -> bool {
    ABBREVIATIONS.contains(&w)
}

/// A demonym or nationality adjective standing alone ("Syrian", "Russians",
/// "Turkish", "Lebanese", "Islamists"): not an entity name.
pub fn is_demonym(w: &str) -> bool {
    let l = w.to_lowercase();
    let plural = l.ends_with("ians") || l.ends_with("ists") || l.ends_with("ans");
    let singular = l.strip_suffix('s').filter(|_| plural).unwrap_or(&l);
    (l.len() > 4 && (l.ends_with("ish") || l.ends_with("ese") || plural))
        || DEMONYMS.contains(&singular)
}

const DEMONYMS: &[&str] = &[
    "iraqi",
    "israeli",
    "saudi",
    "yemeni",
    "kuwaiti",
    "omani",
    "qatari",
    "emirati",
    "pakistani",
    "afghan",
    "bangladeshi",
    "nepali",
    "somali",
    "kurd",
    "kurdish",
    "arab",
    "arabs",
    "thai",
    "french",
    "dutch",
    "greek",
    "swiss",
    "welsh",
    "irish",
    "british",
    "chinese",
    "german",
    "american",
    "russian",
    "turkish",
    "syrian",
    "iranian",
    "western",
    "eastern",
    "northern",
    "southern",
    "sunni",
    "shia",
    "shiite",
    "alawite",
    "druze",
    "christian",
    "muslim",
    "jewish",
    "islamic",
    "jihadi",
    "jihadist",
    "palestinian",
    "egyptian",
    "libyan",
    "lebanese",
    "jordanian",
    "gazan",
    "italian",
    "indian",
    "canadian",
    "australian",
    "austrian",
    "belgian",
    "nigerian",
    "algerian",
    "tunisian",
    "ukrainian",
    "georgian",
    "armenian",
    "serbian",
    "croatian",
    "bosnian",
    "albanian",
    "romanian",
    "hungarian",
    "bulgarian",
    "norwegian",
    "brazilian",
    "colombian",
    "ethiopian",
    "kenyan",
    "korean",
    "european",
    "african",
    "asian",
    "mexican",
    "cuban",
    "venezuelan",
    "chilean",
    "peruvian",
    "moroccan",
    "bahraini",
    "islamist",
    "european",
    "soviet",
    "yazidi",
    "assyrian",
    "persian",
    "ottoman",
];

/// Lower-case words after a hyphen that make a compound an adjective, not a
/// name ("Russian-backed", "Turkey-supported").
pub fn is_compound_adjective(w: &str) -> bool {
    match w.rsplit_once('-') {
        Some((head, tail)) => {
            !head.is_empty()
                && tail.chars().next().is_some_and(char::is_lowercase)
                && !ARABIC_ARTICLES.contains(&head.to_lowercase().as_str())
        }
        None => false,
    }
}

/// Nouns that, in an apposition right after a name (", a group ..."), say
/// the name is an organisation's.
pub const ORG_APPOSITION: &[&str] = &[
    "group",
    "alliance",
    "organisation",
    "organization",
    "faction",
    "movement",
    "militia",
    "party",
    "company",
    "firm",
    "coalition",
    "network",
    "outlet",
    "agency",
    "newspaper",
    "affiliate",
    "branch",
    "offshoot",
    "body",
    "council",
    "charity",
    "union",
];

/// Words a role reference must contain to refer to a person.
pub fn is_person_noun(w: &str) -> bool {
    role_class(w).is_some()
        || matches!(
            w.to_lowercase().as_str(),
            "official"
                | "officer"
                | "man"
                | "woman"
                | "spokesman"
                | "spokeswoman"
                | "source"
                | "diplomat"
                | "cleric"
                | "activist"
                | "analyst"
                | "founder"
                | "militant"
                | "fighter"
                | "witness"
                | "resident"
                | "minister"
                | "senator"
                | "candidate"
                | "governor"
                | "mayor"
                | "ambassador"
                | "envoy"
                | "aide"
                | "adviser"
                | "advisor"
                | "director"
                | "chairman"
                | "ceo"
                | "secretary"
        )
}

// ---------------------------------------------------------------------------
// Arabic-script and Cyrillic word lists.
//
// A compact gazetteer (countries, capitals, major cities and a few
// international organisations, each with its English name, which is the
// Latin name key it links to across scripts) and the context cues (titles,
// speech verbs, organisation words, function words) that find names in
// Arabic-script and Cyrillic text. Arabic entries are matched after
// `translit::normalise_arabic` (hamza and alef forms, diacritics, tatweel,
// Persian letters), so any spelling of them is written once here. Russian
// place entries are nominative; `cyrillic_place` accepts their case forms
// (России, Москве, Украины).
// ---------------------------------------------------------------------------

/// Arabic-script places: (name, English name). Multi-word names are written
/// with single spaces.
pub const ARABIC_PLACES: &[(&str, &str)] = &[
    // Countries.
    ("سوريا", "Syria"),
    ("سورية", "Syria"),
    ("العراق", "Iraq"),
    ("لبنان", "Lebanon"),
    ("الأردن", "Jordan"),
    ("فلسطين", "Palestine"),
    ("إسرائيل", "Israel"),
    ("مصر", "Egypt"),
    ("ليبيا", "Libya"),
    ("تونس", "Tunisia"),
    ("الجزائر", "Algeria"),
    ("المغرب", "Morocco"),
    ("موريتانيا", "Mauritania"),
    ("السودان", "Sudan"),
    ("اليمن", "Yemen"),
    ("السعودية", "Saudi Arabia"),
    ("المملكة العربية السعودية", "Saudi Arabia"),
    ("الكويت", "Kuwait"),
    ("قطر", "Qatar"),
    ("البحرين", "Bahrain"),
    ("الإمارات", "United Arab Emirates"),
    ("عمان", "Oman"),
    ("سلطنة عمان", "Oman"),
    ("إيران", "Iran"),
    ("تركيا", "Turkey"),
    ("أفغانستان", "Afghanistan"),
    ("باكستان", "Pakistan"),
    ("الهند", "India"),
    ("الصين", "China"),
    ("اليابان", "Japan"),
    ("روسيا", "Russia"),
    ("أوكرانيا", "Ukraine"),
    ("فرنسا", "France"),
    ("ألمانيا", "Germany"),
    ("بريطانيا", "Britain"),
    ("إيطاليا", "Italy"),
    ("إسبانيا", "Spain"),
    ("الولايات المتحدة", "United States"),
    ("أمريكا", "America"),
    ("أميركا", "America"),
    ("كندا", "Canada"),
    ("الصومال", "Somalia"),
    ("إثيوبيا", "Ethiopia"),
    ("نيجيريا", "Nigeria"),
    ("اليونان", "Greece"),
    ("قبرص", "Cyprus"),
    ("أذربيجان", "Azerbaijan"),
    ("أرمينيا", "Armenia"),
    ("إندونيسيا", "Indonesia"),
    ("ماليزيا", "Malaysia"),
    // Capitals and major cities.
    ("دمشق", "Damascus"),
    ("حلب", "Aleppo"),
    ("حمص", "Homs"),
    ("حماة", "Hama"),
    ("إدلب", "Idlib"),
    ("اللاذقية", "Latakia"),
    ("طرطوس", "Tartus"),
    ("درعا", "Daraa"),
    ("الرقة", "Raqqa"),
    ("دير الزور", "Deir ez-Zor"),
    ("القامشلي", "Qamishli"),
    ("بغداد", "Baghdad"),
    ("الموصل", "Mosul"),
    ("البصرة", "Basra"),
    ("أربيل", "Erbil"),
    ("كركوك", "Kirkuk"),
    ("الفلوجة", "Fallujah"),
    ("بيروت", "Beirut"),
    ("طرابلس", "Tripoli"),
    ("صيدا", "Sidon"),
    ("القدس", "Jerusalem"),
    ("غزة", "Gaza"),
    ("رام الله", "Ramallah"),
    ("الخليل", "Hebron"),
    ("نابلس", "Nablus"),
    ("جنين", "Jenin"),
    ("تل أبيب", "Tel Aviv"),
    ("القاهرة", "Cairo"),
    ("الإسكندرية", "Alexandria"),
    ("بنغازي", "Benghazi"),
    ("مصراتة", "Misrata"),
    ("الخرطوم", "Khartoum"),
    ("صنعاء", "Sanaa"),
    ("عدن", "Aden"),
    ("الحديدة", "Hodeidah"),
    ("الرياض", "Riyadh"),
    ("جدة", "Jeddah"),
    ("مكة", "Mecca"),
    ("المدينة المنورة", "Medina"),
    ("الدوحة", "Doha"),
    ("أبو ظبي", "Abu Dhabi"),
    ("أبوظبي", "Abu Dhabi"),
    ("دبي", "Dubai"),
    ("المنامة", "Manama"),
    ("مسقط", "Muscat"),
    ("طهران", "Tehran"),
    ("أنقرة", "Ankara"),
    ("إسطنبول", "Istanbul"),
    ("اسطنبول", "Istanbul"),
    ("موسكو", "Moscow"),
    ("كييف", "Kyiv"),
    ("واشنطن", "Washington"),
    ("نيويورك", "New York"),
    ("باريس", "Paris"),
    ("لندن", "London"),
    ("برلين", "Berlin"),
    ("روما", "Rome"),
    ("جنيف", "Geneva"),
    ("بكين", "Beijing"),
    ("كابل", "Kabul"),
    ("إسلام آباد", "Islamabad"),
    ("الرباط", "Rabat"),
    ("الدار البيضاء", "Casablanca"),
    ("الجزائر العاصمة", "Algiers"),
    ("نواكشوط", "Nouakchott"),
    ("مقديشو", "Mogadishu"),
    ("أستانا", "Astana"),
    ("سوتشي", "Sochi"),
    // Persian and Urdu spellings of a few of the above.
    ("تهران", "Tehran"),
    ("ایران", "Iran"),
    ("پاکستان", "Pakistan"),
    ("اسلام آباد", "Islamabad"),
    ("لاہور", "Lahore"),
    ("کراچی", "Karachi"),
    ("مشهد", "Mashhad"),
    ("اصفهان", "Isfahan"),
    ("شیراز", "Shiraz"),
];

/// Arabic-script organisations: (name, English name).
pub const ARABIC_ORGS: &[(&str, &str)] = &[
    ("الأمم المتحدة", "United Nations"),
    ("مجلس الأمن", "Security Council"),
    ("الاتحاد الأوروبي", "European Union"),
    ("جامعة الدول العربية", "Arab League"),
    ("حلف شمال الأطلسي", "NATO"),
    ("الناتو", "NATO"),
    ("حماس", "Hamas"),
    ("حزب الله", "Hezbollah"),
    ("طالبان", "Taliban"),
    ("الصليب الأحمر", "Red Cross"),
];

/// Titles and roles before an Arabic-script person's name.
pub const ARABIC_TITLES: &[&str] = &[
    "الرئيس",
    "رئيس",
    "رئيسة",
    "الرئيسة",
    "وزير",
    "وزيرة",
    "الوزير",
    "الوزيرة",
    "الشيخ",
    "القائد",
    "قائد",
    "زعيم",
    "الزعيم",
    "المتحدث",
    "متحدث",
    "الناطق",
    "الأمير",
    "أمير",
    "الملك",
    "الملكة",
    "العميد",
    "اللواء",
    "العقيد",
    "الجنرال",
    "السفير",
    "المبعوث",
    "مبعوث",
    "السيد",
    "السيدة",
    "الدكتور",
    "نائب",
    "الأمين",
    "أمين",
    "المستشار",
    "مستشار",
    "المرشد",
    "الإمام",
    "آية",
    "رئيس الوزراء",
    "ولي",
    "المفتي",
    "القاضي",
    "العاهل",
    "مدير",
    "المدير",
    "محافظ",
    "المحافظ",
    "النائب",
    "الجنرال",
    "المشير",
    // Persian and Urdu.
    "رئیس",
    "وزیر",
    "صدر",
    "آقای",
    "جناب",
    "سردار",
];

/// Words that extend an Arabic title into a role: the ministry or body of a
/// minister or head ("وزير الخارجية", "رئيس الوزراء", "ولي العهد").
pub const ARABIC_ROLE_WORDS: &[&str] = &[
    "امور",
    "خارجه",
    "کشور",
    "جمهور",
    "دفاع",
    "الخارجية",
    "الدفاع",
    "الداخلية",
    "المالية",
    "العدل",
    "الإعلام",
    "الصحة",
    "الاقتصاد",
    "النفط",
    "الطاقة",
    "التعليم",
    "الوزراء",
    "الحكومة",
    "الجمهورية",
    "الدولة",
    "العهد",
    "الأركان",
    "المخابرات",
    "البرلمان",
    "النواب",
    "المجلس",
    "العام",
    "باسم",
    "الأعلى",
    "العامة",
    "الله",
    "الأعظم",
    "الهيئة",
    "الحركة",
    "التنظيم",
    "الجماعة",
    "الشؤون",
    "السابق",
    "السابقة",
    "الحالي",
    "الأسبق",
    "الخاص",
    "الأممي",
    "اعظم",
];

/// Verbs that introduce speech in Arabic-script news (a name follows them in
/// verb-subject order: "قال بشار الأسد إن ...").
pub const ARABIC_SPEECH_VERBS: &[&str] = &[
    "قال",
    "قالت",
    "أعلن",
    "أعلنت",
    "صرح",
    "صرحت",
    "أكد",
    "أكدت",
    "أضاف",
    "أضافت",
    "أوضح",
    "أوضحت",
    "أشار",
    "أشارت",
    "ذكر",
    "ذكرت",
    "اعتبر",
    "اعتبرت",
    "شدد",
    "شددت",
    "تابع",
    "حذر",
    "حذرت",
    "دعا",
    "دعت",
    "طالب",
    "طالبت",
    "نفى",
    "نفت",
    "كشف",
    "كشفت",
    "اتهم",
    "اتهمت",
    "يقول",
    "تقول",
    "أفاد",
    "أفادت",
    "رأى",
    "قالوا",
    // Persian and Urdu.
    "گفت",
    "افزود",
    "کہا",
];

/// Organisation words that open an organisation's name in construct state
/// ("هيئة تحرير الشام", "حركة حماس", "وزارة الدفاع").
pub const ARABIC_ORG_WORDS: &[&str] = &[
    "هيئة",
    "حركة",
    "حزب",
    "جبهة",
    "وزارة",
    "منظمة",
    "جيش",
    "مجلس",
    "لجنة",
    "وكالة",
    "جماعة",
    "شركة",
    "جامعة",
    "تحالف",
    "قوات",
    "كتائب",
    "ألوية",
    "لواء",
    "فصيل",
    "اتحاد",
    "مؤسسة",
    "صندوق",
    "بنك",
    "مصرف",
    "محكمة",
    "برلمان",
    "حکومت",
    "سازمان",
];

/// Personal-name elements: kunya (أبو, "father of"; أم, "mother of", is
/// left out: it is also the conjunction "or"), nasab
/// (بن / ابن / بنت, "son / daughter of") and عبد ("servant of") which joins
/// the theophoric name after it ("عبد الله", "عبد الرحمن").
pub const ARABIC_KUNYA: &[&str] = &["أبو", "أبي"];
/// Nasab particles: "son of" (بن, ابن) and "daughter of" (بنت).
pub const ARABIC_NASAB: &[&str] = &["بن", "ابن", "بنت"];
/// "Servant of", joined with the divine name after it into one name.
pub const ARABIC_ABD: &[&str] = &["عبد"];
/// The divine names that follow عبد in a personal name.
pub const ARABIC_THEOPHORIC: &[&str] = &[
    "الله",
    "الرحمن",
    "الرحيم",
    "العزيز",
    "الكريم",
    "الملك",
    "الفتاح",
    "الحميد",
    "المجيد",
    "الناصر",
    "القادر",
    "الرزاق",
    "السلام",
    "اللطيف",
    "الحليم",
    "الغني",
    "الوهاب",
    "المنعم",
    "الباسط",
    "الحكيم",
    "الجبار",
    "الرؤوف",
    "الهادي",
    "الحي",
    "الإله",
    "المطلب",
    "الغفور",
    "الستار",
    "الباري",
    "الخالق",
    "المحسن",
    "الواحد",
    "الصمد",
    "الجليل",
    "القدوس",
    "الرشيد",
    "الوهاب",
    "النور",
    "العليم",
];

/// Arabic-script function words, common verbs and common nouns that never
/// belong to a name: a name stops before them.
pub const ARABIC_STOPWORDS: &[&str] = &[
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "مع",
    "أن",
    "إن",
    "أنه",
    "أنها",
    "إنه",
    "إنها",
    "الذي",
    "التي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هو",
    "هي",
    "هم",
    "و",
    "أو",
    "ثم",
    "لا",
    "لم",
    "لن",
    "ما",
    "قد",
    "كان",
    "كانت",
    "يكون",
    "بعد",
    "قبل",
    "خلال",
    "منذ",
    "حتى",
    "عند",
    "لدى",
    "بين",
    "ضد",
    "حول",
    "دون",
    "غير",
    "كل",
    "بعض",
    "أي",
    "يوم",
    "اليوم",
    "أمس",
    "غدا",
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "العام",
    "الماضي",
    "المقبل",
    "الحالي",
    "عام",
    "شهر",
    "أيضا",
    "كما",
    "لكن",
    "ولكن",
    "بينما",
    "حيث",
    "إذ",
    "إذا",
    "لأن",
    "بأن",
    "وأن",
    "فإن",
    "وإن",
    "لها",
    "له",
    "لهم",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "إنّ",
    "أمام",
    "وراء",
    "فوق",
    "تحت",
    "نحو",
    "عبر",
    "وفق",
    "وفقا",
    "بحسب",
    "حسب",
    "تجاه",
    "بشأن",
    "مصدر",
    "مصادر",
    "مسؤول",
    "مسؤولون",
    "بيان",
    "تقرير",
    "كلمة",
    "خطاب",
    "مقابلة",
    "تصريحات",
    "تصريح",
    "لقاء",
    "اجتماع",
    "مؤتمر",
    "صحفي",
    "الصحفي",
    "وكالة",
    "قناة",
    "صحيفة",
    "موقع",
    "شهود",
    "ناشطون",
    "سكان",
    "مقاتلين",
    "مقاتلون",
    "وقال",
    "وقالت",
    "وأضاف",
    "وأكد",
    "ليس",
    "كذلك",
    "جدا",
    "هناك",
    "هنا",
    "الآن",
    "مساء",
    "صباح",
    "ظهر",
    "الأسبوع",
    "الشهر",
    "السنة",
    "سنة",
    "ألف",
    "مليون",
    "يجب",
    "يمكن",
    "سوف",
    "أكثر",
    "أقل",
    "الى",
    "علي",
    "عدة",
    "عدد",
    "نحن",
    "أنا",
    "أنت",
    // Common verbs of news text (a name stops before them).
    "تحدث",
    "يتحدث",
    "زار",
    "التقى",
    "استقبل",
    "وصل",
    "غادر",
    "رفض",
    "يرى",
    "يعتبر",
    "أصبح",
    "بدأ",
    "قام",
    "أجرى",
    "شارك",
    "توجه",
    "عاد",
    "ترأس",
    "وقع",
    "أعرب",
    "اعلن",
    // Persian and Urdu.
    "در",
    "از",
    "به",
    "با",
    "که",
    "این",
    "آن",
    "را",
    "و",
    "است",
    "بود",
    "کے",
    "کی",
    "کا",
    "نے",
    "میں",
    "سے",
    "کو",
    "پر",
    "اور",
    "ہے",
    "تھا",
];

/// Russian place names (nominative) with their English names; Ukrainian,
/// Bulgarian and Serbian spellings where they differ.
pub const CYRILLIC_PLACES: &[(&str, &str)] = &[
    ("Россия", "Russia"),
    ("Украина", "Ukraine"),
    ("Белоруссия", "Belarus"),
    ("Беларусь", "Belarus"),
    ("Казахстан", "Kazakhstan"),
    ("Узбекистан", "Uzbekistan"),
    ("Грузия", "Georgia"),
    ("Армения", "Armenia"),
    ("Азербайджан", "Azerbaijan"),
    ("Молдавия", "Moldova"),
    ("Молдова", "Moldova"),
    ("Польша", "Poland"),
    ("Германия", "Germany"),
    ("Франция", "France"),
    ("Италия", "Italy"),
    ("Испания", "Spain"),
    ("Великобритания", "Britain"),
    ("Британия", "Britain"),
    ("США", "United States"),
    ("Америка", "America"),
    ("Китай", "China"),
    ("Япония", "Japan"),
    ("Индия", "India"),
    ("Турция", "Turkey"),
    ("Иран", "Iran"),
    ("Ирак", "Iraq"),
    ("Сирия", "Syria"),
    ("Израиль", "Israel"),
    ("Египет", "Egypt"),
    ("Ливия", "Libya"),
    ("Афганистан", "Afghanistan"),
    ("Пакистан", "Pakistan"),
    ("Финляндия", "Finland"),
    ("Швеция", "Sweden"),
    ("Норвегия", "Norway"),
    ("Латвия", "Latvia"),
    ("Литва", "Lithuania"),
    ("Эстония", "Estonia"),
    ("Венгрия", "Hungary"),
    ("Румыния", "Romania"),
    ("Болгария", "Bulgaria"),
    ("Сербия", "Serbia"),
    ("Хорватия", "Croatia"),
    ("Греция", "Greece"),
    ("Чехия", "Czech Republic"),
    ("Канада", "Canada"),
    ("Бразилия", "Brazil"),
    ("Венесуэла", "Venezuela"),
    ("Куба", "Cuba"),
    ("Европа", "Europe"),
    ("Крым", "Crimea"),
    ("Донбасс", "Donbas"),
    ("Москва", "Moscow"),
    ("Петербург", "Saint Petersburg"),
    ("Санкт-Петербург", "Saint Petersburg"),
    ("Киев", "Kyiv"),
    ("Минск", "Minsk"),
    ("Харьков", "Kharkiv"),
    ("Одесса", "Odesa"),
    ("Донецк", "Donetsk"),
    ("Луганск", "Luhansk"),
    ("Мариуполь", "Mariupol"),
    ("Херсон", "Kherson"),
    ("Запорожье", "Zaporizhzhia"),
    ("Днепр", "Dnipro"),
    ("Львов", "Lviv"),
    ("Бахмут", "Bakhmut"),
    ("Севастополь", "Sevastopol"),
    ("Новосибирск", "Novosibirsk"),
    ("Екатеринбург", "Yekaterinburg"),
    ("Казань", "Kazan"),
    ("Сочи", "Sochi"),
    ("Владивосток", "Vladivostok"),
    ("Калининград", "Kaliningrad"),
    ("Белгород", "Belgorod"),
    ("Курск", "Kursk"),
    ("Грозный", "Grozny"),
    ("Астана", "Astana"),
    ("Алматы", "Almaty"),
    ("Ташкент", "Tashkent"),
    ("Тбилиси", "Tbilisi"),
    ("Ереван", "Yerevan"),
    ("Баку", "Baku"),
    ("Кишинев", "Chisinau"),
    ("Варшава", "Warsaw"),
    ("Берлин", "Berlin"),
    ("Париж", "Paris"),
    ("Лондон", "London"),
    ("Вашингтон", "Washington"),
    ("Нью-Йорк", "New York"),
    ("Пекин", "Beijing"),
    ("Токио", "Tokyo"),
    ("Анкара", "Ankara"),
    ("Стамбул", "Istanbul"),
    ("Тегеран", "Tehran"),
    ("Дамаск", "Damascus"),
    ("Багдад", "Baghdad"),
    ("Каир", "Cairo"),
    ("Женева", "Geneva"),
    ("Брюссель", "Brussels"),
    ("Рим", "Rome"),
    ("Вена", "Vienna"),
    ("Прага", "Prague"),
    ("Будапешт", "Budapest"),
    ("Рига", "Riga"),
    ("Вильнюс", "Vilnius"),
    ("Таллин", "Tallinn"),
    ("Хельсинки", "Helsinki"),
    // Ukrainian.
    ("Україна", "Ukraine"),
    ("Київ", "Kyiv"),
    ("Харків", "Kharkiv"),
    ("Одеса", "Odesa"),
    ("Львів", "Lviv"),
    ("Дніпро", "Dnipro"),
    ("Росія", "Russia"),
    // Bulgarian.
    ("България", "Bulgaria"),
    ("София", "Sofia"),
    ("Пловдив", "Plovdiv"),
    ("Варна", "Varna"),
    ("Русия", "Russia"),
    // Serbian.
    ("Србија", "Serbia"),
    ("Београд", "Belgrade"),
    ("Нови Сад", "Novi Sad"),
    ("Косово", "Kosovo"),
    ("Црна Гора", "Montenegro"),
];

/// Cyrillic titles and roles before a person's name.
pub const CYRILLIC_TITLES: &[&str] = &[
    "президент",
    "министр",
    "глава",
    "премьер",
    "премьер-министр",
    "председатель",
    "спикер",
    "представитель",
    "генерал",
    "посол",
    "губернатор",
    "мэр",
    "лидер",
    "канцлер",
    "патриарх",
    "директор",
    "командующий",
    "депутат",
    "сенатор",
    "советник",
    "помощник",
    "король",
    "королева",
    "принц",
    "шейх",
    "аятолла",
    "генсек",
    "секретарь",
    "главнокомандующий",
    "полковник",
    "майор",
    "замглавы",
    "вице-премьер",
    "вице-президент",
    "пресс-секретарь",
    "официальный",
    "экс-президент",
    "господин",
    "госпожа",
    // Ukrainian, Bulgarian, Serbian.
    "президента",
    "міністр",
    "голова",
    "речник",
    "премиер",
    "министър",
    "председник",
    "министар",
];

/// Cyrillic verbs that introduce speech.
pub const CYRILLIC_SPEECH_VERBS: &[&str] = &[
    "заявил",
    "заявила",
    "заявили",
    "сказал",
    "сказала",
    "сказали",
    "сообщил",
    "сообщила",
    "сообщили",
    "отметил",
    "отметила",
    "подчеркнул",
    "подчеркнула",
    "добавил",
    "добавила",
    "объявил",
    "объявила",
    "признал",
    "признала",
    "пояснил",
    "пояснила",
    "считает",
    "уверен",
    "рассказал",
    "рассказала",
    "напомнил",
    "напомнила",
    "предупредил",
    "предупредила",
    "говорит",
    "заявляет",
    "ответил",
    "ответила",
    "сообщило",
    "заявило",
    "сообщает",
    "пишет",
    // Ukrainian, Bulgarian, Serbian.
    "заявив",
    "заявила",
    "сказав",
    "повідомив",
    "зазначив",
    "каза",
    "заяви",
    "изјавио",
    "рекао",
    "рекла",
];

/// Stems of Cyrillic organisation words ("Министерство обороны", "партия").
pub const CYRILLIC_ORG_STEMS: &[&str] = &[
    "министерств",
    "парти",
    "правительств",
    "комитет",
    "служб",
    "агентств",
    "компани",
    "банк",
    "фонд",
    "союз",
    "арми",
    "совет",
    "организаци",
    "движени",
    "фронт",
    "госдум",
    "дум",
    "кремл",
    "мид",
    "оон",
    "нато",
    "суд",
    "прокуратур",
    "университет",
    "альянс",
    "міністерств",
    "уряд",
    "рада",
    "министерство",
];

/// Case endings after an organisation word's stem.
const CYRILLIC_ORG_ENDINGS: &[&str] = &[
    "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "я", "ю", "ей", "и", "ия", "ии", "ию",
    "ией", "о", "ой", "ь", "ём", "ем",
];

/// Cyrillic function words that open a sentence with a capital: never a
/// name.
pub const CYRILLIC_STOPWORDS: &[&str] = &[
    "в",
    "во",
    "на",
    "по",
    "из",
    "с",
    "со",
    "к",
    "ко",
    "у",
    "о",
    "об",
    "от",
    "до",
    "за",
    "под",
    "над",
    "при",
    "для",
    "без",
    "через",
    "после",
    "перед",
    "между",
    "и",
    "а",
    "но",
    "или",
    "что",
    "как",
    "это",
    "этот",
    "эта",
    "эти",
    "тот",
    "та",
    "те",
    "он",
    "она",
    "они",
    "оно",
    "мы",
    "вы",
    "я",
    "его",
    "ее",
    "её",
    "их",
    "однако",
    "также",
    "кроме",
    "тем",
    "согласно",
    "если",
    "когда",
    "где",
    "пока",
    "уже",
    "еще",
    "ещё",
    "вчера",
    "сегодня",
    "завтра",
    "ранее",
    "позже",
    "затем",
    "потом",
    "теперь",
    "так",
    "не",
    "ни",
    "да",
    "нет",
    "все",
    "всё",
    "весь",
    "вся",
    "кто",
    "чтобы",
    "хотя",
    "впрочем",
    "напомним",
    "кстати",
    "читайте",
    "фото",
    "видео",
    "источник",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
    "та",
    "і",
    "й",
    "але",
    "що",
    "як",
    "це",
    "він",
    "вона",
    "вони",
    "ще",
    "вже",
    "че",
    "той",
    "тя",
    "според",
    "също",
];

/// Cyrillic prepositions of place ("в Москве", "из Киева").
pub const CYRILLIC_PLACE_BEFORE: &[&str] = &["в", "во", "из", "под", "у", "к", "до"];

/// Endings of Russian noun cases, longest first: stripped when a word is
/// compared with a nominative gazetteer entry.
const CYRILLIC_CASE_ENDINGS: &[&str] = &[
    "ией", "иею", "ии", "ию", "ия", "ой", "ей", "ом", "ем", "ою", "ью", "ах", "ям", "ам", "а", "я",
    "у", "ю", "е", "и", "ы", "ь", "й", "і", "о",
];

fn cyrillic_stem(word: &str) -> String {
    let lower = word.to_lowercase();
    for e in CYRILLIC_CASE_ENDINGS {
        if let Some(stem) = lower.strip_suffix(e) {
            if stem.chars().count() >= 3 {
                return stem.to_string();
            }
        }
    }
    lower
}

/// The English name of a Cyrillic gazetteer place, for a word or name in
/// any case form ("России" -> Russia, "Москве" -> Moscow).
pub fn cyrillic_place(name: &str) -> Option<&'static str> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static INDEX: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for (name, english) in CYRILLIC_PLACES {
            m.insert(name.to_lowercase(), *english);
            let stems: Vec<String> = name.split(' ').map(cyrillic_stem).collect();
            m.entry(stems.join(" ")).or_insert(*english);
        }
        m
    });
    if !name.chars().any(super::translit::is_cyrillic_char) {
        return None;
    }
    if let Some(e) = index.get(&name.to_lowercase()) {
        return Some(e);
    }
    let stems: Vec<String> = name.split(' ').map(cyrillic_stem).collect();
    index.get(&stems.join(" ")).copied()
}

/// True when `w` (any case) is a Cyrillic title written before a person's name.
pub fn is_cyrillic_title(w: &str) -> bool {
    CYRILLIC_TITLES.contains(&w.to_lowercase().as_str())
}

/// True when `w` (any case) is a Cyrillic speech verb ("заявил").
pub fn is_cyrillic_speech_verb(w: &str) -> bool {
    CYRILLIC_SPEECH_VERBS.contains(&w.to_lowercase().as_str())
}

/// True when a Cyrillic word is an organisation word (any case form).
pub fn is_cyrillic_org_word(w: &str) -> bool {
    if !w
        .chars()
        .next()
        .is_some_and(super::translit::is_cyrillic_char)
    {
        return false;
    }
    let l = w.to_lowercase();
    CYRILLIC_ORG_STEMS.iter().any(|s| {
        l.strip_prefix(s)
            .is_some_and(|rest| rest.is_empty() || CYRILLIC_ORG_ENDINGS.contains(&rest))
    })
}

/// Normalised Arabic-script lexicon look-ups.
pub(crate) mod arabic {
    use super::super::translit::normalise_arabic;
    use std::collections::{HashMap, HashSet};
    use std::sync::OnceLock;

    fn set(list: &'static [&'static str]) -> HashSet<String> {
        list.iter().map(|w| normalise_arabic(w)).collect()
    }

    macro_rules! lookup {
        ($name:ident, $list:expr) => {
            pub fn $name(w: &str) -> bool {
                static SET: OnceLock<HashSet<String>> = OnceLock::new();
                SET.get_or_init(|| set($list)).contains(w)
            }
        };
    }
    lookup!(is_title, super::ARABIC_TITLES);
    lookup!(is_role_word, super::ARABIC_ROLE_WORDS);
    lookup!(is_speech_verb, super::ARABIC_SPEECH_VERBS);
    lookup!(is_org_word, super::ARABIC_ORG_WORDS);
    lookup!(is_kunya, super::ARABIC_KUNYA);
    lookup!(is_nasab, super::ARABIC_NASAB);
    lookup!(is_abd, super::ARABIC_ABD);
    lookup!(is_theophoric, super::ARABIC_THEOPHORIC);
    lookup!(is_stopword, super::ARABIC_STOPWORDS);

    /// Gazetteer names by their normalised words: (words, English name,
    /// is a place).
    pub fn gazetteer() -> &'static HashMap<Vec<String>, (&'static str, bool)> {
        static MAP: OnceLock<HashMap<Vec<String>, (&'static str, bool)>> = OnceLock::new();
        MAP.get_or_init(|| {
            let mut m = HashMap::new();
            for (list, place) in [(super::ARABIC_PLACES, true), (super::ARABIC_ORGS, false)] {
                for (name, english) in list {
                    let words: Vec<String> = name.split(' ').map(normalise_arabic).collect();
                    m.entry(words).or_insert((*english, place));
                }
            }
            m
        })
    }

    /// The longest gazetteer name (in words).
    pub fn gazetteer_max_words() -> usize {
        gazetteer().keys().map(Vec::len).max().unwrap_or(1)
    }

    /// The English name of an Arabic-script gazetteer name (normalised or
    /// not), and whether it is a place.
    pub fn gazetteer_entry(name: &str) -> Option<(&'static str, bool)> {
        let words: Vec<String> = name.split_whitespace().map(normalise_arabic).collect();
        gazetteer().get(&words).copied()
    }
}

/// The English name of a gazetteer entry written in Arabic or Cyrillic
/// script: the Latin name a name in those scripts links to.
pub fn script_gazetteer_english(name: &str) -> Option<&'static str> {
    arabic::gazetteer_entry(name)
        .map(|(e, _)| e)
        .or_else(|| cyrillic_place(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn familiar_first_names_are_sorted_for_binary_search() {
        assert!(FAMILIAR_FIRST_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(formal_first_name("hank"), Some("henry"));
        assert_eq!(formal_first_name("henry"), None);
    }

    #[test]
    fn regression_contraction_i_m_became_a_person() {
        for w in ["I'm", "I’d", "We're", "That's", "Let's", "Don't", "it's"] {
            assert!(is_stopword(w), "{w}");
        }
        for w in ["Obama's", "O'Brien", "D'Alema", "Qur'an"] {
            assert!(!is_stopword(w), "{w}");
        }
    }
}
