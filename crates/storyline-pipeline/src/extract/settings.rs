//! Named thresholds of extraction: [`ExtractSettings`] for the choice of an
//! HTML page's main text (`html::select_main`) and [`CleanSettings`] for the
//! line rules of chrome removal (`clean`). Each field says why it has its
//! value; `Default` gives the values the benchmarks were measured with.
//!
//! Link shares are kept as whole numbers (a divisor or a percentage) where
//! the code compares integer character counts, so that no rounding of a
//! fraction can move a page across a threshold.

/// Thresholds of the main-text choice of an HTML page, in the order the
/// phases read them: furniture veto, container scoring, climbing to a
/// wrapper, sibling containers, labelling of the blocks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExtractSettings {
    /// A block of at least this many characters counts as prose for the
    /// furniture veto: a caption or a button label is shorter.
    pub veto_prose_chars: usize,
    /// ... provided its link characters times this stay under its length
    /// (under a quarter links: a list of links is no prose).
    pub veto_prose_link_divisor: usize,
    /// A furniture mark over at least this percentage of the page's prose is
    /// a false alarm (a page wrapped in a `<form>`): chrome never holds
    /// 40 % of the text.
    pub veto_share_percent: usize,
    /// ... and over at least this many characters of prose, so that on a
    /// page with little text a sidebar is not mistaken for the article.
    pub veto_min_chars: usize,
    /// Blocks shorter than this add nothing to their containers' scores:
    /// dates, labels and buttons would favour menus.
    pub score_min_chars: usize,
    /// How many ancestors of a block share its score (parent, grandparent,
    /// great-grandparent): the article body is rarely deeper than three
    /// wrappers above its paragraphs.
    pub score_levels: usize,
    /// The score's divisor at each of those levels (Readability's 1, 2 and
    /// 3×2): the nearer container gets the most credit.
    pub score_level_divisors: [f64; 3],
    /// A block's score counts at most this many commas: a list of names
    /// would otherwise outweigh prose.
    pub score_max_commas: f64,
    /// Each this many characters of a block adds one to its score ...
    pub score_chars_per_point: f64,
    /// ... up to this many points, so one long block cannot outweigh many.
    pub score_max_length_points: f64,
    /// Added to (or taken from) a container whose class or id speaks of
    /// content ("article-body") or of chrome ("sidebar"): as much as a
    /// couple of good paragraphs, so markup breaks near ties only.
    pub class_weight: f64,
    /// An `<h1>` of at least this many characters that the page's title
    /// (`og:title`, `<title>`) contains is the headline, ahead of any
    /// earlier `<h1>` (a browser warning's, a dialog's).
    pub headline_title_min_chars: usize,
    /// A container whose first block comes at most this many blocks after the
    /// page's `<h1>` starts right under the headline (a kicker, byline,
    /// date and lead image sit in between) ...
    pub headline_near_blocks: usize,
    /// ... and has its score multiplied by this, so that the article beats a
    /// comment thread further down.
    pub headline_bonus: f64,
    /// A block of at least this many characters counts as prose when
    /// climbing from the best container to its wrappers ...
    pub climb_prose_chars: usize,
    /// ... provided its link characters times this stay under its length
    /// (under a third links).
    pub climb_prose_link_divisor: usize,
    /// How many ancestors are looked at in one climbing step: the parent and
    /// up to eleven layout wrappers that hold exactly the same prose (page
    /// builders put each section of an article in a grid's row, column and
    /// block wrappers: six levels or more between a section and the body).
    pub climb_levels: usize,
    /// The parent is taken when it holds at least this percentage of the
    /// container's prose: 20 % more means another section of the article.
    pub climb_growth_percent: usize,
    /// ... and its links stay under this percentage of its characters (a
    /// section wrapper, not a page with its link lists).
    pub climb_max_link_percent: usize,
    /// The same bar through layout wrappers, tighter, since each wrapper
    /// passed widens the reach to more of the page.
    pub climb_wrapper_max_link_percent: usize,
    /// A sibling of the main container joins it when it scores at least this
    /// share of the main container's score ...
    pub sibling_share: f64,
    /// ... or at least this score, whichever is higher (a few paragraphs).
    pub sibling_min_score: f64,
    /// A sibling with the main container's class gets this share of the main
    /// container's score on top (one section of several, same markup).
    pub sibling_same_class_share: f64,
    /// A `<p>` sibling longer than this joins whatever its score ...
    pub sibling_paragraph_chars: usize,
    /// ... when its link density is under this (a paragraph, not a list of
    /// links written in a `<p>`).
    pub sibling_paragraph_max_density: f64,
    /// In the main content, a block whose link density is over this is an
    /// item of a link list (for recognising index pages).
    pub link_item_density: f64,
    /// A block of at least this many characters is prose when deciding
    /// whether the page is an index.
    pub index_prose_chars: usize,
    /// Fewer unlinked characters than this in the main content: no article.
    pub min_article_chars: usize,
    /// Less prose than this beside at least `index_few_link_items` link
    /// items: an index page ...
    pub index_max_prose: usize,
    /// ... (five link items: a short list).
    pub index_few_link_items: usize,
    /// At least this many link items ...
    pub index_many_link_items: usize,
    /// ... with fewer than this many prose characters per item: an index
    /// page whose items carry one-line excerpts.
    pub index_prose_per_item: usize,
    /// A block of the main content whose link density is over this is
    /// removed as link-dense (a "related" list inside the article).
    pub link_dense_density: f64,
    /// A block of at most this many characters that reads as a byline is
    /// removed: longer, it is a sentence that mentions an author.
    pub byline_max_chars: usize,
    /// A block of at most this many characters that reads as boilerplate
    /// ("Advertisement", "Read more") is removed.
    pub boilerplate_max_chars: usize,
    /// Between the headline and the body, a block left outside the main
    /// container of at least this many characters that ends as a sentence
    /// is the article's lead (standfirst): shorter, it is a kicker, a byline
    /// or a date, passed over.
    pub lead_min_chars: usize,
    /// ... when its link density is at most this (a lead may link a name or
    /// two); a longer block with more links ends the lead.
    pub lead_max_link_density: f64,
    /// The lead ends where more than this many blocks (furniture, short
    /// lines, captions) lie between a candidate and the lead or body below
    /// it: a promotion box further up is no part of the article.
    pub lead_max_gap_blocks: usize,
}

