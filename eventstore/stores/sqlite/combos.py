"""Each row's combination of facet values, numbered: facet counts without (event, value) pairs.

An event's countries, officials and organizations come in combinations that repeat: a million
events hold tens of thousands of distinct ones, not millions. A row keeps one int32, the id of its
combination; counting a set of rows is a bincount of those ids, spread onto the values by one
weighted bincount over the combinations' (combination, value) pairs. A set holding most live rows
is counted as its complement and subtracted from the counts of all live rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

EMPTY = 0  # the combination of no value


@dataclass
class Combos:
    """Combinations of the values of some value sets (`facets`); never mutated once built."""

    facets: tuple[str, ...]
    values: list[str] = field(default_factory=list)  # value id → value
    facet_of: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))  # value id → index in `facets`
    combo: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))  # rowid → combination id
    pair_combo: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # (combination, value) pairs
    pair_value: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    n_combos: int = 1

    def __post_init__(self):
        self._ids = None  # {facet: {value: value id}}, made on first use
        self._known = None  # {tuple of value ids: combination id}, made when rows are added

    @property
    def ids(self) -> dict[str, dict[str, int]]:
        if self._ids is None:
            ids = {f: {} for f in self.facets}
            for i, (v, f) in enumerate(zip(self.values, self.facet_of.tolist())):
                ids[self.facets[f]][v] = i
            self._ids = ids
        return self._ids

    def extended(self, size: int, pairs: list[tuple[str, str, np.ndarray]]) -> "Combos":
        """A copy for `size` rowids with the (facet, value, rowids) of new rows added (readers keep the old one)."""
        combo = np.zeros(size, np.int32)
        combo[: min(size, len(self.combo))] = self.combo[:size]
        if not pairs:
            return Combos(self.facets, self.values, self.facet_of, combo, self.pair_combo, self.pair_value, self.n_combos)
        values, facet_of = list(self.values), [self.facet_of]
        ids = {f: dict(d) for f, d in self.ids.items()}
        events, value_ids = [], []
        for facet, value, rows in pairs:
            known = ids[facet]
            if value not in known:
                known[value] = len(values)
                values.append(value)
                facet_of.append(np.array([self.facets.index(facet)], np.int8))
            events.append(rows)
            value_ids.append(np.full(len(rows), known[value], np.int32))
        ev, vi = np.concatenate(events), np.concatenate(value_ids)
        order = np.lexsort((vi, ev))
        ev, vi = ev[order], vi[order]
        keep = np.r_[True, (ev[1:] != ev[:-1]) | (vi[1:] != vi[:-1])]
        ev, vi = ev[keep], vi[keep]
        known = self._combinations()
        new_pairs_c, new_pairs_v = [], []
        n = self.n_combos
        edges = np.flatnonzero(ev[1:] != ev[:-1]) + 1
        starts, ends = np.r_[0, edges].tolist(), np.r_[edges, len(ev)].tolist()
        vl = vi.tolist()
        rows_out, ids_out = ev[starts], []
        for s, e in zip(starts, ends):
            key = tuple(vl[s:e])
            c = known.get(key)
            if c is None:
                c = known[key] = n
                n += 1
                new_pairs_c.extend([c] * len(key))
                new_pairs_v.extend(key)
            ids_out.append(c)
        combo[rows_out] = ids_out
        out = Combos(self.facets, values, np.concatenate(facet_of), combo,
                     np.concatenate((self.pair_combo, np.array(new_pairs_c, np.int32))),
                     np.concatenate((self.pair_value, np.array(new_pairs_v, np.int32))), n)
        out._ids, out._known = ids, known
        self._known = None  # handed over to the new one, which extends it next
        return out

    def _combinations(self) -> dict[tuple, int]:
        if self._known is not None:
            return self._known
        known = {}
        if len(self.pair_combo):
            edges = np.flatnonzero(self.pair_combo[1:] != self.pair_combo[:-1]) + 1
            starts, ends = np.r_[0, edges], np.r_[edges, len(self.pair_combo)]
            vl = self.pair_value.tolist()
            for c, s, e in zip(self.pair_combo[starts].tolist(), starts.tolist(), ends.tolist()):
                known[tuple(vl[s:e])] = c
        return known

    # --- reading ---
    def with_values(self, facet: str, selected) -> np.ndarray:
        """Bool per combination: it holds any of the selected values of `facet`."""
        wanted = [self.ids[facet][v] for v in selected if v in self.ids[facet]]
        out = np.zeros(self.n_combos, bool)
        if wanted:
            out[self.pair_combo[np.isin(self.pair_value, wanted)]] = True
        return out

    def mask(self, facet: str, selected, every: bool = False) -> np.ndarray:
        """Bool per rowid: rows holding any selected value (`every`: all of them)."""
        if every and len(selected) > 1:
            holds = np.ones(self.n_combos, bool)
            for v in selected:
                holds &= self.with_values(facet, (v,))
        else:
            holds = self.with_values(facet, selected)
        return holds[self.combo]

    def per_value(self, ids: np.ndarray) -> np.ndarray:
        """How many of the rows `ids` hold each value (int64 per value id)."""
        per_combo = np.bincount(self.combo.take(ids), minlength=self.n_combos)
        return np.bincount(self.pair_value, weights=per_combo[self.pair_combo], minlength=len(self.values)).astype(np.int64)

    def listed(self, counts: np.ndarray, facet: str) -> list[tuple[str, int]]:
        """(value, count) of one facet's values with a count, by count desc then value."""
        f = self.facets.index(facet)
        hit = np.flatnonzero((counts > 0) & (self.facet_of == f))
        order = sorted(hit.tolist(), key=lambda i: (-int(counts[i]), self.values[i]))
        return [(self.values[i], int(counts[i])) for i in order]

    def spans(self, facet: str, ids: np.ndarray, days: np.ndarray, prefix: str | None):
        """Per value of `facet` held by rows `ids`: (value id, count, first day, last day) arrays."""
        c = self.combo.take(ids)
        per_combo = np.bincount(c, minlength=self.n_combos)
        big = np.iinfo(np.int32).max
        first = np.full(self.n_combos, big, np.int64)
        last = np.full(self.n_combos, -big, np.int64)
        d = days.take(ids)
        np.minimum.at(first, c, d)
        np.maximum.at(last, c, d)
        f = self.facets.index(facet)
        use = (self.facet_of[self.pair_value] == f) & (per_combo[self.pair_combo] > 0)
        if prefix is not None:
            starts = np.array([v.startswith(prefix) for v in self.values], bool)
            use &= starts[self.pair_value]
        pc, pv = self.pair_combo[use], self.pair_value[use]
        n = len(self.values)
        counts = np.bincount(pv, weights=per_combo[pc], minlength=n).astype(np.int64)
        lo = np.full(n, big, np.int64)
        hi = np.full(n, -big, np.int64)
        np.minimum.at(lo, pv, first[pc])
        np.maximum.at(hi, pv, last[pc])
        return counts, lo, hi
