/*
 * sh.h - what the files of /bin/sh share: the parse tree, the input stack,
 * the shell's state and each file's entry points, grouped by the file that
 * owns them. Internal to the shell: no other program includes it.
 * Invariants: the shell's own descriptors sit at SH_FD_MIN and up,
 * close-on-exec; a line is parsed whole before any of it runs; words keep
 * their quotes until expansion interprets them.
 */
#ifndef SH_H
#define SH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#define SH_FD_MIN 10          /* the shell's own descriptors: 10 and up */
#define SH_DEFAULT_PATH "/bin" /* PATH when the variable is unset */
#define STATUS_NOT_FOUND 127
#define STATUS_NOEXEC 126
#define STATUS_SYNTAX 2
#define HERE_PIPE_MAX 4096 /* PIPE_BUF: a body this short never blocks */

/* --- mem.c: memory, growing strings, string vectors -------------------- */

void *mem_alloc(size_t n);
void mem_free(void *p);
void *mem_realloc(void *p, size_t n);
char *mem_strndup(const char *s, size_t n);
char *mem_strdup(const char *s);

struct sbuf {
	char *s; /* NUL-terminated whenever non-NULL */
	size_t len, cap;
};

void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_addc(struct sbuf *b, int c);
void sb_adds(struct sbuf *b, const char *s);
void sb_trunc(struct sbuf *b, size_t len);
char *sb_take(struct sbuf *b);
void sb_free(struct sbuf *b);

struct strv {
	char **v; /* NULL-terminated whenever non-NULL */
	int n, cap;
};

void sv_push(struct strv *a, char *s);
void sv_free(struct strv *a);
void sort_strings(char **v, int n);

/* --- output.c: messages, and the buffered output of built-ins ---------- */

/* "sh: message" on standard error, in one write. */
__attribute__((format(printf, 1, 2))) void sh_warn(const char *fmt, ...);

/* A built-in's buffered output: one per call, flushed by out_done, which
 * returns the built-in's status for it (1 after a failed write). */
struct out {
	int fd;
	bool failed;
	size_t len;
	char buf[1024];
};

void out_adds(struct out *o, const char *s);
void out_addc(struct out *o, int c);
int out_done(struct out *o);
void out_quoted(struct out *o, const char *s);

/* --- main.c: start-up, options, the way back to the prompt ------------- */

extern pid_t root_pid;   /* $$ */
extern bool interactive; /* prompts; errors return to the prompt */
extern bool opt_e, opt_x, opt_f, opt_u;
extern bool have_top_jmp; /* sh_abort may go back to the prompt */

/*
 * An error that abandons the command: an interactive shell goes back to
 * its prompt, any other shell exits, as dash does.
 */
__attribute__((noreturn)) void sh_abort(int status);

/* --- var.c: variables, positional parameters, functions ---------------- */

#define VAR_EXPORT 1

struct var;
struct saved_var;
struct node;

bool is_name_start(int c);
bool is_name_char(int c);
bool is_digit(int c);
size_t name_len(const char *s);
bool is_name(const char *s);
bool is_assignment(const char *w);

const char *var_get(const char *name);
struct var *var_set_n(const char *name, size_t n, const char *value,
		      unsigned flags);
struct var *var_set(const char *name, const char *value, unsigned flags);
void var_assign(const char *assignment, unsigned flags);
void var_unset(const char *name);
struct strv var_list(bool exported_only);
char **build_env(void);
void var_save(struct saved_var **list, const char *name, size_t n);
void var_forget(struct saved_var **list);
void var_restore(struct saved_var **list);

extern char *arg0;   /* $0 */
extern char **pos_v; /* $1 ... */
extern int pos_n;

char **copy_args(char **argv, int n);
void free_args(char **v, int n);
void pos_set(char **argv, int n);

struct func {
	struct func *next;
	char *name;
	struct node *body; /* parse trees are never freed: no lifetime issue */
};

extern struct func *funcs;

struct func *func_find(const char *name);
void func_set(const char *name, struct node *body);
void func_unset(const char *name);

/* A function call's frame: what to put back when it returns. */
struct frame {
	struct frame *prev;
	char **pos_v;
	int pos_n;
	struct saved_var *locals;
};

extern struct frame *frames;

/* --- input.c: where the parser's characters come from ------------------ */

enum tok_type {
	T_EOF, T_NL, T_WORD, T_SEMI, T_DSEMI, T_AMP, T_ANDAND, T_PIPE, T_OROR,
	T_LPAREN, T_RPAREN, T_REDIR
};

enum redir_op {
	R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR, R_CLOBBER, R_HERE,
	R_HERETAB
};

struct token {
	int type;
	char *word;  /* T_WORD: the raw text, quotes and all */
	bool quoted; /* T_WORD: has a quote or backslash (not a keyword) */
	int op;      /* T_REDIR */
	int fd;      /* T_REDIR: the explicit descriptor, or -1 */
};

struct redir {
	struct redir *next;
	struct redir *here_next; /* pending here-documents, in order */
	int op;
	int fd;
	char *word;   /* target, or the here-document's delimiter */
	char *here;   /* here-document body */
	bool here_quoted;
};

