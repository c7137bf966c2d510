using System.Diagnostics;
using System.Runtime.InteropServices;

namespace R1Gym.Sandbox.Isolation;

/// <summary>One isolation layer: whether this machine has it and whether the sandbox uses it.</summary>
public sealed record IsolationLayer(string Name, bool Available, bool InUse, string Detail);

/// <summary>What the start-up probe found. <see cref="Problem"/> is set when untrusted code must not run here.</summary>
public sealed record IsolationReport(IReadOnlyList<IsolationLayer> Layers, bool Namespaces, string? CgroupVersion, string? Problem, bool Unsandboxed);

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
        var missing = Tools.Where(t => Which(t) is null).ToList();
        string? trial = missing.Count > 0 ? $"missing {string.Join(", ", missing)} (util-linux)" : TryNamespaces(root);
        bool ns = trial is null;
        string flags = root ? "mount, pid, net, ipc, uts" : "user, mount, pid, net, ipc, uts";
        layers.Add(new("namespaces", ns, ns, ns ? $"{flags} (unshare)" : trial!));
        layers.Add(new("read-only root + private /tmp", ns, ns, ns ? $"pivot_root into read-only binds, /tmp tmpfs {options.TmpfsMb} MB" : "needs namespaces"));
        layers.Add(new("privilege drop", ns, ns, root ? $"setpriv to uid {options.UnprivilegedUid}, no capabilities, no_new_privs" : "user namespace, no capabilities, no_new_privs"));
        layers.Add(new("empty environment + closed descriptors", true, true, "env cleared; fds 0-2 -> /dev/null, inherited fds closed"));
        bool seccomp = File.Exists("/proc/sys/kernel/seccomp/actions_avail");
        layers.Add(new("seccomp (all threads)", seccomp, seccomp, seccomp ? "no exec, fork, ptrace, non-unix sockets, mount, bpf, ..." : "kernel has no seccomp filter support"));
        layers.Add(new("rlimits", true, ns, "nofile 256, core 0, fsize = tmpfs size"));
        string? cgroups = Cgroups.Detect();
        layers.Add(new("cgroups", cgroups is not null, cgroups is not null && ns,
            cgroups is null ? "not writable here (not root and no delegation): heap limit + watchdog only" : $"{cgroups}: memory {options.MemoryLimitMb}+{options.RuntimeOverheadMb} MB, pids {options.MaxTasks}"));
        layers.Add(new("managed heap limit", true, true, $"GCHeapHardLimit {options.MemoryLimitMb} MB"));
        string? bwrap = Which("bwrap");
        layers.Add(new("bubblewrap", bwrap is not null, false, bwrap is null ? "not installed (not needed)" : $"{bwrap} installed; the util-linux launcher gives the same layers and is used instead"));
        return Finish(layers, ns, cgroups, ns ? null : $"namespace isolation is unavailable: {trial}", options);
    }

    private static IsolationReport Finish(List<IsolationLayer> layers, bool ns, string? cgroups, string? problem, SandboxOptions options) =>
        new(layers, ns, ns ? cgroups : null, problem, !ns && options.AllowUnsandboxed);

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
        try
        {
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return "unshare did not finish within 10 s";
            }
            return process.ExitCode == 0 ? null : $"unshare failed (exit {process.ExitCode}): {error.Trim()}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"unshare could not start: {e.Message}";
        }
    }

    private static string? Which(string tool) =>
        "/usr/sbin:/usr/bin:/sbin:/bin".Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
