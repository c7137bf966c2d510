using System.Collections;
using System.Globalization;
using System.Runtime.Loader;
using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Worker;

/// <summary>
/// Keeps one answer from contaminating the next: closes inherited descriptors at start, snapshots the process state
/// the answer could change, and after each answer says whether the worker must be replaced (a thread or timer left
/// running, a load context that will not unload, environment or working directory changed).
/// </summary>
internal static class Hygiene
{
    public sealed record State(int ExtraThreads, int Timers, string Environment, string Directory, string Tmp);

    /// <summary>Closes every descriptor above 2 that survived exec (no FD_CLOEXEC): those were leaked by an ancestor.</summary>
    public static void CloseInheritedDescriptors(int[] keep)
    {
        // Plain loops rather than LINQ here and below: these run once per new worker, where each generic
        // instantiation the runtime has to compile costs start-up time, and a worker starts after every timeout.
        foreach (string entry in System.IO.Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(entry.AsSpan(entry.LastIndexOf('/') + 1), out int fd) || fd <= 2 || Array.IndexOf(keep, fd) >= 0)
                continue;
            int flags = Native.fcntl(fd, Native.F_GETFD, 0);
            if (flags >= 0 && (flags & Native.FD_CLOEXEC) == 0)
                Native.close(fd);
        }
    }

    public static State Snapshot() => new(NonRuntimeThreads(), (int)Timer.ActiveCount, EnvironmentText(), System.IO.Directory.GetCurrentDirectory(), TmpText());

    /// <summary>Null when the worker is clean; otherwise why it must be replaced.</summary>
    public static string? Check(State baseline, WeakReference? context)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentCulture = null;
        CultureInfo.DefaultThreadCurrentUICulture = null;
        Console.SetIn(TextReader.Null);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);

        if (context is not null)
        {
            // Two full collections free a context nothing holds: the first finalises its loader, the second collects it.
            // Full, not young-generation ones: when gen-1 collections alone freed a context, the runtime later threw
            // OutOfMemoryException (or crashed with SIGSEGV) creating an instance of a type in a new context, about once
            // per 300 answers, and an accepted answer came back memory_limit.
            for (int i = 0; context.IsAlive && i < 6; i++)
            {
                // Not compacting: nothing needs to move to free a context, and sweeping alone costs less.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
                GC.WaitForPendingFinalizers();
            }
            if (context.IsAlive)
                return "the answer's load context did not unload (something still references it)";
        }
        ThreadPool.GetAvailableThreads(out int available, out _);
        ThreadPool.GetMaxThreads(out int max, out _);
        if (max - available > 0 || ThreadPool.PendingWorkItemCount > 0)
            return "work left running on the thread pool";
        if (Timer.ActiveCount > baseline.Timers)
            return "timers left running";
        if (NonRuntimeThreads() > baseline.ExtraThreads)
            return "threads left running";
        if (EnvironmentText() != baseline.Environment)
            return "environment variables changed";
        if (System.IO.Directory.GetCurrentDirectory() != baseline.Directory)
            return "working directory changed";
        if (TmpText() != baseline.Tmp)
            return "files left in /tmp";
        return null;
    }

    /// <summary>What the worker sees of its own confinement, for <c>sandbox doctor</c> and the tests.</summary>
    public static JsonObject Report()
    {
        var status = File.ReadAllLines("/proc/self/status").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        var interfaces = File.ReadAllLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).ToArray();
        bool rootWritable;
        try
        {
            File.WriteAllText("/.r1gym-probe", "x");
            File.Delete("/.r1gym-probe");
            rootWritable = true;
        }
        catch (Exception)
        {
            rootWritable = false;
        }
        return new JsonObject
        {
            ["pid"] = Environment.ProcessId,
            ["uid"] = status.GetValueOrDefault("Uid"),
            ["capEff"] = status.GetValueOrDefault("CapEff"),
            ["noNewPrivs"] = status.GetValueOrDefault("NoNewPrivs"),
            ["seccompMode"] = status.GetValueOrDefault("Seccomp"),
            ["networkInterfaces"] = new JsonArray(interfaces.Select(i => (JsonNode?)i).ToArray()),
            ["environmentVariables"] = Environment.GetEnvironmentVariables().Count,
            ["processesVisible"] = System.IO.Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _)),
            ["rootWritable"] = rootWritable,
        };
    }

    private static int NonRuntimeThreads()
    {
        int count = 0;
        foreach (string task in System.IO.Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET", StringComparison.Ordinal))
                    count++;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return count;
    }

    private static string TmpText()
    {
        try
        {
            string[] entries = System.IO.Directory.GetFileSystemEntries("/tmp");
            Array.Sort(entries, StringComparer.Ordinal);
            return string.Join('\n', entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    private static string EnvironmentText()
    {
        var entries = new List<string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            entries.Add($"{e.Key}={e.Value}");
        entries.Sort(StringComparer.Ordinal);
        return string.Join('\n', entries);
    }

    /// <summary>Unloads a finished answer's context and hands back a weak reference to check it went away.</summary>
    public static WeakReference Unload(AssemblyLoadContext context)
    {
        context.Unload();
        return new WeakReference(context);
    }
}
