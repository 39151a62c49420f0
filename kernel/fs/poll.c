/*
 * poll.c - readiness notifications (poll.h).
 */
#include "fs/poll.h"

struct wait_queue poll_queue;

void poll_notify(struct poll_source *ps)
{
	if (ps)
		ps->seq++;
	wake_up(&poll_queue);
}
