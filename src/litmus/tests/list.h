/* list.h: every litmus test, one line each, in the order `racedemo
 * litmus all` shows them. LITMUS_TEST(id) names the `const struct
 * litmus_test litmus_<id>` its file in src/litmus/ defines; registry.c
 * expands this list, so a new test is its file and one line here. No
 * include guard: it is meant to be expanded more than once. */
LITMUS_TEST(sb)
LITMUS_TEST(mp)
LITMUS_TEST(lb)
LITMUS_TEST(iriw)
