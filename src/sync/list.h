/* list.h: every strategy, one line each, in the order `racedemo list`
 * shows them: the seed's attempts first, in the seed's order, then the
 * locks a class compares them with. SYNC_STRATEGY(id) names the
 * `const struct sync_strategy sync_<id>` its file in src/sync/ defines;
 * registry.c expands this list to declare them and build the table, so a
 * new strategy is its file and one line here. No include guard: it is
 * meant to be expanded more than once. */
SYNC_STRATEGY(none)
SYNC_STRATEGY(flag)
SYNC_STRATEGY(turn)
SYNC_STRATEGY(flags_set_first)
SYNC_STRATEGY(flags_check_first)
SYNC_STRATEGY(peterson_relaxed)
SYNC_STRATEGY(peterson)
SYNC_STRATEGY(tas)
SYNC_STRATEGY(atomic)
SYNC_STRATEGY(mutex)
SYNC_STRATEGY(spinlock)
SYNC_STRATEGY(ttas)
SYNC_STRATEGY(ticket)
SYNC_STRATEGY(bakery)
SYNC_STRATEGY(semaphore)
