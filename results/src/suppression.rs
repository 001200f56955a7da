//! Small-number protection: which counts a report withholds, so that nobody can be picked out of
//! a small group, and so that no withheld count can be worked out from what is shown.
//!
//! Two rules, for a list of counts ([`suppress`], one question on its own) and for a two-way
//! table ([`protect`], a question broken down by another, or responses by week):
//!
//! - *Primary*: a count under the minimum (zero included) is withheld.
//! - *Secondary*: enough other counts are withheld too that none of the withheld ones can be
//!   worked out from the totals and the counts shown.
//!
//! For a table the second rule is checked, not hoped for. A reader knows the counts shown, the
//! totals shown (and those shown elsewhere in the report), that every count is a whole number
//! of at least zero, that one shown as `<10` is under 10 and that one shown as `withheld` is not.
//! Those facts are a network flow: a count flows from the grand total into its row, from its
//! row to its column, and back from the column into the grand total, and each node keeps what
//! comes in equal to what goes out. A withheld count can be worked out exactly when no other
//! value of it fits all those facts; since the values that fit form an unbroken range (the
//! constraints are totally unimodular), it is enough to ask whether one more or one less fits,
//! and each question is one maximum flow. Cells are withheld until none can be worked out, the
//! smallest count that frees the one in question first; if even withholding every cell of the
//! table leaves one that can be worked out, the whole table is withheld.

/// How a count is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The count (and its percentage).
    Count,
    /// Under the minimum: withheld.
    Small,
    /// Withheld so that a small one cannot be worked out from the totals.
    Secondary,
}

impl Shown {
    pub fn withheld(self) -> bool {
        self != Shown::Count
    }
}

/// Which counts of one question to withhold: those under `min_cell`, and if that is exactly
/// one, the next smallest too (the first of equals). The second value says the total must be
/// withheld as well: exactly one count is small and there is no other to withhold with it.
pub fn suppress(counts: &[usize], min_cell: usize) -> (Vec<Shown>, bool) {
    let mut shown: Vec<Shown> =
        counts.iter().map(|&c| if c < min_cell { Shown::Small } else { Shown::Count }).collect();
    let small = shown.iter().filter(|s| **s == Shown::Small).count();
    if small != 1 {
        return (shown, false);
    }
    let next = (0..counts.len()).filter(|&i| shown[i] == Shown::Count).min_by_key(|&i| (counts[i], i));
    match next {
        Some(i) => {
            shown[i] = Shown::Secondary;
            (shown, false)
        }
        None => (shown, true),
    }
}

/// What a reader knows of a row's total from elsewhere in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elsewhere {
    /// Nothing.
    Unknown,
    /// That it is at most this (a group's size, shown with the breakdown question's own counts).
    AtMost(usize),
    /// That it lies between these two (inclusive).
    Within(usize, usize),
    /// Its value.
    Known,
}

/// A two-way table of counts, and what a reader knows of it before it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `counts[row][column]`. Every row has as many counts as there are columns.
    pub counts: Vec<Vec<usize>>,
    /// Rows that are never shown (those who did not answer the breakdown question): their counts
    /// are in the column totals but not in the table.
    pub hidden_rows: Vec<bool>,
    /// Columns that are never shown (for a multiple-choice option, those who did not tick it).
    pub hidden_columns: Vec<bool>,
    /// Hidden rows whose counts are nonetheless listed, each as withheld (a group whose own count
    /// is withheld): none of them may be worked out, though none is ever shown.
    pub told_rows: Vec<bool>,
    /// Hidden columns whose counts are listed each as withheld, likewise.
    pub told_columns: Vec<bool>,
    /// What a reader knows of each row's total from elsewhere. A shown row's total is also shown
    /// in the table unless withheld.
    pub row_totals: Vec<Elsewhere>,
    /// What a reader knows of each column's total from elsewhere (a question's own counts).
    pub column_totals: Vec<Elsewhere>,
    /// The grand total is shown elsewhere.
    pub total_known: bool,
    /// Row totals that must be withheld whatever the counts (withheld in a table that shares them).
    pub withhold_row_totals: Vec<bool>,
    /// Whether the rows' totals are shown with the table (else they are only what `row_totals`
    /// says a reader knows).
    pub show_row_totals: bool,
    /// An upper bound a reader knows for every cell of a row (ticks of one option are at most the
    /// number who answered).
    pub cell_caps: Vec<Option<usize>>,
    /// What a reader certainly knows without the table, when the facts above assume more (to be
    /// safe) than a reader can know: a cell that can be worked out from these alone is no secret
    /// of the table's. `None`: the facts above are all certain.
    pub certain: Option<Certain>,
    /// The sizes of the groups the first rows (or columns) count, as a reader knows them: certain,
    /// so before the table as well as with it.
    pub sizes: Option<Sizes>,
}

