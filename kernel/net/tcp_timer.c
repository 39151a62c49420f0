/*
 * tcp_timer.c - TCP's clocks: the retransmission timeout estimated from
 * round-trip samples (RFC 6298) with exponential backoff and a bounded
 * number of retries, the persist timer that probes a closed window, and
 * the FIN-WAIT-2 and TIME-WAIT timers. All times are in ticks.
 * Invariant: rexmit_at is set while a segment that carries a sequence
 * number is unacknowledged, or while unsent data waits for a window.
 */
#include "net/tcp_conn.h"
#include "errno.h"
#include "net/tcp_uapi.h"
#include "time/tick.h"

u64 tcp_now(void)
{
	return tick_count();
}

/* RFC 6298 2.3: srtt and rttvar kept scaled (by 8 and by 4) so that the
 * 1/8 and 1/4 gains stay integers. */
void tcp_rtt_sample(struct tcp_conn *c, u32 r)
{
	if (!c->srtt) {
		c->srtt = (r << 3) | 1; /* never 0 again: 0 means no sample yet */
		c->rttvar = r << 1;     /* R/2, scaled by 4 */
	} else {
		s32 err = (s32)r - (s32)(c->srtt >> 3);
		if (err < 0)
			err = -err;
		c->rttvar = c->rttvar - (c->rttvar >> 2) + (u32)err;
		c->srtt = c->srtt - (c->srtt >> 3) + r;
	}
	u32 var = c->rttvar; /* 4 * rttvar, in ticks */
	u32 rto = (c->srtt >> 3) + MAX(1u, var);
	c->rto = MIN(MAX(rto, (u32)TCP_RTO_MIN), (u32)TCP_RTO_MAX);
}

void tcp_rexmit_start(struct tcp_conn *c)
{
	c->rexmit_at = tcp_now() + c->rto;
}

void tcp_rexmit_stop(struct tcp_conn *c)
{
	c->rexmit_at = 0;
}

static u32 tcp_retry_limit(const struct tcp_conn *c)
{
	if (c->state == TCP_SYN_SENT)
		return TCP_SYN_RETRIES;
	if (c->state == TCP_SYN_RECEIVED)
		return TCP_SYNACK_RETRIES;
	return TCP_RETRIES;
}

static void tcp_backoff(struct tcp_conn *c)
{
	c->rto = MIN(c->rto * 2, (u32)TCP_RTO_MAX);
	c->rtt_timing = false; /* Karn's algorithm */
}

static void tcp_rexmit_timeout(struct tcp_conn *c)
{
	c->rexmit_at = 0;
	u32 flight = c->snd_nxt - c->snd_una;
	bool persist = !flight && c->snd.len && c->snd_wnd == 0 &&
		       c->state != TCP_SYN_SENT && c->state != TCP_SYN_RECEIVED;
	if (persist) {
		/* The peer answers a probe, so it is alive: probe forever,
		 * backing off, as Linux does while probes are answered. */
		tcp_send_probe(c);
		tcp_backoff(c);
		tcp_rexmit_start(c);
		return;
	}
	if (!flight && c->state != TCP_SYN_SENT && c->state != TCP_SYN_RECEIVED)
		return; /* everything was acknowledged meanwhile */
	tcp_counters.timeouts++;
	if (++c->retries > tcp_retry_limit(c)) {
		tcp_set_error(c, c->state == TCP_SYN_SENT && c->err ? c->err : ETIMEDOUT);
		tcp_done(c);
		return;
	}
	/* RFC 5681 3.1, equation 4, and a loss window of one segment. */
	c->ssthresh = MAX(flight / 2, 2 * c->mss);
	c->cwnd = c->mss;
	c->dupacks = 0;
	tcp_backoff(c);
	/* Go back to the first unacknowledged byte and send from there. */
	c->snd_nxt = c->snd_una == c->iss && c->state <= TCP_SYN_RECEIVED ? c->iss : c->snd_una;
	if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED) {
		tcp_counters.retransmits++;
		tcp_output(c);
		return;
	}
	c->snd_nxt = c->snd_una + tcp_retransmit_first(c);
	if (c->fin_sent && c->snd_nxt == c->fin_seq)
		c->snd_nxt++; /* the FIN went with it */
	tcp_rexmit_start(c);
}

void tcp_timeout(struct tcp_conn *c, u64 now)
{
	if (c->rexmit_at && now >= c->rexmit_at)
		tcp_rexmit_timeout(c);
	if (c->state_at && now >= c->state_at) {
		c->state_at = 0;
		if (c->state == TCP_TIME_WAIT || c->state == TCP_FIN_WAIT_2) {
			if (c->state == TCP_FIN_WAIT_2 && c->sock)
				return; /* its owner may still read: no timeout */
			tcp_done(c);
		}
	}
}
