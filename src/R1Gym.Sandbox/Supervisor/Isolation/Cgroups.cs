namespace R1Gym.Sandbox.Supervisor.Isolation;

/// <summary>
/// Per-worker memory and pids limits through cgroups, v1 (memory + pids hierarchies) or v2 (unified), when the
/// supervisor may create groups (root, or a delegated tree). The worker joins its groups itself, from the launch
/// script, before dropping privileges; <see cref="WorkerGroup.OutOfMemory"/> tells a memory kill from a crash.
/// </summary>
internal static class Cgroups
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>"v1", "v2" or null when no usable, writable hierarchy exists.</summary>
    public static string? Detect()
    {
        try
        {
            if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
            {
                var controllers = File.ReadAllText(Path.Combine(Root, "cgroup.controllers"));
                return controllers.Contains("memory") && controllers.Contains("pids") && Writable(Root) ? "v2" : null;
            }
            return Writable(Path.Combine(Root, "memory")) && Writable(Path.Combine(Root, "pids")) ? "v1" : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Creates the worker's groups; null when that is not possible here.</summary>
    public static WorkerGroup? Create(string version, string name, long memoryBytes, int maxTasks)
    {
        try
        {
            if (version == "v2")
            {
                string parent = Path.Combine(Root, "r1gym");
                Directory.CreateDirectory(parent);
                File.WriteAllText(Path.Combine(Root, "cgroup.subtree_control"), "+memory +pids");
                File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +pids");
                string dir = Path.Combine(parent, name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "memory.max"), memoryBytes.ToString());
                TryWrite(Path.Combine(dir, "memory.swap.max"), "0");
                File.WriteAllText(Path.Combine(dir, "pids.max"), maxTasks.ToString());
                return new WorkerGroup([dir], [Path.Combine(dir, "cgroup.procs")], Path.Combine(dir, "memory.events"), Path.Combine(dir, "memory.events"));
            }
            string memory = Path.Combine(Root, "memory", "r1gym", name);
            string pids = Path.Combine(Root, "pids", "r1gym", name);
            Directory.CreateDirectory(memory);
            Directory.CreateDirectory(pids);
            File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), memoryBytes.ToString());
            TryWrite(Path.Combine(memory, "memory.memsw.limit_in_bytes"), memoryBytes.ToString());
            File.WriteAllText(Path.Combine(pids, "pids.max"), maxTasks.ToString());
            return new WorkerGroup([memory, pids], [Path.Combine(memory, "cgroup.procs"), Path.Combine(pids, "cgroup.procs")],
                Path.Combine(memory, "memory.oom_control"), Path.Combine(memory, "memory.failcnt"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Removes the groups that a supervisor which has since died left behind (a batch killed with SIGKILL cannot clean up):
    /// a group's name starts with its owner's process id (<c>p{pid}-</c>), and a group whose owner is gone and that holds
    /// no process is deleted. One still holding processes is left (they die with their parent; a later sweep removes it).
    /// </summary>
    /// <returns>The groups removed.</returns>
    public static int SweepOrphans(string version)
    {
        string[] parents = version == "v2"
            ? [Path.Combine(Root, "r1gym")]
            : [Path.Combine(Root, "memory", "r1gym"), Path.Combine(Root, "pids", "r1gym")];
        int removed = 0;
        foreach (string parent in parents)
        {
            string[] groups;
            try
            {
                groups = Directory.Exists(parent) ? Directory.GetDirectories(parent) : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (string dir in groups)
            {
                if (OwnerPid(Path.GetFileName(dir)) is not { } owner || Directory.Exists($"/proc/{owner}"))
                    continue;
                try
                {
                    Directory.Delete(dir);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Still populated, or gone already.
                }
            }
        }
        return removed;
    }

    /// <summary>The owner's process id in a group name <c>p{pid}-...</c>, or null for a name of another form.</summary>
    internal static int? OwnerPid(string name)
    {
        int dash = name.IndexOf('-');
        return name.Length > 2 && name[0] == 'p' && dash > 1 && int.TryParse(name.AsSpan(1, dash - 1), out int pid) && pid > 0 ? pid : null;
    }

    private static bool Writable(string dir) => Directory.Exists(dir) && Native.access(dir, 2) == 0;

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Optional knob (swap accounting may be off).
        }
    }
}

/// <summary>One worker's cgroups. EventsFile is memory.events on v2 (its max and oom_kill counters), memory.failcnt on v1 (times usage hit the limit).</summary>
internal sealed record WorkerGroup(string[] Directories, string[] ProcsFiles, string OomFile, string EventsFile)
{
    /// <summary>How often the group's memory use has reached its limit so far (0 when unreadable); grows under memory pressure.</summary>
    public long MemoryEvents()
    {
        try
        {
            string text = File.ReadAllText(EventsFile);
            if (!text.Contains(' '))
                return long.TryParse(text.Trim(), out long failures) ? failures : 0;
            long total = 0;
            foreach (string line in text.Split('\n'))
                if ((line.StartsWith("max ", StringComparison.Ordinal) || line.StartsWith("oom_kill ", StringComparison.Ordinal))
                    && long.TryParse(line[(line.IndexOf(' ') + 1)..], out long n))
                    total += n;
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>True when the kernel OOM-killed something in the group (memory_limit rather than a crash).</summary>
    public bool OutOfMemory()
    {
        try
        {
            return File.ReadAllLines(OomFile).Any(l => l.StartsWith("oom_kill ", StringComparison.Ordinal) && l[9..].Trim() != "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Removes the groups once their processes are gone; the kernel may need a moment after the kill, so busy groups are retried briefly.</summary>
    public async Task DeleteAsync()
    {
        foreach (string dir in Directories)
        {
            for (int attempt = 0; attempt < 50 && Directory.Exists(dir); attempt++)
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await Task.Delay(20).ConfigureAwait(false);
                }
            }
        }
    }
}
