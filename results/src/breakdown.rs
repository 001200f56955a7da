//! Breakdowns and answers by day: the counts of one question for each answer of another, and
//! how many responses came in each day (or week), each with the small-number protection of
//! [`crate::suppression`]. Pure: the answers come in as option numbers, the days as text.

use crate::suppression::{protect, range, Certain, Elsewhere, Item, Protection, Shown, Sizes, Table};

/// What one response answered to a closed question: the numbers of the options chosen (one for
/// single choice, any for multiple choice), or `None` when it did not answer.
pub type Choice = Option<Vec<usize>>;

/// One question's counts, as the report shows them on their own: what a reader of a breakdown
/// already knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Known<'a> {
    /// Each option's count and how it is shown.
    pub cells: &'a [(usize, Shown)],
    /// How many answered, if shown.
    pub answered: Option<usize>,
    /// Several options could be ticked.
    pub multiple: bool,
    /// The counts are a breakdown's cells (the sizes of groups made of two questions' answers
    /// together), each of which says "<10" of itself when small, whatever the others say.
    pub crossed: bool,
}

impl Known<'_> {
    /// Whether a count shown as small says it is under the minimum: always in a breakdown; in a
    /// question's own counts only when no count is withheld with it (both then say "withheld").
    fn small_said(&self) -> bool {
        self.crossed || !self.cells.iter().any(|(_, s)| *s == Shown::Secondary)
    }
}

/// One question's counts for each answer of a breakdown question.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossed {
    /// For each group (an answer of the breakdown question): how many in it answered the
    /// question, and how that is shown.
    pub answered: Vec<(usize, Shown)>,
    /// `cells[group][option]`.
    pub cells: Vec<Vec<(usize, Shown)>>,
    /// Nothing of it may be shown, not even which counts are under the minimum: with every count
    /// withheld, one could still be worked out from that and the totals.
    pub withheld_whole: bool,
}

impl Crossed {
    /// Every count withheld: the report says so in words and shows nothing of it.
    pub fn all_withheld(&self) -> bool {
        self.withheld_whole || self.cells.iter().flatten().chain(&self.answered).all(|(_, s)| s.withheld())
    }
}

