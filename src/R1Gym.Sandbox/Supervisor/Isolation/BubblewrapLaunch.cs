using System.Diagnostics;

namespace R1Gym.Sandbox.Supervisor.Isolation;

/// <summary>
/// The worker launch through bubblewrap, used when <c>bwrap</c> is installed: one process builds what the util-linux
/// script builds with a dozen (new user, pid, net, ipc, uts and cgroup namespaces; a read-only root holding only /usr,
/// the .NET root, the worker's three files, four device nodes and a fresh /proc; a private tmpfs /tmp; an empty
/// environment; no capabilities; no_new_privs; killed with its parent), so a worker starts for less. The chain is
/// <c>[sh: join cgroups] -> [setpriv: drop root to an unprivileged uid] -> prlimit -> bwrap -> dotnet worker</c>, each
/// step an exec, so the process the supervisor holds is bwrap itself and killing it takes the sandbox down
/// (<c>--die-with-parent</c>). The worker installs its seccomp filter itself, as on the other path.
/// </summary>
internal static class BubblewrapLaunch
{
    /// <summary>Fills <paramref name="start"/> to run <paramref name="command"/> in the sandbox (its environment must already hold only what the worker may see).</summary>
    public static void Configure(ProcessStartInfo start, string bwrap, SandboxOptions options, WorkerGroup? group, IReadOnlyList<(string Source, string Target)> files, IReadOnlyList<string> command)
    {
        var chain = new List<string>();
        bool root = Native.geteuid() == 0;
        if (group is { ProcsFiles.Length: > 0 })
        {
            // Join the cgroups while still privileged; everything after inherits them.
            string join = string.Concat(group.ProcsFiles.Select(p => $"echo $$ > {LaunchPlan.Q(p)}\n"));
            chain.AddRange(["/bin/sh", "-c", join + "exec \"$@\"", "sh"]);
        }
        if (root)
        {
            // bwrap then runs unprivileged and builds its namespaces inside a user namespace of that uid: the sandbox
            // is never real root, with or without capabilities.
            chain.AddRange(["setpriv", $"--reuid={options.UnprivilegedUid}", $"--regid={options.UnprivilegedUid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);
        }
        long fileBytes = (long)options.TmpfsMb << 20;
        chain.AddRange(["prlimit", "--nofile=256", "--core=0", $"--fsize={fileBytes}", "--", bwrap]);
        chain.AddRange(Arguments(options, start.Environment, files));
        chain.Add("--");
        chain.AddRange(command);

        start.FileName = chain[0];
        foreach (string argument in chain.Skip(1))
            start.ArgumentList.Add(argument);
    }

    private static List<string> Arguments(SandboxOptions options, IDictionary<string, string?> environment, IReadOnlyList<(string Source, string Target)> files)
    {
        var a = new List<string>
        {
            "--unshare-user", "--uid", options.UnprivilegedUid.ToString(), "--gid", options.UnprivilegedUid.ToString(),
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            // --as-pid-1: the worker is its namespace's init, as on the util-linux path, so it is alone there and its
            // death ends everything in it.
            "--as-pid-1", "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
        };
        foreach (var (name, value) in environment.Where(e => e.Value is not null).OrderBy(e => e.Key, StringComparer.Ordinal))
            a.AddRange(["--setenv", name, value!]);
        a.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var (dir, target) in LaunchPlan.TopLevelEntries())
            a.AddRange(target is not null ? ["--symlink", target, dir] : ["--ro-bind", dir, dir]);
        string dotnetRoot = Path.GetDirectoryName(LaunchPlan.DotnetHost)!;
        if (!dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal))
            a.AddRange(["--ro-bind", dotnetRoot, dotnetRoot]);
        a.AddRange(["--dir", "/dev"]);
        foreach (string device in LaunchPlan.Devices)
            a.AddRange(["--dev-bind", "/dev/" + device, "/dev/" + device]);
        a.AddRange(["--proc", "/proc", "--dir", "/etc", "--size", ((long)options.TmpfsMb << 20).ToString(), "--perms", "1777", "--tmpfs", "/tmp"]);
        foreach (var (source, target) in files)
            a.AddRange(["--ro-bind", source, target]);
        a.AddRange(["--remount-ro", "/", "--chdir", "/tmp"]);
        return a;
    }
}