/// How many are in each group whose answers the first rows (or the first columns) count: a
/// breakdown question's own counts. A group's total in the table is at most its size, and what
/// a reader knows of the sizes is known of them together (they add up to how many answered the
/// breakdown question), not only one by one: two small groups that hold one person between them
/// answered at most once between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizes {
    /// Whether the groups are rows (or else columns).
    pub rows: bool,
    /// Each group's size and what a reader knows of it, from the first row (or column) on.
    pub groups: Vec<(usize, Elsewhere)>,
    /// The sizes' sum is shown.
    pub total_known: bool,
}

/// What a reader certainly knows of a table's totals without it.
#[derive(Debug, Clone, PartialEq)]
pub struct Certain {
    pub row_totals: Vec<Elsewhere>,
    pub column_totals: Vec<Elsewhere>,
    pub total_known: bool,
}

impl Table {
    /// A table whose columns and grand total are known to the reader, nothing hidden, no row total
    /// known from elsewhere.
    pub fn new(counts: Vec<Vec<usize>>) -> Table {
        let (rows, columns) = (counts.len(), counts.first().map_or(0, Vec::len));
        Table {
            counts,
            hidden_rows: vec![false; rows],
            hidden_columns: vec![false; columns],
            told_rows: vec![false; rows],
            told_columns: vec![false; columns],
            row_totals: vec![Elsewhere::Unknown; rows],
            column_totals: vec![Elsewhere::Known; columns],
            total_known: true,
            withhold_row_totals: vec![false; rows],
            show_row_totals: true,
            cell_caps: vec![None; rows],
            certain: None,
            sizes: None,
        }
    }

    fn rows(&self) -> usize {
        self.counts.len()
    }

    fn columns(&self) -> usize {
        self.hidden_columns.len()
    }

    fn row_total(&self, row: usize) -> usize {
        self.counts[row].iter().sum()
    }

    /// Whether the table is well formed: rows of one length, and every list as long as it says.
    pub fn check(&self) -> Result<(), String> {
        let (rows, columns) = (self.rows(), self.columns());
        if let Some(r) = self.counts.iter().position(|row| row.len() != columns) {
            return Err(format!("row {r} has {} counts, not {columns}", self.counts[r].len()));
        }
        for (what, len, want) in [
            ("hidden_rows", self.hidden_rows.len(), rows),
            ("told_rows", self.told_rows.len(), rows),
            ("told_columns", self.told_columns.len(), columns),
            ("row_totals", self.row_totals.len(), rows),
            ("withhold_row_totals", self.withhold_row_totals.len(), rows),
            ("cell_caps", self.cell_caps.len(), rows),
            ("column_totals", self.column_totals.len(), columns),
        ] {
            if len != want {
                return Err(format!("{what} has {len} entries for {want}"));
            }
        }
        if let Some(sizes) = &self.sizes {
            let most = if sizes.rows { rows } else { columns };
            if sizes.groups.len() > most {
                return Err(format!("sizes has {} groups for {most}", sizes.groups.len()));
            }
        }
        Ok(())
    }
}

/// How each count of a [`Table`] is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// `cells[row][column]`; a hidden row's or column's cells are `Secondary` (never shown).
    pub cells: Vec<Vec<Shown>>,
    /// Each row's total; a hidden row's is `Secondary`.
    pub row_totals: Vec<Shown>,
    /// Nothing of the table can be shown: even with every count withheld, one could be worked out.
    pub withheld_whole: bool,
}

/// One count of a table: a cell or a row's total, or a count the table is made from and never
/// shows: a column's total or a group's size (a question's own counts, which the summary lists on
/// their own and may withhold there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Cell(usize, usize),
    RowTotal(usize),
    ColumnTotal(usize),
    /// The size of the `n`th group of [`Sizes`].
    GroupSize(usize),
}

/// Which counts of `table` to withhold, so that none under `min_cell` is shown and none
/// withheld can be worked out. Panics never; a malformed table is an error.
pub fn protect(table: &Table, min_cell: usize) -> Result<Protection, String> {
    table.check()?;
    let mut state = State::primary(table, min_cell);
    while let Some(pinned) = state.first_pinned() {
        if let Some(rectangle) = state.cheapest_freeing_rectangle(pinned) {
            for item in rectangle {
                state.set(item, Shown::Secondary);
            }
            continue;
        }
        let candidates = state.candidates(pinned);
        if candidates.is_empty() {
            state.withhold_all();
            let whole = state.first_pinned().is_some();
            return Ok(state.protection(whole));
        }
        // The smallest count whose withholding frees the pinned one; else the smallest.
        let freeing = candidates.iter().copied().find(|&c| {
            state.set(c, Shown::Secondary);
            let freed = !state.pinned(pinned);
            state.set(c, Shown::Count);
            freed
        });
        state.set(freeing.unwrap_or(candidates[0]), Shown::Secondary);
    }
    Ok(state.protection(false))
}

