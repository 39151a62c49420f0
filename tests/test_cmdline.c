/*
 * test_cmdline.c - host tests for kernel/cmdline.c: flags and key=value,
 * last-wins, quoting, the `--` split into init arguments, numbers, comma
 * lists, whitespace, and the word and length limits (ASan watches the
 * static buffer). Every test starts with its own cmdline_init().
 */
#include "unit.h"

#include "bootinfo.h"
#include "cmdline.h"
#include "errno.h"
#include "lib/string.h"

/* cmdline_get() that never hands NULL to CHECK_EQ_STR. */
static const char *get(const char *key)
{
	const char *v = cmdline_get(key);
	return v ? v : "<absent>";
}

static void test_flags_and_values(void)
{
	CHECK_EQ_INT(cmdline_init("quiet loglevel=7 init=/bin/sh console=ttyS0,115200 empty="), 0);
	CHECK_EQ_STR(get("quiet"), "");
	CHECK(cmdline_flag("quiet"));
	CHECK_EQ_STR(get("loglevel"), "7");
	CHECK_EQ_STR(get("init"), "/bin/sh");
	CHECK_EQ_STR(get("console"), "ttyS0,115200");
	CHECK_EQ_STR(get("empty"), "");
	CHECK(cmdline_get("missing") == NULL);
	CHECK(!cmdline_flag("missing"));
	CHECK(cmdline_get("") == NULL);
	CHECK_EQ_INT(cmdline_init_argc(), 0);
	CHECK(cmdline_init_arg(0) == NULL);
}

static void test_last_wins(void)
{
	CHECK_EQ_INT(cmdline_init("loglevel=3 quiet loglevel=7"), 0);
	CHECK_EQ_STR(get("loglevel"), "7");
	CHECK_EQ_INT(cmdline_init("loglevel=3 loglevel"), 0);
	CHECK_EQ_STR(get("loglevel"), "");
	CHECK_EQ_INT(cmdline_init("quiet quiet=no"), 0);
	CHECK_EQ_STR(get("quiet"), "no");
}

/* A prefix of a word is not its key, and a key is not a prefix match. */
static void test_prefix_keys(void)
{
	CHECK_EQ_INT(cmdline_init("loglevelx=1 log loglevel_=2 xloglevel=3"), 0);
	CHECK(cmdline_get("loglevel") == NULL);
	CHECK_EQ_STR(get("log"), "");
	CHECK(cmdline_get("lo") == NULL);
	CHECK(cmdline_get("logl") == NULL);
	CHECK_EQ_STR(get("loglevelx"), "1");
	CHECK_EQ_INT(cmdline_init("loglevel=7"), 0);
	CHECK(cmdline_get("log") == NULL);
	CHECK(cmdline_get("loglevel7") == NULL);
}

static void test_quotes(void)
{
	CHECK_EQ_INT(cmdline_init("init=\"/bin/sh -x\" quiet"), 0);
	CHECK_EQ_STR(get("init"), "/bin/sh -x");
	CHECK_EQ_STR(get("quiet"), "");
	CHECK(cmdline_get("-x\"") == NULL);

	/* Quotes may sit anywhere in a word and hold tabs. */
	CHECK_EQ_INT(cmdline_init("msg=a\"b c\"d tab=\"p\tq\" e=\"\""), 0);
	CHECK_EQ_STR(get("msg"), "ab cd");
	CHECK_EQ_STR(get("tab"), "p\tq");
	CHECK_EQ_STR(get("e"), "");

	/* An unterminated quote runs to the end of the line. */
	CHECK_EQ_INT(cmdline_init("a=1 init=\"/bin/sh -x"), 0);
	CHECK_EQ_STR(get("init"), "/bin/sh -x");
	CHECK_EQ_STR(get("a"), "1");
}

