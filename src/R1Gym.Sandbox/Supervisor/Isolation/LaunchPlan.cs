using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace R1Gym.Sandbox.Supervisor.Isolation;

/// <summary>
/// How a worker process is started. With namespaces (util-linux only, present on every Debian/Ubuntu):
/// <c>unshare</c> gives new mount, pid, net, ipc, uts and cgroup namespaces (plus a user namespace when not root);
/// a shell script joins the worker's cgroups, builds a new root from read-only binds of /usr and the .NET root, a copy
/// of the three worker files, a fresh /proc, four device nodes and a small private /tmp, pivots into it, then
/// <c>prlimit</c> and <c>setpriv</c> drop to an unprivileged uid (root) or strip every capability (non-root) with
/// no_new_privs before exec'ing <c>dotnet worker.dll</c> with an empty environment. The worker adds seccomp itself.
/// When bubblewrap is installed (and <see cref="SandboxOptions.Launcher"/> allows it), <see cref="BubblewrapLaunch"/>
/// builds the same confinement in one process instead of the script.
/// </summary>
internal sealed class LaunchPlan
{
    private const string SystemPath = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static readonly string[] WorkerFiles = ["R1Gym.Sandbox.Worker.dll", "R1Gym.Sandbox.Worker.runtimeconfig.json", "R1Gym.Sandbox.Worker.deps.json"];
    private static readonly string[] TopLevel = ["/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"];

    /// <summary>The device nodes a worker gets (bound from the host's /dev).</summary>
    internal static readonly string[] Devices = ["null", "zero", "urandom", "random"];

    private readonly SandboxOptions _options;

    public LaunchPlan(SandboxOptions options, bool namespaces, string? cgroupVersion, string? bubblewrap = null)
    {
        _options = options;
        Namespaces = namespaces;
        CgroupVersion = cgroupVersion;
        Bubblewrap = namespaces ? bubblewrap : null;
    }

    /// <summary>The launch the probe chose for this machine.</summary>
    public static LaunchPlan For(SandboxOptions options, IsolationReport report) => new(options, report.Namespaces, report.CgroupVersion, report.Bubblewrap);

    /// <summary>The bwrap executable workers are launched with; null when the util-linux script is used.</summary>
    public string? Bubblewrap { get; }

    /// <summary>True: full namespace isolation. False: the loud opt-out (plain process, seccomp when it works).</summary>
    public bool Namespaces { get; }

    public string? CgroupVersion { get; }

    public static string WorkerDirectory => AppContext.BaseDirectory;