/// The range of values a withheld count could have, given all that a reader knows with this
/// protection: `(least, most)`, `most` being `None` when unbounded. For tests and reports.
pub fn range(table: &Table, protection: &Protection, min_cell: usize, item: Item) -> (usize, Option<usize>) {
    let state = State {
        table,
        min_cell,
        cells: protection.cells.clone(),
        totals: protection.row_totals.clone(),
        elsewhere: Vec::new(),
        elsewhere_totals: Vec::new(),
        elsewhere_margins: Vec::new(),
        blind: false,
    };
    let network = state.network();
    let edge = state.edge_of(item);
    let value = network.edges[edge].value;
    let fits = |v: usize| network.feasible(edge, v);
    // The values that fit are a range that holds the true one: search each way from it.
    let least = {
        let (mut lo, mut hi) = (0, value); // hi fits
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits(mid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    };
    let most = if fits(network.unbounded) {
        None
    } else {
        let (mut lo, mut hi) = (value, network.unbounded); // lo fits, hi does not
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(lo)
    };
    (least, most)
}

struct State<'t> {
    table: &'t Table,
    min_cell: usize,
    cells: Vec<Vec<Shown>>,
    totals: Vec<Shown>,
    /// Cells a reader can work out without this table (from the totals known elsewhere): no
    /// secret of the table's, so never the reason to withhold more.
    elsewhere: Vec<Vec<bool>>,
    /// Row totals a reader can work out without this table, likewise.
    elsewhere_totals: Vec<bool>,
    /// Column totals and group sizes a reader can work out without this table, likewise.
    elsewhere_margins: Vec<Item>,
    /// The network of what a reader knows before seeing the table: every cell and row total
    /// unknown but for what `Table` says is known elsewhere.
    blind: bool,
}

impl<'t> State<'t> {
    fn primary(table: &'t Table, min_cell: usize) -> State<'t> {
        let hidden = |r: usize, c: usize| table.hidden_rows[r] || table.hidden_columns[c];
        let cells = (0..table.rows())
            .map(|r| {
                (0..table.columns())
                    .map(|c| match table.counts[r][c] {
                        _ if hidden(r, c) => Shown::Secondary,
                        n if n < min_cell => Shown::Small,
                        _ => Shown::Count,
                    })
                    .collect()
            })
            .collect();
        let totals = (0..table.rows())
            .map(|r| match table.row_total(r) {
                _ if table.hidden_rows[r] || !table.show_row_totals => Shown::Secondary,
                n if n < min_cell => Shown::Small,
                _ if table.withhold_row_totals[r] => Shown::Secondary,
                _ => Shown::Count,
            })
            .collect();
        let mut state = State {
            table,
            min_cell,
            cells,
            totals,
            elsewhere: Vec::new(),
            elsewhere_totals: Vec::new(),
            elsewhere_margins: Vec::new(),
            blind: false,
        };
        let blind = State {
            table,
            min_cell,
            cells: vec![vec![Shown::Secondary; table.columns()]; table.rows()],
            totals: vec![Shown::Secondary; table.rows()],
            elsewhere: Vec::new(),
            elsewhere_totals: Vec::new(),
            elsewhere_margins: Vec::new(),
            blind: true,
        };
        let network = blind.network();
        state.elsewhere = (0..table.rows())
            .map(|r| (0..table.columns()).map(|c| network.pinned(blind.edge_of(Item::Cell(r, c)))).collect())
            .collect();
        state.elsewhere_totals = (0..table.rows()).map(|r| network.pinned(blind.edge_of(Item::RowTotal(r)))).collect();
        state.elsewhere_margins = state.margins().filter(|&i| network.pinned(blind.edge_of(i))).collect();
        state
    }

    fn get(&self, item: Item) -> Shown {
        match item {
            Item::Cell(r, c) => self.cells[r][c],
            Item::RowTotal(r) => self.totals[r],
            // Never shown by the table.
            Item::ColumnTotal(_) | Item::GroupSize(_) => Shown::Secondary,
        }
    }

    fn set(&mut self, item: Item, shown: Shown) {
        match item {
            Item::Cell(r, c) => self.cells[r][c] = shown,
            Item::RowTotal(r) => self.totals[r] = shown,
            Item::ColumnTotal(_) | Item::GroupSize(_) => {}
        }
    }

    fn count(&self, item: Item) -> usize {
        match item {
            Item::Cell(r, c) => self.table.counts[r][c],
            Item::RowTotal(r) => self.table.row_total(r),
            Item::ColumnTotal(c) => self.table.counts.iter().map(|row| row[c]).sum(),
            Item::GroupSize(g) => self.table.sizes.as_ref().map_or(0, |s| s.groups[g].0),
        }
    }

    /// The counts the table is made from that are withheld where they are listed on their own: a
    /// hidden column's total, or a hidden group's size, that a reader does not know. The table
    /// must not give them away either, alone or with the rest of what is shown.
    fn margins(&self) -> impl Iterator<Item = Item> + '_ {
        let t = self.table;
        let columns = (0..t.columns())
            .filter(|&c| t.hidden_columns[c] && t.column_totals[c] != Elsewhere::Known)
            .map(Item::ColumnTotal);
        let groups = t.sizes.iter().flat_map(|s| s.groups.iter().enumerate().map(move |g| (s.rows, g)));
        let hidden = |rows: bool, g: usize| if rows { t.hidden_rows[g] } else { t.hidden_columns[g] };
        columns.chain(
            groups
                .filter(move |&(rows, (g, (_, told)))| hidden(rows, g) && *told != Elsewhere::Known)
                .map(|(_, (g, _))| Item::GroupSize(g)),
        )
    }