impl ExtractSettings {
    /// The values the AEB and date benchmarks were measured with.
    pub const DEFAULT: ExtractSettings = ExtractSettings {
        veto_prose_chars: 80,
        veto_prose_link_divisor: 4,
        veto_share_percent: 40,
        veto_min_chars: 400,
        score_min_chars: 25,
        score_levels: 3,
        score_level_divisors: [1.0, 2.0, 3.0 * 2.0],
        score_max_commas: 10.0,
        score_chars_per_point: 100.0,
        score_max_length_points: 3.0,
        class_weight: 25.0,
        headline_title_min_chars: 10,
        headline_near_blocks: 12,
        headline_bonus: 1.5,
        climb_prose_chars: 40,
        climb_prose_link_divisor: 3,
        climb_levels: 12,
        climb_growth_percent: 120,
        climb_max_link_percent: 35,
        climb_wrapper_max_link_percent: 15,
        sibling_share: 0.2,
        sibling_min_score: 10.0,
        sibling_same_class_share: 0.2,
        sibling_paragraph_chars: 80,
        sibling_paragraph_max_density: 0.25,
        link_item_density: 0.5,
        index_prose_chars: 80,
        min_article_chars: 50,
        index_max_prose: 200,
        index_few_link_items: 5,
        index_many_link_items: 10,
        index_prose_per_item: 40,
        link_dense_density: 0.7,
        byline_max_chars: 100,
        boilerplate_max_chars: 80,
        lead_min_chars: 80,
        lead_max_link_density: 0.25,
        lead_max_gap_blocks: 12,
    };
}

impl Default for ExtractSettings {
    fn default() -> Self {
        ExtractSettings::DEFAULT
    }
}