static void test_init_args(void)
{
	CHECK_EQ_INT(cmdline_init("loglevel=7 -- loglevel=3 -x foo"), 0);
	CHECK_EQ_STR(get("loglevel"), "7");
	CHECK_EQ_INT(cmdline_init_argc(), 3);
	CHECK_EQ_STR(cmdline_init_arg(0), "loglevel=3");
	CHECK_EQ_STR(cmdline_init_arg(1), "-x");
	CHECK_EQ_STR(cmdline_init_arg(2), "foo");
	CHECK(cmdline_init_arg(3) == NULL);
	CHECK(cmdline_get("-x") == NULL);
	CHECK(cmdline_get("foo") == NULL);
	CHECK(cmdline_get("--") == NULL);

	CHECK_EQ_INT(cmdline_init("-- loglevel=3"), 0);
	CHECK(cmdline_get("loglevel") == NULL);
	CHECK_EQ_INT(cmdline_init_argc(), 1);
	CHECK_EQ_STR(cmdline_init_arg(0), "loglevel=3");

	/* Only the first `--` splits; later ones are init's. */
	CHECK_EQ_INT(cmdline_init("a -- b -- c"), 0);
	CHECK_EQ_STR(get("a"), "");
	CHECK(cmdline_get("b") == NULL);
	CHECK_EQ_INT(cmdline_init_argc(), 3);
	CHECK_EQ_STR(cmdline_init_arg(0), "b");
	CHECK_EQ_STR(cmdline_init_arg(1), "--");
	CHECK_EQ_STR(cmdline_init_arg(2), "c");

	/* A trailing `--`: no init arguments. `--x` is an ordinary word. */
	CHECK_EQ_INT(cmdline_init("quiet --"), 0);
	CHECK(cmdline_flag("quiet"));
	CHECK_EQ_INT(cmdline_init_argc(), 0);
	CHECK(cmdline_init_arg(0) == NULL);
	CHECK_EQ_INT(cmdline_init("--x --y=1"), 0);
	CHECK_EQ_STR(get("--x"), "");
	CHECK_EQ_STR(get("--y"), "1");
	CHECK_EQ_INT(cmdline_init_argc(), 0);

	/* Quoted init arguments keep their spaces. */
	CHECK_EQ_INT(cmdline_init("-- sh -c \"echo hi\""), 0);
	CHECK_EQ_INT(cmdline_init_argc(), 3);
	CHECK_EQ_STR(cmdline_init_arg(2), "echo hi");
}

static void test_get_u64(void)
{
	u64 v;

	CHECK_EQ_INT(cmdline_init("n=42 h=0x1F H=0XfF zero=0 bad=12a hex=0xg empty= flag "
				  "neg=-1 sp=\" 1\" max=18446744073709551615 "
				  "over=18446744073709551616 -- later=5"),
		     0);
	v = 1;
	CHECK_EQ_INT(cmdline_get_u64("n", &v), 0);
	CHECK(v == 42);
	CHECK_EQ_INT(cmdline_get_u64("h", &v), 0);
	CHECK(v == 0x1f);
	CHECK_EQ_INT(cmdline_get_u64("H", &v), 0);
	CHECK(v == 0xff);
	CHECK_EQ_INT(cmdline_get_u64("zero", &v), 0);
	CHECK(v == 0);
	CHECK_EQ_INT(cmdline_get_u64("max", &v), 0);
	CHECK(v == UINT64_MAX);

	static const char *const bad[] = { "bad", "hex", "empty", "flag", "neg", "sp" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 77;
		CHECK_EQ_INT(cmdline_get_u64(bad[i], &v), -EINVAL);
		CHECK(v == 77);
	}
	/* Out of range: an error, and *out is left alone. */
	v = 77;
	CHECK(cmdline_get_u64("over", &v) < 0);
	CHECK(v == 77);

	CHECK_EQ_INT(cmdline_get_u64("absent", &v), -ENOENT);
	CHECK_EQ_INT(cmdline_get_u64("later", &v), -ENOENT);
	CHECK(v == 77);
}

