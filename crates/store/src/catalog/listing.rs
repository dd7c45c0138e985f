//! The public catalog: published courses filtered, searched, sorted and paginated, in
//! one statement (page, tags and total) whatever the page size.

use practicum_domain::{catalog::CourseStatus, identity::UserId};
use sqlx::any::AnyRow;

use super::{
    courses::{attach_tags, from_row, CourseRecord, COLUMNS, FROM},
    search_totals::{Counted, SearchTotals},
};
use crate::{
    query::{all, count, where_all, Param, Params},
    row::get,
    Backend, Session, StoreError,
};

/// Filters of `GET /courses`; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    /// A category slug; its direct subcategories are included.
    pub category: Option<String>,
    /// A tag slug.
    pub tag: Option<String>,
    pub teacher: Option<UserId>,
    pub price_min_cents: Option<i64>,
    pub price_max_cents: Option<i64>,
    /// `Some(true)`: only free courses; `Some(false)`: only paid ones.
    pub free: Option<bool>,
    /// Free text, matched against title and description by the backend's full-text search.
    pub search: Option<String>,
    /// Only the courses this user has bookmarked.
    pub favorite_of: Option<UserId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CourseSort {
    /// Most recently published first.
    #[default]
    Newest,
    /// Best rated first (more ratings break ties).
    Rating,
    /// Most enrolled first.
    Popularity,
}

/// The search words as an FTS5 query: every word quoted (so no operator syntax reaches
/// FTS5) and all required, like PostgreSQL's `plainto_tsquery`.
fn fts5_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stored count (`catalog_counts`, kept by triggers) that equals the number of
/// published courses matching `filter`, when one does: no filter, only a category, or
/// only a tag. Any other combination is counted row by row. `param` is the placeholder
/// the category or tag slug is bound to.
fn stored_count(filter: &CourseFilter, search: Option<&str>, param: &str) -> Option<String> {
    let unfiltered = filter.teacher.is_none()
        && filter.favorite_of.is_none()
        && filter.price_min_cents.is_none()
        && filter.price_max_cents.is_none()
        && filter.free.is_none()
        && search.is_none();
    if !unfiltered {
        return None;
    }
    let scope = match (filter.category.as_deref(), filter.tag.as_deref()) {
        (None, None) => "scope = 'all'".to_owned(),
        (Some(_), None) => format!(
            "scope = 'category' AND scope_id IN (SELECT id FROM categories WHERE slug = {param} \
             OR parent_id IN (SELECT id FROM categories WHERE slug = {param}))"
        ),
        (None, Some(_)) => {
            format!("scope = 'tag' AND scope_id IN (SELECT id FROM tags WHERE slug = {param})")
        }
        (Some(_), Some(_)) => return None,
    };
    Some(format!(
        "SELECT CAST(COALESCE(SUM(published), 0) AS BIGINT) FROM catalog_counts WHERE {scope}"
    ))
}

/// The tag slugs of course `c`, in slug order, joined by `,` (a tag slug is a
/// [`practicum_domain::identity::Slug`]: lower-case letters, digits and `-`); `NULL`
/// without tags. `string_agg … ORDER BY` is the same text on PostgreSQL and SQLite
/// (3.44 and later; the bundled one is 3.46).
pub(crate) const TAG_SLUGS: &str =
    "(SELECT string_agg(t.slug, ',' ORDER BY t.slug) FROM course_tags ct \
     JOIN tags t ON t.id = ct.tag_id WHERE ct.course_id = c.id) AS tag_slugs";

/// The parts of a catalog statement for `filter` and `sort`: the conditions on the rows
/// the page's ids are chosen from, their binds, the order (ending in the id tie-break) and
/// the statement of the total.
struct Selection {
    where_sql: String,
    args: Params,
    order: &'static str,
    count_sql: String,
    /// Whether `count_sql` reads a stored count (else it counts the matching rows).
    stored: bool,
    /// The rows the page's ids and the counted total are chosen from.
    source: Source,
    /// The full-text query of a page read from SQLite's search index
    /// ([`Source::SearchIndex`]), whose total may be one counted before
    /// ([`SearchTotals`]).
    search_query: Option<String>,
}