    public static string DotnetHost
    {
        get
        {
            if (Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet")
                return p;
            // .../shared/Microsoft.NETCore.App/<version>/ -> the dotnet root three levels up.
            string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
            string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
            return Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        }
    }

    /// <summary>
    /// The top-level directories the new root mirrors, as this host has them: a symlink (merged /usr) is recreated
    /// with its target, a real directory is bound read-only; absent ones are skipped.
    /// </summary>
    internal static IEnumerable<(string Path, string? LinkTarget)> TopLevelEntries()
    {
        foreach (string dir in TopLevel)
        {
            var info = new DirectoryInfo(dir);
            if (info.LinkTarget is { } target)
                yield return (dir, target);
            else if (info.Exists)
                yield return (dir, null);
        }
    }

    /// <summary>The worker's files present beside the sandbox assembly (the deps file is optional), as full paths.</summary>
    private static IEnumerable<string> PresentWorkerFiles() =>
        WorkerFiles.Select(f => Path.Combine(WorkerDirectory, f)).Where(File.Exists);

    /// <summary>Throws when the worker's files are not beside the sandbox assembly (a broken build).</summary>
    public static void CheckWorkerFiles()
    {
        foreach (string file in WorkerFiles.Take(2))
            if (!File.Exists(Path.Combine(WorkerDirectory, file)))
                throw new Abstractions.R1GymException(
                    $"The sandbox worker file '{file}' is missing from {WorkerDirectory}; it should be copied there by the R1Gym.Sandbox project reference. Rebuild the project.");
    }

    public ProcessStartInfo Create(WorkerGroup? group) => Create(group, trial: false);

    /// <summary>The bubblewrap launch with <c>/bin/true</c> in place of the worker: the probe runs it to check bwrap works here.</summary>
    public ProcessStartInfo BubblewrapTrial() => Create(null, trial: true);

    private ProcessStartInfo Create(WorkerGroup? group, bool trial)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        start.Environment.Clear();
        start.Environment["PATH"] = SystemPath;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)_options.MemoryLimitMb << 20).ToString("x", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_TieredPGO"] = "0";
        // No tier-up: a worker lives for a few hundred answers at most, and recompiling the framework's hot paths at
        // tier 1 in every new worker cost more than it saved (the framework's precompiled code is used as it is, the
        // harness stays at tier 0, and answers are always fully optimised: tiering skips collectible assemblies).
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        if (!Namespaces)
        {
            start.FileName = DotnetHost;
            start.ArgumentList.Add(Path.Combine(WorkerDirectory, WorkerFiles[0]));
            start.ArgumentList.Add("--no-seccomp");
            return start;
        }
        if (Bubblewrap is not null)
        {
            var files = PresentWorkerFiles().Select(f => (f, "/w/" + Path.GetFileName(f))).ToList();
            BubblewrapLaunch.Configure(start, Bubblewrap, _options, group, files, trial ? ["/bin/true"] : [DotnetHost, "/w/" + WorkerFiles[0]]);
            return start;
        }
        start.FileName = "unshare";
        bool root = Native.geteuid() == 0;
        if (!root)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add("--map-root-user");
        }
        foreach (string flag in (string[])["--mount", "--pid", "--net", "--ipc", "--uts", "--fork", "--kill-child", "--", "/bin/sh", "-c", Script(group, root)])
            start.ArgumentList.Add(flag);
        return start;
    }

    /// <summary>
    /// The util-linux launch script. A worker starts after every timeout, and each external command costs a process
    /// start, so the script runs few: symlinks and the worker's files are copied, and every mount of the new root is
    /// one <c>mount -a</c> over a generated table (read-only binds take the bind and the read-only remount in one).
    /// </summary>
    private string Script(WorkerGroup? group, bool root)
    {
        string dotnet = DotnetHost;
        string dotnetRoot = Path.GetDirectoryName(dotnet)!;
        var s = new StringBuilder("set -eu\n");
        foreach (string procs in group?.ProcsFiles ?? [])
            s.Append($"echo 0 > {Q(procs)}\n");
        // The new root is a tmpfs mounted (in this private mount namespace) over a directory that holds none of the binds' sources.
        string stage = StagingDirectory(dotnetRoot);
        s.Append($"R={Q(stage)}\n");
        s.Append("mount -t tmpfs -o size=4m,mode=755 tmpfs $R\n");

        var mounts = new List<string> { Mount(stage, "/usr", "/usr", "none", "bind,ro,nosuid,nodev") };
        var directories = new List<string> { "/usr", "/proc", "/dev", "/tmp", "/w", "/etc", "/.old" };
        var links = new List<string>();
        foreach (var (dir, target) in TopLevelEntries())
        {
            if (target is not null)
                links.Add(dir);
            else
            {
                directories.Add(dir);
                mounts.Add(Mount(stage, dir, dir, "none", "bind,ro,nosuid,nodev"));
            }
        }
        if (!dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal))
        {
            directories.Add(dotnetRoot);
            mounts.Add(Mount(stage, dotnetRoot, dotnetRoot, "none", "bind,ro,nosuid,nodev"));
        }
        foreach (string device in Devices)
            mounts.Add(Mount(stage, "/dev/" + device, "/dev/" + device, "none", "bind"));
        mounts.Add(Mount(stage, "proc", "/proc", "proc", "nosuid,nodev,noexec"));
        mounts.Add(Mount(stage, "tmpfs", "/tmp", "tmpfs", $"size={_options.TmpfsMb}m,mode=1777,nosuid,nodev"));

        s.Append("mkdir -p").AppendJoin("", directories.Select(d => " $R" + Q(d))).Append('\n');
        if (links.Count > 0)
            s.Append("cp -P").AppendJoin("", links.Select(l => " " + Q(l))).Append(" $R/\n");
        s.Append("cp").AppendJoin("", PresentWorkerFiles().Select(f => " " + Q(f))).Append(" $R/w/\n");
        s.AppendJoin("", Devices.Select(d => $": > $R/dev/{d}\n"));
        s.Append("printf '%s\\n'").AppendJoin("", mounts.Select(m => " " + Q(m))).Append(" > $R/.old/fstab\n");
        s.Append("mount -a -T $R/.old/fstab\nrm $R/.old/fstab\n");
        s.Append("cd $R\npivot_root . .old\numount -l /.old\nrmdir /.old\nmount -o remount,ro,bind /\ncd /tmp\n");
        long fileBytes = (long)_options.TmpfsMb << 20;
        s.Append($"exec prlimit --nofile=256 --core=0 --fsize={fileBytes} -- setpriv --no-new-privs --inh-caps=-all --bounding-set=-all --pdeathsig=KILL ");
        s.Append(root
            ? $"--reuid={_options.UnprivilegedUid} --regid={_options.UnprivilegedUid} --clear-groups "
            : "--securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked,+keep_caps_locked ");
        s.Append($"-- {Q(dotnet)} /w/{WorkerFiles[0]}\n");
        return s.ToString();
    }

    /// <summary>One fstab line mounting <paramref name="source"/> at <paramref name="target"/> of the new root staged at <paramref name="stage"/>.</summary>
    private static string Mount(string stage, string source, string target, string type, string options) =>
        $"{Fstab(source)} {Fstab(stage + target)} {type} {options} 0 0";

    /// <summary>fstab separates fields with blanks, so blanks and backslashes in a path are written as octal escapes.</summary>
    private static string Fstab(string path) =>
        path.Replace("\\", "\\134", StringComparison.Ordinal).Replace(" ", "\\040", StringComparison.Ordinal)
            .Replace("\t", "\\011", StringComparison.Ordinal).Replace("\n", "\\012", StringComparison.Ordinal);

    private static string StagingDirectory(string dotnetRoot)
    {
        string[] sources = [Path.GetFullPath(WorkerDirectory), Path.GetFullPath(dotnetRoot) + "/"];
        return ((string[])["/mnt", "/media", "/srv", "/opt", "/tmp", "/var/tmp", "/run"])
            .FirstOrDefault(d => Directory.Exists(d) && !sources.Any(s => s.StartsWith(d + "/", StringComparison.Ordinal)))
            ?? throw new Abstractions.R1GymException($"No directory to stage the sandbox root in: /mnt, /media, /srv, /opt, /tmp, /var/tmp and /run are missing or contain the worker ({WorkerDirectory}).");
    }

    internal static string Q(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