struct input {
	struct input *prev;
	int fd;              /* -1: a string */
	bool own_fd;         /* close it when done */
	const char *str;
	size_t slen, spos;
	char *buf;
	size_t blen, bpos;
	bool onebyte;        /* read byte by byte: commands share the fd */
	bool prompt;         /* interactive: prompt before reading a line */
	bool mid_line;       /* the last byte read was not a newline: a
				terminal in raw mode returns part of a line,
				and the rest needs no prompt */
	bool eof;
	int unget[4];
	int nunget;
	struct token tok;    /* the parser's lookahead */
	bool havetok;
	struct redir *here_head, *here_tail;
};

extern struct input *in; /* the input being read: the top of the stack */
extern bool want_ps1;    /* the next prompt is PS1, not PS2 */

/* While the lexer parses the inside of $(...), every character read is
 * also appended here: the command's text, kept for running it later. */
#define MAX_CAPTURE 16
extern struct sbuf *captures[MAX_CAPTURE];
extern int ncaptures;

bool sh_isatty(int fd);
bool tty_canonical(int fd);
int move_high(int fd);
void push_input_string(const char *s, size_t len);
void push_input_fd(int fd, bool own, bool prompt, bool onebyte);
void pop_input(void);
int in_getc(void);
void in_ungetc(int c);
bool in_exhausted(void);

/* --- scan.c: where quotes and $-constructs end ------------------------- */

struct src {
	const char *s; /* expander: the word */
	size_t pos, len;
	bool lexer;    /* read through in_getc instead */
};

void scan_backslash(struct src *p, struct sbuf *b);
void scan_squote(struct src *p, struct sbuf *b);
void scan_bquote(struct src *p, struct sbuf *b);
void scan_dquote(struct src *p, struct sbuf *b);
void scan_brace(struct src *p, struct sbuf *b, bool dq);
void scan_arith(struct src *p, struct sbuf *b);
void scan_dollar(struct src *p, struct sbuf *b, bool dq);
void scan_paren(struct src *p, struct sbuf *b);

/* --- lex.c: tokens and here-documents ---------------------------------- */

void lex(struct token *t);

/* --- parse.c: the parse tree ------------------------------------------- */

enum node_type {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_IF, N_WHILE, N_UNTIL,
	N_FOR, N_CASE, N_SUBSHELL, N_GROUP, N_FUNC
};

struct case_arm {
	struct case_arm *next;
	struct strv pats;
	struct node *body;
};

struct node {
	int type;
	struct node *a, *b, *c;  /* children: and/or/seq; if: cond, then, else;
				    loops: cond/body; bodies of the rest */
	struct strv words;       /* N_CMD: words; N_FOR: the list */
	struct strv assigns;     /* N_CMD: "name=value" prefixes */
	struct redir *redirs;
	char *name;              /* N_FOR: variable; N_FUNC: name; N_CASE: word */
	struct node **cmds;      /* N_PIPE */
	int ncmds;
	bool bang;               /* N_PIPE: ! in front */
	bool has_in;             /* N_FOR: an "in" list was given */
	struct case_arm *arms;   /* N_CASE */
};

__attribute__((noreturn)) void syntax_error(const char *msg);
__attribute__((noreturn)) void syntax_unexpected(struct token *t);
struct token *peek(void);
struct node *parse_compound_list(bool allow_empty);
struct node *parse_line(bool *eof);
bool node_has_func(struct node *n);
void node_free(struct node *n);

/* --- glob.c: pattern matching and pathname expansion ------------------- */

bool pmatch(const char *p, const char *s);
void glob_push(struct strv *out, const char *pat);

/* --- arith.c: $((...)) ------------------------------------------------- */

long arith_eval(const char *expr);

/* --- expand.c: word expansion ------------------------------------------ */

#define EXP_SPLIT 1 /* field splitting */
#define EXP_GLOB 2  /* pathname expansion */
#define EXP_PAT 4   /* the result is a pattern: keep the escapes */
#define EXP_TILDE 8
#define EXP_HERE 16 /* here-document or $((...)): only \$ \` \\ \newline */

const char *ifs_value(void);
bool is_ifs_space(int c);
void expand_word(const char *w, int flags, struct strv *out);
char *expand_str(const char *w, int flags);

/* --- redir.c: redirections --------------------------------------------- */

struct saved_fd {
	int fd;
	int copy; /* -1: fd was closed */
};

struct redir_save {
	struct redir_save *prev;
	struct saved_fd *v;
	int n, cap;
};

extern struct redir_save *redir_stack;

void redir_push(struct redir_save *s);
void redir_pop(struct redir_save *s);
int apply_redirs(struct redir *r, struct redir_save *s);

/* --- trap.c: signals, traps, leaving the shell ------------------------- */

extern unsigned long sig_reset; /* ignored by the shell itself: children
				   get SIG_DFL back (bit N-1: signal N) */
extern char *trap_action[NSIG + 1];
extern volatile int any_trap_pending;