    /// The counts a reader sees or is told are withheld: every cell and row total not hidden, or
    /// hidden but listed as withheld.
    fn shown_items(&self) -> impl Iterator<Item = Item> + '_ {
        let t = self.table;
        let row = move |r: usize| !t.hidden_rows[r] || t.told_rows[r];
        let column = move |c: usize| !t.hidden_columns[c] || t.told_columns[c];
        let cells = (0..t.rows())
            .flat_map(move |r| (0..t.columns()).map(move |c| (r, c)))
            .filter(move |&(r, c)| row(r) && column(c))
            .map(|(r, c)| Item::Cell(r, c));
        let totals = (0..t.rows()).filter(move |&r| row(r) && t.show_row_totals).map(Item::RowTotal);
        cells.chain(totals)
    }

    /// The first withheld count a reader could work out (a row total known from elsewhere is
    /// no secret of this table's).
    fn first_pinned(&self) -> Option<Item> {
        let items: Vec<Item> = self
            .shown_items()
            .filter(|&i| self.get(i).withheld())
            .chain(self.margins())
            .filter(|&i| !self.known_elsewhere(i))
            .collect();
        let network = self.network();
        items.into_iter().find(|&i| network.pinned(self.edge_of(i)))
    }

    fn pinned(&self, item: Item) -> bool {
        self.network().pinned(self.edge_of(item))
    }

    /// Whether a reader knows this count from elsewhere, whatever this table shows.
    fn known_elsewhere(&self, item: Item) -> bool {
        let t = self.table;
        match item {
            Item::RowTotal(r) => {
                t.row_totals[r] == Elsewhere::Known || self.elsewhere_totals.get(r).is_some_and(|known| *known)
            }
            Item::Cell(r, c) => self.elsewhere.get(r).is_some_and(|row| row[c]),
            Item::ColumnTotal(_) | Item::GroupSize(_) => self.elsewhere_margins.contains(&item),
        }
    }

    /// The shown counts that, withheld with `item`, make a rectangle of withheld counts around
    /// which one can move up and the next down without changing any total, smallest total first,
    /// the first that frees `item`. The row totals are a column of their own here: a row's
    /// cells less its total sum to zero, so a rectangle through them balances too.
    fn cheapest_freeing_rectangle(&mut self, item: Item) -> Option<Vec<Item>> {
        let at = |r: usize, c: Option<usize>| c.map_or(Item::RowTotal(r), |c| Item::Cell(r, c));
        let (row, column) = match item {
            Item::Cell(r, c) => (r, Some(c)),
            Item::RowTotal(r) => (r, None),
            Item::ColumnTotal(_) | Item::GroupSize(_) => return None,
        };
        let columns: Vec<Option<usize>> = (0..self.table.columns()).map(Some).chain([None]).collect();
        let mut rectangles: Vec<(usize, Vec<Item>)> = Vec::new();
        for other_row in (0..self.table.rows()).filter(|&r| r != row) {
            for &other_column in columns.iter().filter(|&&c| c != column) {
                let corners = [at(row, other_column), at(other_row, column), at(other_row, other_column)];
                if corners.iter().any(|&i| self.known_elsewhere(i)) {
                    continue;
                }
                let add: Vec<Item> = corners.into_iter().filter(|&i| self.get(i) == Shown::Count).collect();
                rectangles.push((add.iter().map(|&i| self.count(i)).sum(), add));
            }
        }
        rectangles.sort_by_key(|(cost, add)| (*cost, add.len()));
        for (_, add) in rectangles {
            add.iter().for_each(|&i| self.set(i, Shown::Secondary));
            if !self.pinned(item) {
                return Some(add);
            }
            add.iter().for_each(|&i| self.set(i, Shown::Count));
        }
        None
    }

    /// Shown counts in the same row or column as `item`, smallest first; if there are none,
    /// every shown count.
    fn candidates(&self, item: Item) -> Vec<Item> {
        let rows = self.table.sizes.as_ref().is_none_or(|s| s.rows);
        let near = |i: Item| match (item, i) {
            (Item::Cell(r, c), Item::Cell(r2, c2)) => r == r2 || c == c2,
            (Item::Cell(r, _), Item::RowTotal(r2)) | (Item::RowTotal(r), Item::Cell(r2, _)) => r == r2,
            (Item::RowTotal(_), Item::RowTotal(_)) => true,
            (Item::ColumnTotal(c), Item::Cell(_, c2)) => c == c2,
            (Item::GroupSize(g), Item::Cell(r, c)) => {
                if rows {
                    r == g
                } else {
                    c == g
                }
            }
            (Item::GroupSize(g), Item::RowTotal(r)) => rows && r == g,
            _ => false,
        };
        let shown = |i: &Item| self.get(*i) == Shown::Count && !self.known_elsewhere(*i);
        let by_size = |mut items: Vec<Item>| {
            items.sort_by_key(|&i| (self.count(i), matches!(i, Item::RowTotal(_))));
            items
        };
        let close = by_size(self.shown_items().filter(shown).filter(|&i| near(i)).collect());
        if close.is_empty() {
            by_size(self.shown_items().filter(shown).collect())
        } else {
            close
        }
    }

    fn withhold_all(&mut self) {
        let items: Vec<Item> = self.shown_items().collect();
        for item in items {
            if self.get(item) == Shown::Count {
                self.set(item, Shown::Secondary);
            }
        }
    }

    fn protection(self, withheld_whole: bool) -> Protection {
        let mut protection = Protection { cells: self.cells, row_totals: self.totals, withheld_whole };
        if withheld_whole {
            for shown in protection.cells.iter_mut().flatten().chain(protection.row_totals.iter_mut()) {
                if *shown == Shown::Count {
                    *shown = Shown::Secondary;
                }
            }
        }
        protection
    }

    // The network: node 0 takes in the column totals, node 1 gives out the row totals (the edge
    // between them is the grand total), then a node per row, then a node per column. Edges in
    // this order: the grand total, the row totals, the cells row by row, the column totals.

    fn edge_of(&self, item: Item) -> usize {
        let (rows, columns) = (self.table.rows(), self.table.columns());
        match item {
            Item::RowTotal(r) => 1 + r,
            Item::Cell(r, c) => 1 + rows + r * columns + c,
            Item::ColumnTotal(c) => 1 + rows + rows * columns + c,
            // After the column totals, each group's size and its rest (see `Network::add_sizes`).
            Item::GroupSize(g) => 1 + rows + rows * columns + columns + 2 * g,
        }
    }

    /// What a reader can tell of each count, as bounds on the edges of a flow network.
    fn network(&self) -> Network {
        let t = self.table;
        let (rows, columns) = (t.rows(), t.columns());
        let row_node = |r: usize| 2 + r;
        let column_node = |c: usize| 2 + rows + c;
        let total: usize = t.counts.iter().flatten().sum();
        let people: usize = t.sizes.iter().flat_map(|s| &s.groups).map(|(n, _)| n).sum();
        let unbounded = total.max(people) + self.min_cell + 1;
        // A count shown as "<10" is under 10; one shown as "withheld" is not (or it would say
        // "<10"); one never shown could be anything.
        let withheld = |shown: Shown, hidden: bool| match shown {
            _ if hidden || self.blind => Some((0, unbounded)),
            Shown::Count => None,
            Shown::Small => Some((0, self.min_cell.saturating_sub(1))),
            Shown::Secondary => Some((self.min_cell, unbounded)),
        };
        let known = |value: usize| Bounds { lo: value, hi: value };
        let unknown = |(lo, hi): (usize, usize)| Bounds { lo, hi };
        let mut edges = Vec::with_capacity(1 + rows + rows * columns + columns);
        // Before the table, only what is certain.
        let certain = t.certain.as_ref().filter(|_| self.blind);
        let total_known = certain.map_or(t.total_known, |c| c.total_known);
        let row_totals = certain.map_or(&t.row_totals, |c| &c.row_totals);
        let column_totals = certain.map_or(&t.column_totals, |c| &c.column_totals);
        edges.push(Edge {
            from: 0,
            to: 1,
            value: total,
            bounds: if total_known { known(total) } else { unknown((0, unbounded)) },
        });
        for (r, &elsewhere) in row_totals.iter().enumerate() {
            let value = t.row_total(r);
            let hidden = t.hidden_rows[r] || !t.show_row_totals;
            let bounds = match (elsewhere, withheld(self.totals[r], hidden)) {
                (Elsewhere::Known, _) | (_, None) => known(value),
                (Elsewhere::AtMost(most), Some((lo, hi))) => unknown((lo, hi.min(most))),
                (Elsewhere::Within(least, most), Some((lo, hi))) => unknown((lo.max(least), hi.min(most))),
                (Elsewhere::Unknown, Some(range)) => unknown(range),
            };
            edges.push(Edge { from: 1, to: row_node(r), value, bounds });
        }
        for r in 0..rows {
            for c in 0..columns {
                let value = t.counts[r][c];
                let hidden = t.hidden_rows[r] || t.hidden_columns[c];
                let cap = if certain.is_some() { unbounded } else { t.cell_caps[r].unwrap_or(unbounded) };
                let bounds =
                    withheld(self.cells[r][c], hidden).map_or(known(value), |(lo, hi)| unknown((lo, hi.min(cap))));
                edges.push(Edge { from: row_node(r), to: column_node(c), value, bounds });
            }
        }
        for c in 0..columns {
            let value: usize = t.counts.iter().map(|row| row[c]).sum();
            let bounds = match column_totals[c] {
                Elsewhere::Known => known(value),
                Elsewhere::AtMost(most) => unknown((0, most)),
                Elsewhere::Within(least, most) => unknown((least, most)),
                Elsewhere::Unknown => unknown((0, unbounded)),
            };
            edges.push(Edge { from: column_node(c), to: 0, value, bounds });
        }
        let mut network = Network { nodes: 2 + rows + columns, edges, unbounded };
        if let Some(sizes) = &t.sizes {
            network.add_sizes(sizes, if sizes.rows { 1 } else { 1 + rows + rows * columns });
        }
        network
    }
}

