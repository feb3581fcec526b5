// name: open_hits
// mode: write
// returns: none
// params:
//   $hits  list<map>  {key, props: {holder, subject, matter, measure, entry, list, decision, opened_on, due_on}}
// Opens a hit owing feedback for each restriction or reward given to an authority (奖惩结果反馈):
// one per key (authority × subject × matter × measure × entry), so a hit already open or
// answered is left as it is.
UNWIND $hits AS hit
MERGE (h:Hit {key: hit.key})
ON CREATE SET h += hit.props, h.status = 'open', h.opened_at = datetime()
