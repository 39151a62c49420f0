# net-tools.sh - MinOS's network tools over lo, the same binaries on both
# kernels: ping (busybox's format; times and counters filtered out, the
# lines that carry them counted), ifconfig lo without its counters (a
# MinOS request Linux lacks), lo down and up, nc -u and nc over TCP
# listening and sending, and nc to a closed TCP port.
T=/tmp/shtest-net.$$
rm -rf $T
mkdir $T && cd $T || exit 1
ping -c 3 127.0.0.1 > ping.out
echo "ping status: $?"
grep -v -e time= -e round-trip ping.out
echo "replies with a time: $(grep -c 'ttl=64 time=' ping.out)"
echo "round-trip lines: $(grep -c 'round-trip min/avg/max = ' ping.out)"
ping -q -c 2 -s 1000 127.0.0.2 > ping2.out
echo "ping -q -s 1000 127.0.0.2 status: $?"
grep -v round-trip ping2.out
ping -c 1 1.2.3 2> /dev/null
echo "ping of a bad address: $?"
ifconfig lo | grep -v packets
ifconfig lo down
echo "ifconfig lo down: $?"
ifconfig lo | grep flags
ifconfig lo up
echo "ifconfig lo up: $?"
ifconfig lo | grep flags
ifconfig nope0 2> /dev/null
echo "ifconfig nope0: $?"
nc -l -u -p 7801 -w 2 > nc.out &
sleep 1
echo "hello over udp" | nc -u 127.0.0.1 7801
echo "nc -u send: $?"
wait
echo "nc -l -u: $?"
cat nc.out
nc -l -p 7802 > tcp.out &
sleep 1
echo "hello over tcp" | nc 127.0.0.1 7802
echo "nc send over tcp: $?"
wait
echo "nc -l: $?"
cat tcp.out
nc 127.0.0.1 7803 < /dev/null 2> /dev/null
echo "nc to a closed TCP port: $?"
cd / && rm -rf $T
