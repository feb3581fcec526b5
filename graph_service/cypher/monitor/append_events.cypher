// name: append_events
// mode: write
// returns: many
// params:
//   $events  list<map>  {watch, version, key, before, after, keys, digest, restrictions, cause}
// columns:
//   id            int
//   watch         string
//   subject       string
//   matter        string
//   owner         string
//   before        string
//   after         string
//   at            datetime
//   cause         string
//   restrictions  string
// Appends one event per watch whose state moved (issue 15), numbered in commit order: the
// sequence node's lock is taken first, so ids increase in the order transactions commit and
// a reader after id n never misses a later-committed smaller id. An event is written only
// if the watch is still at the version the re-screen started from (a concurrent re-screen
// that got there first wins; the caller screens such watches again), and its key (watch and
// version) is unique, so no event is ever written twice. The watch takes the new state.
MERGE (seq:Sequence {name: 'watch_events'})
ON CREATE SET seq.last = 0
SET seq.locked_at = datetime()
WITH seq
UNWIND $events AS ev
MATCH (w:Watch {id: ev.watch})
WHERE w.active AND w.version = ev.version
WITH seq, collect({ev: ev, w: w}) AS fresh
WITH seq, fresh, seq.last AS base
SET seq.last = base + size(fresh)
WITH fresh, base
UNWIND range(0, size(fresh) - 1) AS i
WITH fresh[i].ev AS ev, fresh[i].w AS w, base + 1 + i AS id
CREATE (e:WatchEvent {id: id, key: ev.key, watch: w.id, subject: w.subject, matter: w.matter,
                      owner: w.owner, before: ev.before, after: ev.after, at: datetime(),
                      cause: ev.cause, restrictions: ev.restrictions})
SET w.decision = ev.after, w.keys = ev.keys, w.digest = ev.digest, w.version = ev.version + 1
RETURN e.id AS id, e.watch AS watch, e.subject AS subject, e.matter AS matter,
       e.owner AS owner, e.before AS before, e.after AS after, e.at AS at, e.cause AS cause,
       e.restrictions AS restrictions
ORDER BY id