static void test_list_has(void)
{
	CHECK_EQ_INT(cmdline_init("ktest=a,bb,c one=bb flag"), 0);
	CHECK(cmdline_list_has("ktest", "a"));
	CHECK(cmdline_list_has("ktest", "bb"));
	CHECK(cmdline_list_has("ktest", "c"));
	CHECK(!cmdline_list_has("ktest", "b"));
	CHECK(!cmdline_list_has("ktest", "bbb"));
	CHECK(!cmdline_list_has("ktest", "cc"));
	CHECK(!cmdline_list_has("ktest", "a,bb"));
	CHECK(!cmdline_list_has("ktest", ""));
	CHECK(cmdline_list_has("one", "bb"));
	CHECK(!cmdline_list_has("one", "b"));
	CHECK(!cmdline_list_has("flag", "flag"));
	CHECK(!cmdline_list_has("absent", "a"));

	/* Last occurrence wins for lists too. */
	CHECK_EQ_INT(cmdline_init("ktest=all ktest=mm,vfs"), 0);
	CHECK(!cmdline_list_has("ktest", "all"));
	CHECK(cmdline_list_has("ktest", "vfs"));
}

static void test_whitespace(void)
{
	CHECK_EQ_INT(cmdline_init("  a=1\tb=2\n\nc   d=4 \t\n "), 0);
	CHECK_EQ_STR(get("a"), "1");
	CHECK_EQ_STR(get("b"), "2");
	CHECK_EQ_STR(get("c"), "");
	CHECK_EQ_STR(get("d"), "4");
	CHECK(cmdline_get("") == NULL);
	CHECK(cmdline_get(" ") == NULL);

	CHECK_EQ_INT(cmdline_init("x\t--\ty"), 0);
	CHECK_EQ_INT(cmdline_init_argc(), 1);
	CHECK_EQ_STR(cmdline_init_arg(0), "y");
}

static void test_empty(void)
{
	static const char *const lines[] = { "", " ", "\t\n  \n" };

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		CHECK_EQ_INT(cmdline_init(lines[i]), 0);
		CHECK(cmdline_get("quiet") == NULL);
		CHECK(cmdline_get("") == NULL);
		CHECK_EQ_INT(cmdline_init_argc(), 0);
		CHECK(cmdline_init_arg(0) == NULL);
		CHECK(!cmdline_list_has("ktest", "a"));
	}
}

/* Builds "k0=0 k1=1 ... k(n-1)=(n-1)", with "--" inserted before word
 * `dashes_at` when it is below n. */
static void make_words(char *buf, size_t size, unsigned n, unsigned dashes_at)
{
	size_t len = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < n; i++) {
		if (i == dashes_at)
			len += (size_t)snprintf(buf + len, size - len, "-- ");
		len += (size_t)snprintf(buf + len, size - len, "k%u=%u ", i, i);
	}
}

static void test_too_many_words(void)
{
	static char line[1024];
	char key[16];

	make_words(line, sizeof(line), CMDLINE_MAX_WORDS, ~0u);
	CHECK(strlen(line) < BOOT_CMDLINE_MAX);
	CHECK_EQ_INT(cmdline_init(line), 0);
	CHECK_EQ_STR(get("k63"), "63");

	make_words(line, sizeof(line), CMDLINE_MAX_WORDS + 6, ~0u);
	CHECK(strlen(line) < BOOT_CMDLINE_MAX);
	CHECK_EQ_INT(cmdline_init(line), -E2BIG);
	for (unsigned i = 0; i < CMDLINE_MAX_WORDS + 6; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		if (i < CMDLINE_MAX_WORDS) {
			char want[16];
			snprintf(want, sizeof(want), "%u", i);
			CHECK_EQ_STR(get(key), want);
		} else {
			CHECK(cmdline_get(key) == NULL);
		}
	}

	/* The limit counts init arguments too; "--" is not a word. */
	make_words(line, sizeof(line), CMDLINE_MAX_WORDS + 6, 60);
	CHECK_EQ_INT(cmdline_init(line), -E2BIG);
	CHECK_EQ_STR(get("k59"), "59");
	CHECK(cmdline_get("k60") == NULL);
	CHECK_EQ_INT(cmdline_init_argc(), CMDLINE_MAX_WORDS - 60);
	CHECK_EQ_STR(cmdline_init_arg(0), "k60=60");
	CHECK_EQ_STR(cmdline_init_arg(CMDLINE_MAX_WORDS - 61), "k63=63");
	CHECK(cmdline_init_arg(CMDLINE_MAX_WORDS - 60) == NULL);
}

