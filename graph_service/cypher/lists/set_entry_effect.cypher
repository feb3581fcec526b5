// name: set_entry_effect
// mode: write
// returns: none
// params:
//   $ids  list<string>  the list entries written or decided
// The one place that decides from when a list entry takes effect (restricts, rewards,
// appears in generated lists): a `proposed` entry awaiting the subject's statement, or a
// `withdrawn` one, never (Art. 28 para. 3); a confirmed one from its listing day, or from its
// confirmation when that is later. Every read asks `e.effective_from <= $as_of`.
UNWIND $ids AS id
MATCH (e:ListEntry {id: id})
SET e.effective_from = CASE
  WHEN e.state IN ['proposed', 'withdrawn'] THEN null
  WHEN e.confirmed_on IS NOT NULL AND e.confirmed_on > e.listed_at THEN e.confirmed_on
  ELSE e.listed_at
END
