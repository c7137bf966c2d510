namespace R1Gym.Sandbox.Supervisor.Isolation;

/// <summary>
/// CPU time used so far by a process and its descendants (through /proc/PID/task/TID/children), for start-up waits that
/// must tell a slow start on a busy machine (CPU time grows) from a stuck one. Read only when a wait runs out, never
/// per answer. Processes that are gone or unreadable count as zero.
/// </summary>
internal static class ProcessTreeCpu
{
    /// <summary>Milliseconds of CPU (user + system) of <paramref name="pid"/> and everything below it.</summary>
    public static long Milliseconds(int pid)
    {
        long ticks = 0;
        var pending = new Stack<int>([pid]);
        var seen = new HashSet<int>();
        while (pending.Count > 0 && seen.Count < 4096)
        {
            int p = pending.Pop();
            if (!seen.Add(p))
                continue;
            ticks += Ticks(p);
            foreach (int child in Children(p))
                pending.Push(child);
        }
        // Linux reports these in USER_HZ, 100 per second on every architecture it supports.
        return ticks * 10;
    }

    /// <summary>
    /// True when the tree used at least 0.2% of one core over <paramref name="windowMs"/> since <paramref name="beforeMs"/>
    /// was read: a stuck process uses none, and a start on a 2-core machine loaded with 60 runnable threads got about 2%.
    /// </summary>
    public static bool Progressed(long beforeMs, long nowMs, int windowMs) => nowMs - beforeMs >= Math.Max(windowMs / 500, 10);

    private static long Ticks(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces): state is field 3, utime 14 and stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                foreach (string id in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(id, out int child))
                        children.Add(child);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or no children file on this kernel.
        }
        return children;
    }
}