/// The rows a page's ids and its counted total are chosen from, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The courses (`courses c`), in the order's index.
    Courses,
    /// A tag's links (`course_tags ct`), which carry their course's status, price and
    /// publication time (migration 0145, ADR 0061), in `course_tags_newest_idx`'s order:
    /// for a tag's page in the newest order with at most a price filter beside the tag.
    /// Neither the page nor its total reads a course row per link.
    TagLinks,
    /// SQLite's full-text index of the published courses (`catalog_search`, migration
    /// 0146, ADR 0063), whose rowid is the course's place in the newest order: for a
    /// search alone in the newest order. The page is the index's first matches, the total
    /// the count of its matches, neither reading a course row per match.
    SearchIndex,
    /// PostgreSQL's search table (`course_search s`, migration 0150, ADR 0072), whose rows
    /// carry their course's status and publication time: for a search alone in the newest
    /// order, as [`Source::SearchIndex`] on SQLite. The page is the newest of the matches
    /// the GIN index finds, the total their count, neither reading a course row per match.
    SearchTable,
}

/// The course id in a rowid of `catalog_search`, `published_at * 2^21 + id` (its low 21
/// bits; migration 0146).
const SEARCH_ROWID_ID: &str = "rowid & 2097151";

/// The version of SQLite's search index, drawn anew by every change to it (migration 0147,
/// ADR 0064).
const SEARCH_VERSION: &str = "(SELECT version FROM catalog_search_version)";

impl Source {
    fn new(
        backend: Backend,
        filter: &CourseFilter,
        search: Option<&str>,
        sort: CourseSort,
    ) -> Self {
        let only_newest = sort == CourseSort::Newest
            && filter.category.is_none()
            && filter.teacher.is_none()
            && filter.favorite_of.is_none();
        let no_price = filter.price_min_cents.is_none()
            && filter.price_max_cents.is_none()
            && filter.free.is_none();
        match (filter.tag.is_some(), search.is_some()) {
            (true, false) if only_newest => Self::TagLinks,
            (false, true) if only_newest && no_price => match backend {
                Backend::Sqlite => Self::SearchIndex,
                Backend::Postgres => Self::SearchTable,
            },
            _ => Self::Courses,
        }
    }

    /// The table (and alias) in `FROM`.
    fn table(self) -> &'static str {
        match self {
            Self::Courses => "courses c",
            Self::TagLinks => "course_tags ct",
            Self::SearchIndex => "catalog_search",
            Self::SearchTable => "course_search s",
        }
    }

    /// The course id of a row, and the order of the rows (the same as `order` on the
    /// courses: the links and the search index hold it in their own columns).
    fn id_and_order(self, order: &'static str) -> (&'static str, &'static str) {
        match self {
            Self::Courses => ("c.id", order),
            Self::TagLinks => ("ct.course_id", "ct.published_at DESC, ct.course_id DESC"),
            Self::SearchIndex => (SEARCH_ROWID_ID, "rowid DESC"),
            Self::SearchTable => ("s.course_id", "s.published_at DESC, s.course_id DESC"),
        }
    }
}