/// What a reader knows of one count: it lies in `lo..=hi`.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    lo: usize,
    hi: usize,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    from: usize,
    to: usize,
    /// The true count.
    value: usize,
    bounds: Bounds,
}

/// A circulation: at every node what flows in equals what flows out, every edge within its bounds.
struct Network {
    nodes: usize,
    edges: Vec<Edge>,
    /// More than any count can be.
    unbounded: usize,
}

impl Network {
    /// Routes the groups' totals (the edges from `first_edge` on: row totals, which leave node 1,
    /// or column totals, which enter node 0) through their groups' sizes: `all` carries the sum
    /// of the sizes, one edge to (or from) each group's node carries its size, and the rest of a
    /// group (those in it who are not counted in the table) flows through `rest` back to `all`.
    fn add_sizes(&mut self, sizes: &Sizes, first_edge: usize) {
        let (all, people, rest) = (self.nodes, self.nodes + 1, self.nodes + 2);
        self.nodes += 3 + sizes.groups.len();
        let unknown = Bounds { lo: 0, hi: self.unbounded };
        let mut counted = 0;
        let mut uncounted = 0;
        for (g, &(size, elsewhere)) in sizes.groups.iter().enumerate() {
            let group = all + 3 + g;
            let edge = &mut self.edges[first_edge + g];
            let value = edge.value;
            // A group holds the ones it counts and the rest, so never fewer than it counts.
            let left = size.saturating_sub(value);
            counted += value;
            uncounted += left;
            let bounds = match elsewhere {
                Elsewhere::Known => Bounds { lo: size, hi: size },
                Elsewhere::AtMost(most) => Bounds { lo: 0, hi: most },
                Elsewhere::Within(least, most) => Bounds { lo: least, hi: most },
                Elsewhere::Unknown => unknown,
            };
            if sizes.rows {
                edge.from = group;
                self.edges.push(Edge { from: people, to: group, value: size, bounds });
                self.edges.push(Edge { from: group, to: rest, value: left, bounds: unknown });
            } else {
                edge.to = group;
                self.edges.push(Edge { from: group, to: people, value: size, bounds });
                self.edges.push(Edge { from: rest, to: group, value: left, bounds: unknown });
            }
        }
        let sum = counted + uncounted;
        let sum_bounds = if sizes.total_known { Bounds { lo: sum, hi: sum } } else { unknown };
        if sizes.rows {
            self.edges.push(Edge { from: 1, to: all, value: counted, bounds: unknown });
            self.edges.push(Edge { from: rest, to: all, value: uncounted, bounds: unknown });
            self.edges.push(Edge { from: all, to: people, value: sum, bounds: sum_bounds });
        } else {
            self.edges.push(Edge { from: people, to: all, value: sum, bounds: sum_bounds });
            self.edges.push(Edge { from: all, to: 0, value: counted, bounds: unknown });
            self.edges.push(Edge { from: all, to: rest, value: uncounted, bounds: unknown });
        }
    }