/// The counts of a question (`question`, its own counts `known`) for each answer of the
/// breakdown question (`by`, its own counts `groups`), one `Choice` of each per response.
/// Those who did not answer the breakdown question are counted in no group, but a reader knows
/// they are in the question's own counts, and that is taken into account.
///
/// An option or a group whose own count is withheld (in the question's or the breakdown
/// question's own counts) is withheld whole in the breakdown: every count in its column or row,
/// and the group's number of answers. Its counts then say nothing more than its own count said
/// ("<10" when that was "<10", else "withheld", which there does not mean 10 or more). So no
/// breakdown, nor any number of breakdowns of one summary together, tells more of a withheld own
/// count than the summary's own list does: whatever the withheld counts were, moving answers
/// between the withheld options (or people between the withheld groups) changes nothing shown.
pub fn cross(question: &[Choice], known: &Known, by: &[Choice], groups: &Known, min_cell: usize) -> Crossed {
    let (options, group_count) = (known.cells.len(), groups.cells.len());
    let hidden = group_count; // the row of those who did not answer the breakdown question
    let mut counts = vec![vec![0usize; options]; group_count + 1];
    let mut answered = vec![0usize; group_count + 1];
    for (chosen, group) in question.iter().zip(by) {
        let Some(chosen) = chosen.as_ref().filter(|c| !c.is_empty()) else { continue };
        let row = match group.as_deref() {
            Some([g]) if *g < group_count => *g,
            _ => hidden,
        };
        answered[row] += 1;
        for &o in chosen.iter().filter(|&&o| o < options) {
            counts[row][o] += 1;
        }
    }
    // What a reader knows of each group's size from the breakdown question's own counts (its
    // shown counts, those under the minimum when shown as such, and how many answered it), and
    // of each group's number who answered this question: at most its size (through `sizes`), and
    // taken as known when that is everyone in it.
    let groups_small = groups.small_said();
    let sizes = Sizes {
        rows: !known.multiple,
        groups: groups
            .cells
            .iter()
            .map(|&(size, shown)| {
                let told = match shown {
                    Shown::Count => Elsewhere::Known,
                    Shown::Small if groups_small => Elsewhere::AtMost(min_cell.saturating_sub(1)),
                    _ => Elsewhere::Unknown,
                };
                (size, told)
            })
            .collect(),
        total_known: groups.answered == Some(groups.cells.iter().map(|(n, _)| n).sum()),
    };
    let mut row_totals: Vec<Elsewhere> = groups
        .cells
        .iter()
        .zip(&answered)
        .map(|(&(size, shown), &n)| match shown {
            Shown::Count if size == n => Elsewhere::Known,
            _ => Elsewhere::Unknown,
        })
        .collect();
    let certain_rows = vec![Elsewhere::Unknown; group_count + 1];
    // Those who did not answer it: assume the reader can tell how many (answered less the groups).
    row_totals.push(Elsewhere::Known);
    // A withheld group's row is never shown, nor is the row of those in no group.
    let group_withheld: Vec<bool> = groups.cells.iter().map(|(_, s)| s.withheld()).chain([false]).collect();
    let mut hidden_rows = group_withheld.clone();
    hidden_rows[hidden] = true;
    let hidden_columns: Vec<bool> = known.cells.iter().map(|(_, s)| s.withheld()).collect();
    // What a never-shown count of a withheld option or group says: what its own count said.
    let said_small = |shown: Shown, all_small: bool| shown == Shown::Small && all_small;
    let group_small: Vec<bool> =
        groups.cells.iter().map(|&(_, s)| said_small(s, groups_small)).chain([false]).collect();
    let all_counted = |sum: usize| known.answered == Some(sum);
    // The question's own counts: shown, or under the minimum when shown as such (when one is
    // withheld with it, both are shown as "withheld" and say nothing).
    let labelled_small = known.small_said();
    let column_small: Vec<bool> = known.cells.iter().map(|&(_, s)| said_small(s, labelled_small)).collect();
    let told = Told { rows: &group_small, columns: &column_small };
    let column_totals: Vec<Elsewhere> = known
        .cells
        .iter()
        .map(|&(_, shown)| match shown {
            Shown::Count => Elsewhere::Known,
            Shown::Small if labelled_small => Elsewhere::AtMost(min_cell.saturating_sub(1)),
            _ => Elsewhere::Unknown,
        })
        .collect();
    if !known.multiple {
        let total: usize = answered.iter().sum();
        let table = Table {
            counts,
            told_rows: group_withheld.clone(),
            told_columns: hidden_columns.clone(),
            hidden_rows,
            hidden_columns,
            row_totals,
            column_totals: column_totals.clone(),
            total_known: all_counted(total),
            withhold_row_totals: vec![false; group_count + 1],
            show_row_totals: true,
            cell_caps: vec![None; group_count + 1],
            certain: Some(Certain {
                row_totals: certain_rows,
                column_totals: column_totals.clone(),
                total_known: all_counted(total),
            }),
            sizes: Some(sizes),
        };
        return crossed(&table, protect(&table, min_cell), group_count, &told);
    }
    // Multiple choice: people answer, and tick one or more options. How many answered in each
    // group is protected on its own, as a row of counts whose total (and each group's size) a
    // reader knows, each at least its group's most ticked option and at most its number of ticks.
    // The ticks are one table whose rows' totals (how many ticks in each group) are taken as known
    // to the reader, which is more than they can know, and in which no count is more than the
    // most the group's number could be.
    let total: usize = answered.iter().sum();
    let people_bounds: Vec<Elsewhere> = row_totals
        .iter()
        .zip(&counts)
        .map(|(&elsewhere, ticks)| {
            let (least, most) = (ticks.iter().copied().max().unwrap_or(0), ticks.iter().sum::<usize>());
            match elsewhere {
                Elsewhere::Known => Elsewhere::Known,
                Elsewhere::AtMost(m) | Elsewhere::Within(_, m) => Elsewhere::Within(least, most.min(m)),
                Elsewhere::Unknown => Elsewhere::Within(least, most),
            }
        })
        .collect();
    let people = Table {
        counts: vec![answered.clone()],
        hidden_rows: vec![false],
        hidden_columns: hidden_rows.clone(),
        told_rows: vec![false],
        told_columns: group_withheld.clone(),
        row_totals: vec![if all_counted(total) { Elsewhere::Known } else { Elsewhere::Unknown }],
        column_totals: people_bounds,
        total_known: all_counted(total),
        withhold_row_totals: vec![false],
        show_row_totals: false,
        cell_caps: vec![None],
        certain: Some(Certain {
            row_totals: vec![if all_counted(total) { Elsewhere::Known } else { Elsewhere::Unknown }],
            column_totals: certain_rows,
            total_known: all_counted(total),
        }),
        sizes: Some(sizes),
    };
    let protected = protect(&people, min_cell);
    let (numbers, caps, whole): (Vec<Shown>, Vec<Option<usize>>, bool) = match &protected {
        Ok(p) => (
            p.cells[0][..group_count].to_vec(),
            (0..=group_count).map(|g| range(&people, p, min_cell, Item::Cell(0, g)).1).collect(),
            p.withheld_whole,
        ),
        Err(_) => (vec![Shown::Secondary; group_count], vec![None; group_count + 1], true),
    };
    let ticks = Table {
        counts,
        hidden_rows: hidden_rows.clone(),
        told_rows: group_withheld,
        told_columns: hidden_columns.clone(),
        hidden_columns,
        row_totals: vec![Elsewhere::Known; group_count + 1],
        column_totals: column_totals.clone(),
        total_known: false,
        withhold_row_totals: vec![false; group_count + 1],
        show_row_totals: false,
        cell_caps: caps,
        certain: Some(Certain {
            row_totals: vec![Elsewhere::Unknown; group_count + 1],
            column_totals: column_totals.clone(),
            total_known: false,
        }),
        sizes: None,
    };
    let mut result = crossed(&ticks, protect(&ticks, min_cell), group_count, &told);
    result.answered = (0..group_count).map(|r| (answered[r], told.row(r, numbers[r]))).collect();
    result.withheld_whole |= whole;
    result
}