static void test_too_long(void)
{
	static char line[4096];

	/* 1023 characters (what BOOT_CMDLINE_MAX holds) fit, in any split. */
	memset(line, 'a', 1023);
	line[0] = 'k';
	line[1] = '=';
	line[1023] = 0;
	CHECK_EQ_INT(cmdline_init(line), 0);
	CHECK_EQ_INT(strlen(get("k")), 1021);

	/* 32 words of 31 characters: k00=xxx... to k31=xxx... */
	size_t len = 0;
	for (unsigned i = 0; i < 32; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%sk%02u=%s",
					i ? " " : "", i, "xxxxxxxxxxxxxxxxxxxxxxxxxxx");
	CHECK_EQ_INT(len, 1023);
	CHECK_EQ_INT(cmdline_init(line), 0);
	CHECK_EQ_STR(get("k00"), "xxxxxxxxxxxxxxxxxxxxxxxxxxx");
	CHECK_EQ_STR(get("k31"), "xxxxxxxxxxxxxxxxxxxxxxxxxxx");

	/* One word longer than the buffer. */
	memset(line, 'a', 3000);
	line[0] = 'k';
	line[1] = '=';
	line[3000] = 0;
	CHECK_EQ_INT(cmdline_init(line), -E2BIG);
	const char *v = cmdline_get("k");
	CHECK(v != NULL);
	if (v) {
		CHECK(strlen(v) <= 1021);
		CHECK(strncmp(v, line + 2, strlen(v)) == 0);
	}

	/* Many short words past the buffer: the first ones are intact. */
	len = 0;
	for (unsigned i = 0; i < 60; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"key%02u=%s ", i, "vvvvvvvvvvvvvvvvvvvvvvvvv");
	CHECK(len > 1500);
	CHECK_EQ_INT(cmdline_init(line), -E2BIG);
	CHECK_EQ_STR(get("key00"), "vvvvvvvvvvvvvvvvvvvvvvvvv");
	CHECK_EQ_STR(get("key20"), "vvvvvvvvvvvvvvvvvvvvvvvvv");
	CHECK(cmdline_get("key59") == NULL);

	/* A long quoted value and a long init argument. */
	memset(line, 'q', 2000);
	memcpy(line, "-- \"", 4);
	line[2000] = 0;
	CHECK_EQ_INT(cmdline_init(line), -E2BIG);
	CHECK(cmdline_init_argc() <= 1);
}

static void test_reinit_resets(void)
{
	CHECK_EQ_INT(cmdline_init("a=1 quiet -- x y"), 0);
	CHECK_EQ_INT(cmdline_init_argc(), 2);
	CHECK_EQ_INT(cmdline_init("b=2"), 0);
	CHECK(cmdline_get("a") == NULL);
	CHECK(cmdline_get("quiet") == NULL);
	CHECK_EQ_STR(get("b"), "2");
	CHECK_EQ_INT(cmdline_init_argc(), 0);
	CHECK(cmdline_init_arg(0) == NULL);

	/* A good line after one that hit a limit is parsed whole. */
	static char line[1024];
	make_words(line, sizeof(line), CMDLINE_MAX_WORDS + 1, ~0u);
	CHECK_EQ_INT(cmdline_init(line), -E2BIG);
	CHECK_EQ_INT(cmdline_init("c=3 -- z"), 0);
	CHECK_EQ_STR(get("c"), "3");
	CHECK(cmdline_get("k0") == NULL);
	CHECK_EQ_INT(cmdline_init_argc(), 1);
	CHECK_EQ_STR(cmdline_init_arg(0), "z");

	CHECK_EQ_INT(cmdline_init(""), 0);
	CHECK(cmdline_get("c") == NULL);
	CHECK_EQ_INT(cmdline_init_argc(), 0);
}

UNIT_TESTS(TEST_ENTRY(test_flags_and_values), TEST_ENTRY(test_last_wins),
	   TEST_ENTRY(test_prefix_keys), TEST_ENTRY(test_quotes),
	   TEST_ENTRY(test_init_args), TEST_ENTRY(test_get_u64),
	   TEST_ENTRY(test_list_has), TEST_ENTRY(test_whitespace),
	   TEST_ENTRY(test_empty), TEST_ENTRY(test_too_many_words),
	   TEST_ENTRY(test_too_long), TEST_ENTRY(test_reinit_resets))