    /// Whether the reader could tell the count on `edge`: neither one more nor one less fits.
    fn pinned(&self, edge: usize) -> bool {
        let value = self.edges[edge].value;
        let fits_one_more = self.feasible(edge, value + 1);
        let fits_one_less = value > 0 && self.feasible(edge, value - 1);
        !fits_one_more && !fits_one_less
    }

    /// Whether every fact fits with `edge` carrying `value`: a circulation with lower bounds,
    /// decided by one maximum flow (each lower bound moved into the nodes' excesses).
    fn feasible(&self, edge: usize, value: usize) -> bool {
        let Bounds { lo, hi } = self.edges[edge].bounds;
        if value < lo || value > hi {
            return false;
        }
        let n = self.nodes + 2;
        let (source, sink) = (self.nodes, self.nodes + 1);
        let mut capacity = vec![vec![0i64; n]; n];
        let mut excess = vec![0i64; self.nodes];
        for (i, e) in self.edges.iter().enumerate() {
            let (lo, hi) = if i == edge { (value, value) } else { (e.bounds.lo, e.bounds.hi) };
            if lo > hi {
                return false;
            }
            excess[e.to] += lo as i64;
            excess[e.from] -= lo as i64;
            capacity[e.from][e.to] += (hi - lo) as i64;
        }
        let mut needed = 0;
        for (node, &x) in excess.iter().enumerate() {
            if x > 0 {
                capacity[source][node] += x;
                needed += x;
            } else if x < 0 {
                capacity[node][sink] += -x;
            }
        }
        max_flow(capacity, source, sink) == needed
    }
}