/// Which withheld options (columns) and groups (rows) their own counts showed as under the
/// minimum: their counts in a breakdown are shown so too (true of each), the others as withheld.
struct Told<'a> {
    rows: &'a [bool],
    columns: &'a [bool],
}

impl Told<'_> {
    fn row(&self, r: usize, shown: Shown) -> Shown {
        match shown {
            Shown::Count => Shown::Count,
            _ if self.rows[r] => Shown::Small,
            other => other,
        }
    }

    fn cell(&self, r: usize, c: usize, shown: Shown) -> Shown {
        match shown {
            Shown::Count => Shown::Count,
            _ if self.rows[r] || self.columns[c] => Shown::Small,
            other => other,
        }
    }
}

fn crossed(table: &Table, protection: Result<Protection, String>, groups: usize, told: &Told) -> Crossed {
    let answered = |r: usize| table.counts[r].iter().sum::<usize>();
    match protection {
        Ok(p) => Crossed {
            answered: (0..groups).map(|r| (answered(r), told.row(r, p.row_totals[r]))).collect(),
            cells: (0..groups)
                .map(|r| {
                    let row = table.counts[r].iter().zip(&p.cells[r]).enumerate();
                    row.map(|(c, (&n, &s))| (n, told.cell(r, c, s))).collect()
                })
                .collect(),
            withheld_whole: p.withheld_whole,
        },
        // A table made here is always well formed; were it not, nothing of it is shown.
        Err(_) => Crossed {
            answered: (0..groups).map(|r| (answered(r), Shown::Secondary)).collect(),
            cells: (0..groups).map(|r| table.counts[r].iter().map(|&n| (n, Shown::Secondary)).collect()).collect(),
            withheld_whole: true,
        },
    }
}

/// How many responses came in, by day or by week.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// By week (Monday to Sunday), because a day would have been a small count.
    pub weekly: bool,
    /// Each day (or each week's Monday) as `YYYY-MM-DD`, from the first to the last, with its count.
    pub periods: Vec<(String, usize, Shown)>,
    /// Days the store gave that are not dates (none, from the collector).
    pub undated: usize,
    /// Each period's true count, when `periods` holds the published ones (perturbed by the
    /// summary): never shown.
    pub truth: Vec<usize>,
}

impl Timeline {
    pub fn all_withheld(&self) -> bool {
        self.periods.iter().all(|(_, _, s)| s.withheld())
    }
}

