using System.Diagnostics;
using System.Runtime.InteropServices;

namespace R1Gym.Sandbox.Supervisor.Isolation;

/// <summary>One isolation layer: whether this machine has it and whether the sandbox uses it.</summary>
public sealed record IsolationLayer(string Name, bool Available, bool InUse, string Detail);

/// <summary>What the start-up probe found. <see cref="Problem"/> is set when untrusted code must not run here.</summary>
public sealed record IsolationReport(IReadOnlyList<IsolationLayer> Layers, bool Namespaces, string? CgroupVersion, string? Problem, bool Unsandboxed)
{
    /// <summary>The bwrap executable workers are launched with; null when the util-linux launcher is used.</summary>
    public string? Bubblewrap { get; init; }

    /// <summary>"bubblewrap", "unshare" (util-linux) or "none".</summary>
    public string Launcher => !Namespaces ? "none" : Bubblewrap is not null ? "bubblewrap" : "unshare";
}

/// <summary>
/// Probes the isolation this machine offers, once, at start-up: util-linux tools, a real namespace trial, cgroups,
/// seccomp. The sandbox fails closed on what it finds: without namespaces every answer gets sandbox_error unless
/// <see cref="SandboxOptions.AllowUnsandboxed"/> is set.
/// </summary>
internal static class IsolationProbe
{
    private static readonly string[] Tools = ["unshare", "setpriv", "prlimit", "mount", "pivot_root"];

    public static IsolationReport Run(SandboxOptions options)
    {
        var layers = new List<IsolationLayer>();
        if (!OperatingSystem.IsLinux())
        {
            string why = $"namespaces need Linux; this is {RuntimeInformation.OSDescription}";
            layers.Add(new("namespaces", false, false, why));
            return Finish(layers, false, null, why, options);
        }
        bool root = Native.geteuid() == 0;
        string? bwrap = Which("bwrap");
        string? bwrapTrial = options.Launcher == "unshare" ? "not used (Sandbox:Launcher=unshare)"
            : bwrap is null ? "not installed" : TryBubblewrap(options, bwrap);
        bool useBwrap = bwrapTrial is null;
        var missing = Tools.Where(t => Which(t) is null).ToList();
        string? unshareTrial = useBwrap || options.Launcher == "bubblewrap" ? null
            : missing.Count > 0 ? $"missing {string.Join(", ", missing)} (util-linux)" : TryNamespaces(root);
        string? trial = options.Launcher == "bubblewrap" && !useBwrap ? $"Sandbox:Launcher=bubblewrap, but bubblewrap is {bwrapTrial}" : unshareTrial;
        bool ns = useBwrap || trial is null;
        string flags = root ? "mount, pid, net, ipc, uts" : "user, mount, pid, net, ipc, uts";
        layers.Add(new("namespaces", ns, ns, !ns ? trial! : useBwrap ? "user, mount, pid, net, ipc, uts, cgroup (bubblewrap)" : $"{flags} (unshare)"));
        layers.Add(new("read-only root + private /tmp", ns, ns, !ns ? "needs namespaces"
            : $"{(useBwrap ? "bwrap's read-only root of binds" : "pivot_root into read-only binds")}, /tmp tmpfs {options.TmpfsMb} MB"));
        layers.Add(new("privilege drop", ns, ns, (root ? $"setpriv to uid {options.UnprivilegedUid}" : "user namespace")
            + (useBwrap ? ", bwrap in a user namespace of that uid" : "") + ", no capabilities, no_new_privs"));
        layers.Add(new("empty environment + closed descriptors", true, true, "env cleared; fds 0-2 -> /dev/null, inherited fds closed"));
        bool seccomp = File.Exists("/proc/sys/kernel/seccomp/actions_avail");
        layers.Add(new("seccomp (all threads)", seccomp, seccomp, seccomp ? "no exec, fork, ptrace, non-unix sockets, mount, bpf, ..." : "kernel has no seccomp filter support"));
        layers.Add(new("rlimits", true, ns, "nofile 256, core 0, fsize = tmpfs size"));
        string? cgroups = Cgroups.Detect();
        layers.Add(new("cgroups", cgroups is not null, cgroups is not null && ns,
            cgroups is null ? "not writable here (not root and no delegation): heap limit + watchdog only" : $"{cgroups}: memory {options.MemoryLimitMb}+{options.RuntimeOverheadMb} MB, pids {options.MaxTasks}"));
        layers.Add(new("managed heap limit", true, true, $"GCHeapHardLimit {options.MemoryLimitMb} MB"));
        layers.Add(new("bubblewrap", bwrap is not null, useBwrap, useBwrap ? $"{bwrap} launches the workers"
            : $"{bwrapTrial}; the util-linux launcher gives the same layers{(ns ? " and is used" : "")}"));
        return Finish(layers, ns, cgroups, ns ? null : $"namespace isolation is unavailable: {trial}", options) with { Bubblewrap = ns && useBwrap ? bwrap : null };
    }

    private static IsolationReport Finish(List<IsolationLayer> layers, bool ns, string? cgroups, string? problem, SandboxOptions options) =>
        new(layers, ns, ns ? cgroups : null, problem, !ns && options.AllowUnsandboxed);

    /// <summary>Null when bwrap could build a worker's sandbox here (running /bin/true in it); otherwise what failed.</summary>
    private static string? TryBubblewrap(SandboxOptions options, string bwrap)
    {
        var start = new LaunchPlan(options, namespaces: true, cgroupVersion: null, bwrap).BubblewrapTrial();
        start.RedirectStandardInput = false;
        return Trial(start, "bwrap");
    }

    /// <summary>Null when a throw-away process could enter the namespaces the workers use; otherwise what failed.</summary>
    private static string? TryNamespaces(bool root)
    {
        var start = new ProcessStartInfo("unshare") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!root)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add("--map-root-user");
        }
        foreach (string a in (string[])["--mount", "--pid", "--net", "--ipc", "--uts", "--fork", "--kill-child", "--", "/bin/sh", "-c", "mount -t tmpfs tmpfs /tmp && exit 0"])
            start.ArgumentList.Add(a);
        return Trial(start, "unshare");
    }

    private static string? Trial(ProcessStartInfo start, string tool)
    {
        try
        {
            using var process = Process.Start(start)!;
            // Read stderr alongside, never before the bounded wait: a trial that hangs must not hang the probe.
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return $"{tool} did not finish within 10 s";
            }
            string text = error.Wait(2000) ? error.Result.Trim() : "";
            return process.ExitCode == 0 ? null : $"{tool} failed here (exit {process.ExitCode}): {text}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"{tool} could not start: {e.Message}";
        }
    }

    private static string? Which(string tool) =>
        "/usr/sbin:/usr/bin:/sbin:/bin".Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