const char *sig_name(int sig);
const char *sig_text(int sig);
int sig_number(const char *s);
void sig_set(int sig, sighandler_t h);
void sig_ignore_own(int sig);
void sig_restore_defaults(void);
void sig_untrap(int sig);
void trap_handler(int sig);
void trap_enter_subshell(void);
int trap_pending_signal(void);
bool have_traps(void);
sigset_t trap_caught(void);
void run_traps(void);
/* Leaves the shell, running the EXIT trap first. */
__attribute__((noreturn)) void sh_exit(int status);

/* --- cmdtext.c: a command's text, as the job table shows it ------------ */

char *cmd_text(struct node *n);
char *argv_text(char **argv);

/* --- jobs.c: the job table, forking a job's processes, waiting --------- */

extern pid_t last_bg;    /* $!, 0 before the first background job */
extern bool jobctl;      /* jobs get their own groups and the terminal */
extern int tty_fd;
extern pid_t shell_pgid;

enum { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

struct proc {
	pid_t pid;
	int state; /* JOB_RUNNING, JOB_STOPPED or JOB_DONE */
	int ws;    /* its last wait status: how it stopped or ended */
};

/*
 * A job: what one command line element made of processes, a pipeline or
 * a background list. A foreground job is in the table (jobs) only once it
 * has stopped; a background one from the start, until it is done and
 * reported, or waited for.
 */
struct job {
	struct job *next;     /* the table, by number */
	int id;               /* [N]; 0 while not in the table */
	pid_t pgid;           /* its process group under job control, else 0 */
	struct proc *procs;
	int nprocs;
	char *text;           /* the command, as jobs prints it */
	int state;            /* the procs' joint state (job_update) */
	bool reported;        /* this state (stopped, done) was reported */
	unsigned long stamp;  /* when it last started, stopped or continued */
	bool have_tmodes;     /* the terminal's settings when it stopped: */
	struct termios tmodes; /* given back by fg */
};

extern struct job *jobs;

struct job *job_new(char *text);
void job_add(struct job *j);
void job_free(struct job *j);
struct job *job_by_pid(pid_t pid);
struct job *job_current(struct job *skip);
char job_mark(struct job *j);
struct job *job_from_spec(const char *cmd, const char *spec);
int job_status(struct job *j, bool report);
void job_line(struct sbuf *b, struct job *j, bool pid);
void job_continue(struct job *j, bool fg);
pid_t fork_subshell(void);
void subshell_ready(void);
pid_t fork_member(struct job *j, bool fg);
int wait_fg(struct job *j);
int wait_one(pid_t pid, bool report);
int jobs_wait(struct job *j);
void jobs_reap(void);
void jobs_collect(void);
void jobs_forget_done(void);
bool jobs_stopped(void);
void jobs_end_stopped(void);
void jobs_save_tty(void);
void enter_subshell(void);

/* --- exec.c: running the tree ------------------------------------------ */

/* Flags of run(): how a command is being run. */
#define EV_EXIT 1   /* the process ends after it: exec without forking */
#define EV_TESTED 2 /* its status is tested (if, while, &&, ||, !): no set -e */

enum { SKIP_NONE, SKIP_BREAK, SKIP_CONT, SKIP_RETURN };

#define SRC_TOP 1       /* the shell's main input: reap jobs between commands */
#define SRC_LAST_EXIT 2 /* the last command may exec without forking */

extern int last_status;  /* $? */
extern int subst_status; /* status of the last $(...) of this command */
extern int evalskip, skipcount, ret_value;
extern int loop_depth, func_depth, dot_depth;

int run(struct node *n, int flags);
int run_external(struct node *n, char **argv, struct strv *assigns,
		 struct redir *redirs, int flags);
int run_source(int mode);
void run_string(const char *s, size_t len, bool last_exit);

/* --- builtins.c and builtin_*.c: the built-in commands ----------------- */

struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	bool special; /* POSIX special built-in: found before functions,
			 its assignments stay */
};

const struct builtin *builtin_find(const char *name);
long number_arg(const char *cmd, const char *s);

int bi_echo(int argc, char **argv);      /* builtin_print.c */
int bi_printf(int argc, char **argv);
int bi_test(int argc, char **argv);      /* builtin_test.c */
int bi_cd(int argc, char **argv);        /* builtin_fs.c */
int bi_pwd(int argc, char **argv);
int bi_umask(int argc, char **argv);
int bi_export(int argc, char **argv);    /* builtin_var.c */
int bi_unset(int argc, char **argv);
int bi_set(int argc, char **argv);
int bi_shift(int argc, char **argv);
int bi_read(int argc, char **argv);
int bi_local(int argc, char **argv);
int bi_exit(int argc, char **argv);      /* builtin_flow.c */
int bi_eval(int argc, char **argv);
int bi_dot(int argc, char **argv);
int bi_return(int argc, char **argv);
int bi_break(int argc, char **argv);
int bi_continue(int argc, char **argv);
int bi_jobs(int argc, char **argv);      /* builtin_jobs.c */
int bi_fg(int argc, char **argv);
int bi_bg(int argc, char **argv);
int bi_wait(int argc, char **argv);
int bi_kill(int argc, char **argv);
int bi_trap(int argc, char **argv);

#endif