/// Thresholds of the line rules of chrome removal, in words of the line
/// unless said otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CleanSettings {
    /// A stamp opening a line is metadata only when at least this many words
    /// follow it (else the line is the stamp, judged whole).
    pub stamp_prefix_rest_words: usize,
    /// A line with a time stamp is a bare stamp when at most this many of
    /// its words are not date words ("Last Updated : GMT 09:40:38").
    pub stamp_residual_words: usize,
    /// Text glued before a stamp is a related headline when it has at most
    /// this many words (a headline, not a paragraph).
    pub stamp_headline_words: usize,
    /// Comment-system boilerplate is at most this long ("Leave a reply"):
    /// a longer line quoting it is prose.
    pub comment_system_words: usize,
    /// A copyright line is at most this long; a paragraph about copyright
    /// is not chrome.
    pub copyright_words: usize,
    /// A "Read also:" line is at most this long (the label and a headline).
    pub read_also_words: usize,
    /// A line ending with `*` of at most this many words is a form label
    /// ("Name *", "Security Code*").
    pub form_required_words: usize,
    /// A line that is not a sentence, of at most this many words, holding a
    /// form word ("E-mail", "Subscribe") is a form label.
    pub form_label_words: usize,
    /// A site-credit line ("Powered by X") is at most this long.
    pub site_credit_words: usize,
    /// A share bar is at most this long ...
    pub share_bar_words: usize,
    /// ... names at least this many networks ...
    pub share_bar_networks: usize,
    /// ... and, when it reads as a sentence, one word in this many (or more)
    /// is a network's name.
    pub share_bar_words_per_network: usize,
    /// A line of at most this many words that repeats on the page (and is
    /// no sentence) is site chrome; longer repeated lines are pull quotes.
    pub repeated_line_words: usize,
    /// A line must occur at least this many times to count as repeated.
    pub repeated_line_count: usize,
    /// A line of at most this many words in another script than the page
    /// is chrome (a language menu, a foreign site name).
    pub foreign_script_words: usize,
    /// A line of at most this many words that is one date is the stated date.
    pub stated_date_words: usize,
    /// ... provided the date covers it but for at most this many bytes
    /// ("On 17 January, 2018:").
    pub stated_date_slack_bytes: usize,
    /// A line after a bare time stamp, of at most this many words and not
    /// ending a sentence, is the headline of a related link.
    pub stamped_headline_words: usize,
    /// The first short line is the title when it has at most this many words.
    pub title_words: usize,
    /// A title's fold shorter than this many bytes is not looked for
    /// elsewhere on the page (too likely to match by chance).
    pub title_min_fold_bytes: usize,
    /// A line ending with the title, of at most this many words, is the
    /// title again ("Site name - Title").
    pub title_suffix_words: usize,
    /// A line of at least this many words is a full paragraph: head and tail
    /// runs are what lies before the first and after the last of them.
    pub paragraph_words: usize,
    /// A head or tail run is chrome when it holds at least this many chrome
    /// lines already ...
    pub run_min_chrome: usize,
    /// ... and then its lines of at most this many words that are not
    /// sentences are chrome too.
    pub run_line_words: usize,
    /// In scraped text, the article is the run of lines where long lines
    /// outweigh short ones: a line of at least this many words weighs its
    /// words ...
    pub main_run_long_words: usize,
    /// ... a short line that is a sentence of at least three words weighs
    /// minus this (a closing quote, a one-line paragraph) ...
    pub main_run_sentence_weight: usize,
    /// ... any other line weighs minus this; article lines outside the
    /// heaviest run are chrome (`chrome.outside_main`) ...
    pub main_run_short_weight: usize,
    /// ... when the page has at least this many long lines (else every
    /// line stays where the other rules put it).
    pub main_run_min_long_lines: usize,
    /// In scraped text, the learned line classifier (`lineclass`) decides
    /// the lines no rule named: article text and lines removed only for
    /// their position.
    pub line_classifier: bool,
}

impl CleanSettings {
    /// The values the cleaning benchmarks were measured with.
    pub const DEFAULT: CleanSettings = CleanSettings {
        stamp_prefix_rest_words: 4,
        stamp_residual_words: 1,
        stamp_headline_words: 20,
        comment_system_words: 30,
        copyright_words: 30,
        read_also_words: 25,
        form_required_words: 6,
        form_label_words: 8,
        site_credit_words: 15,
        share_bar_words: 40,
        share_bar_networks: 2,
        share_bar_words_per_network: 3,
        repeated_line_words: 12,
        repeated_line_count: 2,
        foreign_script_words: 12,
        stated_date_words: 6,
        stated_date_slack_bytes: 3,
        stamped_headline_words: 15,
        title_words: 25,
        title_min_fold_bytes: 8,
        title_suffix_words: 40,
        paragraph_words: 20,
        run_min_chrome: 2,
        run_line_words: 15,
        main_run_long_words: 15,
        main_run_sentence_weight: 2,
        main_run_short_weight: 8,
        main_run_min_long_lines: 3,
        line_classifier: true,
    };
}

impl Default for CleanSettings {
    fn default() -> Self {
        CleanSettings::DEFAULT
    }
}