/// Responses by day, from the days they were received (`YYYY-MM-DD`). Every day from the first
/// to the last is counted, none included; if any would be under `min_cell`, weeks are counted
/// instead, and weeks under it are withheld as any count is (the total number of responses
/// being known).
pub fn timeline<'d>(days: impl IntoIterator<Item = &'d str>, min_cell: usize) -> Timeline {
    let mut numbers = Vec::new();
    let mut undated = 0;
    for day in days {
        match day_number(day) {
            Some(n) => numbers.push(n),
            None => undated += 1,
        }
    }
    let (Some(&first), Some(&last)) = (numbers.iter().min(), numbers.iter().max()) else {
        return Timeline { weekly: false, periods: Vec::new(), undated, truth: Vec::new() };
    };
    let count = |start: i64, step: i64| {
        let mut counts = vec![0usize; ((last - start) / step + 1) as usize];
        for &n in &numbers {
            counts[((n - start) / step) as usize] += 1;
        }
        counts
    };
    let daily = count(first, 1);
    if daily.iter().all(|&n| n >= min_cell) {
        let truth = daily.clone();
        let periods = daily.into_iter().enumerate().map(|(i, n)| (date(first + i as i64), n, Shown::Count)).collect();
        return Timeline { weekly: false, periods, undated, truth };
    }
    let monday = first - (first + 3).rem_euclid(7); // 1970-01-01 was a Thursday
    let weekly = count(monday, 7);
    let columns = weekly.len();
    let table = Table {
        counts: vec![weekly.clone()],
        hidden_rows: vec![false],
        hidden_columns: vec![false; columns],
        told_rows: vec![false],
        told_columns: vec![false; columns],
        row_totals: vec![Elsewhere::Known],
        column_totals: vec![Elsewhere::Unknown; columns],
        total_known: true,
        withhold_row_totals: vec![false],
        show_row_totals: false,
        cell_caps: vec![None],
        certain: None,
        sizes: None,
    };
    let shown = protect(&table, min_cell).map_or_else(|_| vec![Shown::Secondary; columns], |p| p.cells[0].clone());
    let truth = weekly.clone();
    let periods =
        weekly.into_iter().zip(shown).enumerate().map(|(i, (n, s))| (date(monday + 7 * i as i64), n, s)).collect();
    Timeline { weekly: true, periods, undated, truth }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
pub fn day_number(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a day number.
pub fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use Shown::{Count as C, Secondary as S, Small as L};

    #[test]
    fn dates_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-03-02"), Some(20_514));
        for n in [-719_468, -1, 0, 59, 365, 11_016, 20_514, 2_000_000] {
            assert_eq!(day_number(&date(n)), Some(n), "{}", date(n));
        }
        for bad in ["2026-02-29", "2024-13-01", "2024-1-01", "20240101xx", "２０２４-01-01", "2024-00-10", ""] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
        assert_eq!(day_number("2024-02-29"), Some(19_782));
    }

    #[test]
    fn days_when_every_day_has_enough() {
        let days: Vec<&str> =
            [("2026-03-02", 12), ("2026-03-03", 10)].iter().flat_map(|&(d, n)| std::iter::repeat_n(d, n)).collect();
        let t = timeline(days, 10);
        assert!(!t.weekly);
        assert_eq!(t.periods, [("2026-03-02".to_string(), 12, C), ("2026-03-03".to_string(), 10, C)]);
    }

    #[test]
    fn weeks_when_a_day_is_small_with_secondary_suppression() {
        // Week of Monday 2 March: 12 + 3; of 9 March: none; of 16 March: 4 + 20 (a Sunday, the 22nd).
        let days: Vec<&str> = [("2026-03-02", 12), ("2026-03-08", 3), ("2026-03-16", 4), ("2026-03-22", 20)]
            .iter()
            .flat_map(|&(d, n)| std::iter::repeat_n(d, n))
            .collect();
        let t = timeline(days, 10);
        assert!(t.weekly);
        // 15, 0, 24: the empty week is small, and the smaller other week goes with it.
        assert_eq!(
            t.periods,
            [("2026-03-02".to_string(), 15, S), ("2026-03-09".to_string(), 0, L), ("2026-03-16".to_string(), 24, C)]
        );
    }

    #[test]
    fn a_breakdown_by_group() {
        // Two groups and a few who did not say; a question of three options.
        let (mut question, mut by) = (Vec::new(), Vec::new());
        let mut add = |option: usize, group: Option<usize>, n: usize| {
            for _ in 0..n {
                question.push(Some(vec![option]));
                by.push(group.map(|g| vec![g]));
            }
            (question.clone(), by.clone())
        };
        add(0, Some(0), 20);
        add(1, Some(0), 15);
        add(2, Some(0), 3);
        add(0, Some(1), 26);
        add(1, Some(1), 30);
        let (question, by) = add(2, Some(1), 12);
        let own = [(46, C), (45, C), (15, C)];
        let known = Known { cells: &own, answered: Some(106), multiple: false, crossed: false };
        let groups_own = [(38, C), (68, C)];
        let groups = Known { cells: &groups_own, answered: Some(106), multiple: false, crossed: false };
        let crossed = cross(&question, &known, &by, &groups, 10);
        assert_eq!(crossed.answered, [(38, C), (68, C)]);
        // The 3 is withheld with a rectangle: the cheapest is the 15 beside it and the 30 and 12
        // below.
        assert_eq!(crossed.cells, [vec![(20, C), (15, S), (3, L)], vec![(26, C), (30, S), (12, S)]]);

        // Two more who did not say which group, both of the first option: the 3 could be 1 to 3
        // (some of those two may be of the third option), so withholding the 20 beside it is enough.
        let (question, by) = add(0, None, 2);
        let own = [(48, C), (45, C), (15, C)];
        let known = Known { cells: &own, answered: Some(108), multiple: false, crossed: false };
        let crossed = cross(&question, &known, &by, &groups, 10);
        assert_eq!(crossed.cells, [vec![(20, S), (15, C), (3, L)], vec![(26, C), (30, C), (12, C)]]);
    }
}