/// Edmonds–Karp on a capacity matrix (the networks here have a few dozen nodes).
fn max_flow(mut capacity: Vec<Vec<i64>>, source: usize, sink: usize) -> i64 {
    let n = capacity.len();
    let mut flow = 0;
    loop {
        let mut parent = vec![usize::MAX; n];
        parent[source] = source;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(u) = queue.pop_front() {
            for v in 0..n {
                if parent[v] == usize::MAX && capacity[u][v] > 0 {
                    parent[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if parent[sink] == usize::MAX {
            return flow;
        }
        let mut push = i64::MAX;
        let mut v = sink;
        while v != source {
            push = push.min(capacity[parent[v]][v]);
            v = parent[v];
        }
        let mut v = sink;
        while v != source {
            let u = parent[v];
            capacity[u][v] -= push;
            capacity[v][u] += push;
            v = u;
        }
        flow += push;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Shown::{Count as C, Secondary as S, Small as L};

    #[test]
    fn a_table_with_nothing_small_is_shown_whole() {
        let p = protect(&Table::new(vec![vec![20, 30], vec![40, 15]]), 10).unwrap();
        assert_eq!(p.cells, [[C, C], [C, C]]);
        assert_eq!(p.row_totals, [C, C]);
        assert!(!p.withheld_whole);
    }

    #[test]
    fn one_small_cell_takes_three_others_with_it() {
        // With every row and column total known, a lone small cell is its row's total less the
        // rest: withheld with the three cheapest others that make a rectangle with it.
        let table = Table::new(vec![vec![3, 30, 40], vec![25, 50, 60], vec![30, 70, 12]]);
        let p = protect(&table, 10).unwrap();
        assert_eq!(p.cells, [vec![L, C, S], vec![C, C, C], vec![S, C, S]]);
        assert_eq!(p.row_totals, [C, C, C]);
        for (r, c) in [(0, 0), (0, 2), (2, 0), (2, 2)] {
            let (lo, hi) = range(&table, &p, 10, Item::Cell(r, c));
            assert!(hi != Some(lo), "cell {r},{c} could be worked out: {lo}..{hi:?}");
        }
        // Moving k from the 12 to the 3 would bring the 12, shown as "withheld" (so at least 10),
        // under 10: the 3 is known to be 1 to 9, no better.
        assert_eq!(range(&table, &p, 10, Item::Cell(0, 0)), (1, Some(9)));
    }

    #[test]
    fn a_small_row_total_is_withheld_and_protected() {
        let table = Table::new(vec![vec![2, 3], vec![40, 50]]);
        let p = protect(&table, 10).unwrap();
        assert_eq!(p.row_totals[0], L);
        assert!(p.cells[0].iter().all(|s| s.withheld()));
        // With both column totals known, row 1's cells are the totals less row 0's: withheld too.
        assert!(p.cells[1].iter().all(|s| s.withheld()));
        assert_eq!(p.row_totals[1], S, "row 1's total would give row 0's away");
    }

    #[test]
    fn a_single_row_with_a_known_total_needs_two_withheld() {
        // Responses by week: one row, its total known.
        let mut table = Table::new(vec![vec![25, 4, 30, 12]]);
        table.row_totals = vec![Elsewhere::Known];
        table.column_totals = vec![Elsewhere::Unknown; 4];
        table.total_known = true;
        let p = protect(&table, 10).unwrap();
        assert_eq!(p.cells, [[C, L, C, S]]);
    }

    #[test]
    fn zeros_that_sum_to_zero_are_not_given_away() {
        // Two empty weeks: shown as two "<10" with the total known, both would be 0.
        let mut table = Table::new(vec![vec![0, 0, 30, 12]]);
        table.row_totals = vec![Elsewhere::Known];
        table.column_totals = vec![Elsewhere::Unknown; 4];
        let p = protect(&table, 10).unwrap();
        assert_eq!(p.cells, [[L, L, C, S]]);
    }

    #[test]
    fn a_table_that_cannot_be_protected_is_withheld_whole() {
        // Rows and columns all known: the 0 could only be more if a 10 below it were less, and a
        // count shown as "withheld" is 10 or more.
        let mut table = Table::new(vec![vec![0, 40], vec![10, 10]]);
        table.row_totals = vec![Elsewhere::Known; 2];
        let p = protect(&table, 10).unwrap();
        assert!(p.withheld_whole);
        assert!(p.cells.iter().flatten().all(|s| s.withheld()));
        // A cell a reader can work out without the table is no secret of the table's: in a table
        // of one row, a cell whose column's total is known.
        let p = protect(&Table::new(vec![vec![3, 40]]), 10).unwrap();
        assert_eq!((p.cells[0].clone(), p.withheld_whole), (vec![L, C], false));
    }

    #[test]
    fn what_is_known_of_the_groups_sizes_is_known_of_them_together() {
        // Groups of 1, 0 and 3 (the first two shown as "<3", the sum 4 shown); 3 answered, 1, 0
        // and 2 of them by group. Shown as "<3", the third group's 2 could be 0 to 2 if the small
        // groups could each hold two; but they hold one between them, so it is 2.
        let mut table = Table::new(vec![vec![1, 0], vec![0, 0], vec![2, 0], vec![0, 0]]);
        table.hidden_rows[3] = true;
        table.row_totals[3] = Elsewhere::Known;
        table.column_totals = vec![Elsewhere::Unknown; 2];
        let small = Elsewhere::AtMost(2);
        let sizes =
            Sizes { rows: true, groups: vec![(1, small), (0, small), (3, Elsewhere::Known)], total_known: true };
        let all_small = Protection {
            cells: vec![vec![L, L], vec![L, L], vec![L, L], vec![S, S]],
            row_totals: vec![L, L, L, S],
            withheld_whole: false,
        };
        let each_alone = Table { sizes: Some(Sizes { total_known: false, ..sizes.clone() }), ..table.clone() };
        assert_eq!(range(&each_alone, &all_small, 3, Item::RowTotal(2)), (0, Some(2)));
        table.sizes = Some(sizes);
        assert_eq!(range(&table, &all_small, 3, Item::RowTotal(2)), (2, Some(2)));
        // Protected, nothing withheld can be worked out (the whole table goes if need be).
        let p = protect(&table, 3).unwrap();
        let rows = [0, 1, 2].map(Item::RowTotal);
        let cells = (0..3).flat_map(|r| [Item::Cell(r, 0), Item::Cell(r, 1)]);
        for item in cells.chain(rows) {
            let (lo, hi) = range(&table, &p, 3, item);
            assert!(p.withheld_whole || hi != Some(lo), "{item:?} is {lo}");
        }
        // The same sizes as the columns of a one-row table: how many in each group answered.
        let mut people = Table::new(vec![vec![1, 0, 2, 0]]);
        people.hidden_columns[3] = true;
        people.column_totals = vec![Elsewhere::Unknown, Elsewhere::Unknown, Elsewhere::Unknown, Elsewhere::Known];
        people.sizes = table.sizes.clone().map(|s| Sizes { rows: false, ..s });
        let shown = Protection { cells: vec![vec![L, L, L, S]], row_totals: vec![S], withheld_whole: false };
        assert_eq!(range(&people, &shown, 3, Item::Cell(0, 2)), (2, Some(2)));
    }

    #[test]
    fn malformed_tables_are_errors() {
        let mut table = Table::new(vec![vec![1, 2], vec![3]]);
        assert_eq!(protect(&table, 10).unwrap_err(), "row 1 has 1 counts, not 2");
        table.counts[1].push(4);
        table.hidden_rows.pop();
        assert_eq!(protect(&table, 10).unwrap_err(), "hidden_rows has 1 entries for 2");
    }
}