impl Selection {
    fn new(backend: Backend, filter: &CourseFilter, sort: CourseSort) -> Self {
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let source = Source::new(backend, filter, search, sort);
        // The alias of the rows the conditions are on.
        let r = match source {
            Source::TagLinks => "ct",
            Source::SearchTable => "s",
            Source::Courses | Source::SearchIndex => "c",
        };
        let mut conditions = Vec::new();
        // The search index holds only published courses.
        if source != Source::SearchIndex {
            conditions.push(format!("{r}.status = 'published'"));
        }
        let mut args = Params::default();
        let mut search_query = None;
        // The placeholder of the category or tag slug, for the stored count.
        let mut slug_param = String::new();
        if let Some(category) = &filter.category {
            let p = args.add(Param::Text(category.clone()));
            conditions.push(format!(
                "c.category_id IN (SELECT id FROM categories WHERE slug = {p} \
                 OR parent_id IN (SELECT id FROM categories WHERE slug = {p}))"
            ));
            slug_param = p;
        }
        if let Some(tag) = &filter.tag {
            let p = args.add(Param::Text(tag.clone()));
            conditions.push(if source == Source::TagLinks {
                // `=`, not `IN`: one tag, so that its links come out in the index's order.
                format!("ct.tag_id = (SELECT id FROM tags WHERE slug = {p})")
            } else {
                format!(
                    "c.id IN (SELECT ct.course_id FROM course_tags ct \
                     WHERE ct.tag_id IN (SELECT id FROM tags WHERE slug = {p}))"
                )
            });
            slug_param = p;
        }
        if let Some(teacher) = filter.teacher {
            let p = args.add(Param::Int(teacher.0));
            conditions.push(format!("c.teacher_id = {p}"));
        }
        if let Some(user) = filter.favorite_of {
            let p = args.add(Param::Int(user.0));
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM favorites f WHERE f.course_id = c.id AND f.user_id = {p})"
            ));
        }
        if let Some(min) = filter.price_min_cents {
            let p = args.add(Param::Int(min));
            conditions.push(format!("{r}.price_cents >= {p}"));
        }
        if let Some(max) = filter.price_max_cents {
            let p = args.add(Param::Int(max));
            conditions.push(format!("{r}.price_cents <= {p}"));
        }
        match filter.free {
            Some(true) => conditions.push(format!("{r}.price_cents = 0")),
            Some(false) => conditions.push(format!("{r}.price_cents > 0")),
            None => {}
        }
        if let Some(text) = search {
            match backend {
                Backend::Postgres => {
                    let p = args.add(Param::Text(text.to_owned()));
                    // The course's tsvector is in its own table (ADR 0072).
                    let matches = format!("s.search_vector @@ plainto_tsquery('english', {p})");
                    conditions.push(match source {
                        Source::SearchTable => matches,
                        _ => format!(
                            "c.id IN (SELECT s.course_id FROM course_search s WHERE {matches})"
                        ),
                    });
                }
                Backend::Sqlite => {
                    let query = fts5_query(text);
                    if query.is_empty() {
                        conditions.push("1 = 0".to_owned());
                    } else {
                        if source == Source::SearchIndex {
                            search_query = Some(query.clone());
                        }
                        let p = args.add(Param::Text(query));
                        let matches = format!("catalog_search MATCH {p}");
                        conditions.push(match source {
                            Source::SearchIndex => matches,
                            _ => format!(
                                "c.id IN (SELECT {SEARCH_ROWID_ID} FROM catalog_search \
                                 WHERE {matches})"
                            ),
                        });
                    }
                }
            }
        }
        let order = match sort {
            CourseSort::Newest => "c.published_at DESC, c.id DESC",
            CourseSort::Rating => "c.rating_avg DESC, c.rating_count DESC, c.id DESC",
            CourseSort::Popularity => "c.enrollment_count DESC, c.rating_avg DESC, c.id DESC",
        };
        let table = source.table();
        let where_sql = conditions.join(" AND ");
        let stored = stored_count(filter, search, &slug_param);
        let is_stored = stored.is_some();
        let count_sql =
            stored.unwrap_or_else(|| format!("SELECT COUNT(*) FROM {table} WHERE {where_sql}"));
        Self {
            where_sql,
            args,
            order,
            count_sql,
            stored: is_stored,
            source,
            search_query,
        }
    }

    /// The sub-select of the page's ids, in order (`id`, then `extra` columns).
    fn page_ids(&self, extra: &str, limit: i64, offset: i64) -> String {
        let Self {
            where_sql,
            order,
            source,
            ..
        } = self;
        let table = source.table();
        let (id, order) = source.id_and_order(order);
        format!(
            "SELECT {id} AS id{extra} FROM {table} WHERE {where_sql} \
             ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        )
    }

    /// The statement of one page: `columns` over the page's rows of `courses c` joined
    /// to `joins`, each row with the total (see [`list_published`]).
    fn page_sql(&self, columns: &str, joins: &str, limit: i64, offset: i64) -> String {
        let Self {
            order, count_sql, ..
        } = self;
        let ids = self.page_ids("", limit, offset);
        format!(
            "SELECT {columns}, ({count_sql}) AS total FROM ({ids}) page, {joins} \
             WHERE c.id = page.id ORDER BY {order}"
        )
    }

    /// The total alone, for a page past the end (no row to carry it).
    async fn total(&self, s: &mut dyn Session) -> Result<i64, StoreError> {
        let sql = format!("SELECT ({}) AS n", self.count_sql);
        count(self.args.bind(&sql), s.conn()).await
    }
}

