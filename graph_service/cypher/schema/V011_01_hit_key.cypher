// name: V011_01_hit_key
// mode: schema
// returns: none
// params:
// Hits owing feedback (奖惩结果反馈), one per authority × subject × matter × measure × entry:
// the key is unique, so screening a subject again never opens a second hit.
CREATE CONSTRAINT Hit_key_unique IF NOT EXISTS FOR (n:Hit) REQUIRE n.key IS UNIQUE