/// One page of published courses matching `filter`, and the total, in one statement
/// (one round trip; see `docs/PERFORMANCE.md`, "Catalog, uncached").
///
/// The page's ids are chosen first from the courses alone (in the order's index, which
/// ends in the id tie-break, so `OFFSET` steps over index entries; a tag's page in the
/// newest order from its links alone, a search alone in the newest order from SQLite's
/// search index or PostgreSQL's search table alone, [`Source`]), and only those rows
/// are joined to their teacher, profile and category; each row carries its tags
/// ([`TAG_SLUGS`]) and the total, an uncorrelated sub-select run once per statement: the
/// stored count when the filter has one ([`stored_count`]), else `COUNT(*)`. Only a page
/// past the end (no row to carry the total) costs a second statement, the count alone.
///
/// `LIMIT` and `OFFSET` are written into the text, not bound: PostgreSQL plans a
/// statement with a bound `LIMIT` for every execution (its generic plan assumes a tenth
/// of the rows, so it is never chosen), and that planning cost more than running it. A
/// text per page size and page is prepared once per connection (sqlx keeps 100).
pub async fn list_published(
    s: &mut dyn Session,
    filter: &CourseFilter,
    sort: CourseSort,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CourseRecord>, i64), StoreError> {
    let (limit, offset) = (limit.max(0), offset.max(0));
    let selection = Selection::new(s.backend(), filter, sort);
    let page_sql = selection.page_sql(&format!("{COLUMNS}, {TAG_SLUGS}"), FROM, limit, offset);
    let rows = selection.args.bind(&page_sql).fetch_all(s.conn()).await?;
    let mut total = 0;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        total = get(row, "total")?;
        items.push(course_with_tags(row)?);
    }
    if items.is_empty() && (offset > 0 || limit == 0) {
        total = selection.total(s).await?;
    }
    Ok((items, total))
}

/// What separates the courses of a [`list_published_cards`] row: a control character,
/// which JSON writes escaped inside a string, so no card holds one.
const SEPARATOR: char = '\u{1e}';

/// A course of a catalog page read as its stored card ([`super::cards`]).
#[derive(Debug, Clone)]
pub struct CardEntry {
    pub course_id: i64,
    /// The course's own language (its title and description are in it).
    pub language: String,
    /// The card with the enrolment count written in; `None` while it is stale (the caller
    /// reads that course from its tables: [`super::cards::records`]).
    pub card: Option<String>,
}

/// [`list_published`] as stored cards: the same page, order and total in one statement
/// of one row, whatever the page size. The database joins the page's courses into one
/// text, each `id,language,card` (an empty card when stale), by [`SEPARATOR`], in no
/// particular order, and their ids in the page's order into another (`string_agg … ORDER
/// BY`, the same text on PostgreSQL and on SQLite 3.44+), which puts the courses in order
/// here: an ordered aggregate sorts what it aggregates, and sorting the narrow ids instead
/// of the cards (31 KB for a page of 50) spares SQLite a temporary B-tree of the cards
/// (`docs/PERFORMANCE.md`, "Tenth round"). An id has no comma, nor has a language
/// (letters and `-`). A page past the end is the same row without courses (on SQLite
/// without a stored count, a second statement counts them).
///
/// A search alone in the newest order on SQLite ([`Source::SearchIndex`]) takes its total
/// from `totals` when the search index is still at the version that total was counted at,
/// which the same statement checks, and leaves there the total it counted otherwise
/// ([`super::search_totals`], ADR 0064).
pub async fn list_published_cards(
    s: &mut dyn Session,
    filter: &CourseFilter,
    sort: CourseSort,
    limit: i64,
    offset: i64,
    totals: &SearchTotals,
) -> Result<(Vec<CardEntry>, i64), StoreError> {
    let (limit, offset) = (limit.max(0), offset.max(0));
    let mut selection = Selection::new(s.backend(), filter, sort);
    let order = selection.order;
    // Without a stored count, SQLite's page counts the matches as it goes (a window over
    // every match: its plans for these filters visit every match to sort them anyway)
    // instead of a second scan (search +6-10 %). PostgreSQL's plan
    // for a page can stop after its rows (an ordered index, probing each entry's tags);
    // a window makes it probe every entry (the tag and price page: 0.6 → 14.5 ms), so
    // there the total stays a separate sub-select, planned on its own.
    // A page from a tag's links or from the search index ([`Source`]) stops after its
    // rows: its total is a sub-select.
    let window =
        !selection.stored && s.backend() == Backend::Sqlite && selection.source == Source::Courses;
    let (matches, mut total_sql) = if window {
        (
            ", COUNT(*) OVER () AS matches",
            "MAX(page.matches)".to_owned(),
        )
    } else {
        ("", format!("({})", selection.count_sql))
    };
    // A search read from SQLite's index: the total counted before, if the index is at the
    // version it was counted at, else counted (ADR 0064); the version read beside it.
    let mut version_sql = String::new();
    if let Some(query) = &selection.search_query {
        if let Some(known) = totals.get(query) {
            let v = selection.args.add(Param::Int(known.version));
            let t = selection.args.add(Param::Int(known.total));
            total_sql = format!("CASE WHEN {SEARCH_VERSION} = {v} THEN {t} ELSE {total_sql} END");
        }
        version_sql = format!(", {SEARCH_VERSION} AS search_version");
    }
    let ids = selection.page_ids(matches, limit, offset);
    let sql = format!(
        "SELECT string_agg(CAST(c.id AS TEXT), ',' ORDER BY {order}) AS ids, \
         string_agg(CAST(c.id AS TEXT) || ',' || c.language || ',' \
         || COALESCE(cc.head || CAST(c.enrollment_count AS TEXT) || cc.tail, ''), \
         '{SEPARATOR}') AS courses, {total_sql} AS total{version_sql} \
         FROM ({ids}) page \
         JOIN courses c ON c.id = page.id LEFT JOIN course_cards cc ON cc.course_id = c.id"
    );
    let row = selection.args.bind(&sql).fetch_one(s.conn()).await?;
    let ids: Option<String> = get(&row, "ids")?;
    let courses: Option<String> = get(&row, "courses")?;
    let (Some(ids), Some(courses)) = (ids, courses) else {
        // No row on the page: a sub-select's total came with it, a window's did not.
        let total = match window {
            false => get(&row, "total")?,
            true => selection.total(s).await?,
        };
        remember_search_total(&selection, &row, total, totals)?;
        return Ok((Vec::new(), total));
    };
    let total: i64 = get(&row, "total")?;
    remember_search_total(&selection, &row, total, totals)?;
    let unordered = courses
        .split(SEPARATOR)
        .map(|entry| {
            let mut parts = entry.splitn(3, ',');
            let (Some(id), Some(language), Some(card)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(StoreError::Corrupt(format!("a catalog card {entry:.40}")));
            };
            Ok(CardEntry {
                course_id: id
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("a course id {id}")))?,
                language: language.to_owned(),
                card: Some(card).filter(|c| !c.is_empty()).map(str::to_owned),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((in_page_order(unordered, &ids)?, total))
}

/// Remembers the total of a page read from SQLite's search index with the index's version
/// that the same statement read.
fn remember_search_total(
    selection: &Selection,
    row: &AnyRow,
    total: i64,
    totals: &SearchTotals,
) -> Result<(), StoreError> {
    if let Some(query) = &selection.search_query {
        let version: i64 = get(row, "search_version")?;
        totals.remember(query, Counted { version, total });
    }
    Ok(())
}

/// `entries` in the order of `ids` (course ids joined by `,`), each id once.
fn in_page_order(mut entries: Vec<CardEntry>, ids: &str) -> Result<Vec<CardEntry>, StoreError> {
    let mut ordered = Vec::with_capacity(entries.len());
    for id in ids.split(',') {
        let at = id
            .parse::<i64>()
            .ok()
            .and_then(|id| entries.iter().position(|e| e.course_id == id))
            .ok_or_else(|| StoreError::Corrupt(format!("a catalog page's course id {id}")))?;
        ordered.push(entries.swap_remove(at));
    }
    if !entries.is_empty() {
        return Err(StoreError::Corrupt(
            "a catalog page's courses and ids differ".to_owned(),
        ));
    }
    Ok(ordered)
}

/// A row of [`COLUMNS`] and [`TAG_SLUGS`] as the course with its tags.
pub(crate) fn course_with_tags(row: &AnyRow) -> Result<CourseRecord, StoreError> {
    let mut course = from_row(row)?;
    let tags: Option<String> = get(row, "tag_slugs")?;
    course.tags = tags
        .map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(course)
}

/// Who a staff list is for: one teacher's own courses (newest change first), or the
/// moderation queue over every teacher (longest unchanged first).
#[derive(Debug, Clone, Copy)]
pub enum ManagedScope {
    Teacher(UserId),
    Queue,
}

/// One page of courses in any status (optionally one), for their teacher or staff, and
/// the total: three queries whatever the page size.
pub async fn list_managed(
    s: &mut dyn Session,
    scope: ManagedScope,
    status: Option<CourseStatus>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CourseRecord>, i64), StoreError> {
    let mut conditions: Vec<String> = Vec::new();
    let mut args = Params::default();
    let order = match scope {
        ManagedScope::Teacher(id) => {
            let p = args.add(Param::Int(id.0));
            conditions.push(format!("c.teacher_id = {p}"));
            "c.updated_at DESC, c.id DESC"
        }
        ManagedScope::Queue => "c.updated_at ASC, c.id ASC",
    };
    if let Some(status) = status {
        let p = args.add(Param::Text(status.as_str().to_owned()));
        conditions.push(format!("c.status = {p}"));
    }
    let where_sql = where_all(&conditions);
    let count_sql = format!("SELECT COUNT(*) AS n FROM courses c WHERE {where_sql}");
    let total = count(args.bind(&count_sql), s.conn()).await?;
    let page_sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE {where_sql} ORDER BY {order} {}",
        args.limit_offset()
    );
    let page = args.bind(&page_sql).bind(limit).bind(offset);
    let mut items: Vec<CourseRecord> = all(page, s.conn(), from_row).await?;
    attach_tags(s, &mut items).await?;
    Ok((items, total))
}

#[cfg(test)]
mod tests {
    use super::{fts5_query, in_page_order, CardEntry};

    fn entry(course_id: i64) -> CardEntry {
        CardEntry {
            course_id,
            language: "en".to_owned(),
            card: Some(format!("{{\"course_id\":{course_id}}}")),
        }
    }

    #[test]
    fn cards_come_out_in_the_order_of_the_page_ids() {
        let unordered = vec![entry(7), entry(3), entry(12), entry(5)];
        let ordered = in_page_order(unordered, "12,3,5,7").unwrap();
        let ids: Vec<i64> = ordered.iter().map(|e| e.course_id).collect();
        assert_eq!(ids, [12, 3, 5, 7]);
        assert_eq!(ordered[0].card.as_deref(), Some("{\"course_id\":12}"));
    }

    #[test]
    fn cards_and_ids_that_differ_are_refused() {
        assert!(
            in_page_order(vec![entry(1), entry(2)], "1").is_err(),
            "a card left over"
        );
        assert!(
            in_page_order(vec![entry(1)], "1,2").is_err(),
            "an id without a card"
        );
        assert!(in_page_order(vec![entry(1)], "x").is_err(), "not an id");
    }

    #[test]
    fn search_text_never_reaches_fts5_as_syntax() {
        assert_eq!(fts5_query("deep  learning"), "\"deep\" \"learning\"");
        assert_eq!(
            fts5_query("NEAR(\"a\" OR b*)"),
            "\"NEAR\" \"a\" \"OR\" \"b\""
        );
        assert_eq!(fts5_query("--"), "");
    }
}
