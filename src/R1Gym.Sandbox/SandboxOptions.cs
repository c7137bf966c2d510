using System.ComponentModel.DataAnnotations;

namespace R1Gym.Sandbox;

/// <summary>Configuration section <c>Sandbox</c>. Every default is written here and applies when the key is absent.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>
    /// Answers running at once, one worker process each. Default 0 = one per processor core plus one, so no core idles
    /// while a worker waits on the supervisor between answers or an answer sits out its time limit (on 2 cores, 3
    /// workers verified 97-119 answers/s where 2 verified 92-99, best of 3 rounds each).
    /// </summary>
    [Range(0, 256)]
    public int PoolSize { get; set; }

    /// <summary>
    /// Workers kept started beyond <see cref="PoolSize"/>, so a worker killed for a timeout or fault is replaced at once
    /// while its successor starts in the background. Default 1.
    /// </summary>
    [Range(0, 64)]
    public int SpareWorkers { get; set; } = 1;

    /// <summary>Answers a worker runs before it is replaced (it is also replaced after any fault). Default 200.</summary>
    [Range(1, 100_000)]
    public int RunsPerWorker { get; set; } = 200;

    /// <summary>Time limit per test when the specification gives none. Default 2000 ms.</summary>
    [Range(1, 600_000)]
    public int DefaultTimeLimitMs { get; set; } = 2000;

    /// <summary>
    /// How far past a test's time limit (at least; 10% of the limit when larger) the supervisor waits for its result
    /// before killing the worker. Default 100 ms.
    /// </summary>
    [Range(10, 60_000)]
    public int KillGraceMs { get; set; } = 100;

    /// <summary>
    /// A test's time limit counts the CPU time the answer uses, so a verdict does not depend on how busy the machine
    /// is. An answer that waits or sleeps uses none: it is stopped after this many times its limit of wall-clock time.
    /// Default 3.
    /// </summary>
    [Range(1, 100)]
    public int WallLimitFactor { get; set; } = 3;

    /// <summary>Largest time limit a specification may ask for. Default 30000 ms.</summary>
    [Range(1, 600_000)]
    public int MaxTimeLimitMs { get; set; } = 30_000;

    /// <summary>
    /// Managed heap limit of every worker, and the largest <c>memoryLimitMb</c> a specification may ask for (smaller
    /// ones are enforced by the worker's watchdog). The cgroup limit adds <see cref="RuntimeOverheadMb"/>. Default 256 MB.
    /// </summary>
    [Range(16, 65_536)]
    public int MemoryLimitMb { get; set; } = 256;

    /// <summary>Memory the .NET runtime itself needs on top of the heap, added to the cgroup limit. Default 192 MB.</summary>
    [Range(32, 4096)]
    public int RuntimeOverheadMb { get; set; } = 192;

    /// <summary>Most characters an answer may print (stdio) or return as JSON (function mode), per test. Default 1,048,576.</summary>
    [Range(1024, 64 << 20)]
    public int MaxOutputChars { get; set; } = 1 << 20;

    /// <summary>Largest source accepted, in characters, checked before parsing. Default 100,000.</summary>
    [Range(100, 10_000_000)]
    public int MaxSourceChars { get; set; } = 100_000;

    /// <summary>Deepest nesting of (), [] and {} accepted, checked before parsing (Roslyn's parser can overflow its stack). Default 128.</summary>
    [Range(8, 10_000)]
    public int MaxNestingDepth { get; set; } = 128;

    /// <summary>Compilation time after which the answer gets compile_error. Default 10000 ms.</summary>
    [Range(100, 600_000)]
    public int CompileTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// Compile in this process instead of the compiler process. The compiler process runs Roslyn fully optimised from
    /// its first answer and keeps its memory and any crash away from this one; compiling here starts faster (about a
    /// second) but stays slower for the first few thousand answers. Default false.
    /// </summary>
    public bool CompileInProcess { get; set; }

    /// <summary>Compiled answers remembered by source hash. Default 4096.</summary>
    [Range(0, 1_000_000)]
    public int CompileCacheEntries { get; set; } = 4096;

    /// <summary>Reject answers that use banned APIs (files, reflection, processes, ...) with policy_violation before they run. Default true.</summary>
    public bool CheckBannedApis { get; set; } = true;

    /// <summary>
    /// DANGEROUS opt-out: run answers without namespace isolation when the probe finds none. Default false: the sandbox
    /// fails closed and every answer gets sandbox_error. A loud warning is logged whenever this is in effect.
    /// </summary>
    public bool AllowUnsandboxed { get; set; }

    /// <summary>Absolute-or-relative tolerance for floating-point results when the specification gives no <c>floatTolerance</c>. Default 1e-6.</summary>
    [Range(0, 1)]
    public double FloatTolerance { get; set; } = 1e-6;

    /// <summary>How long a starting worker may take to report ready. Default 20000 ms.</summary>
    [Range(1000, 600_000)]
    public int WorkerStartTimeoutMs { get; set; } = 20_000;

    /// <summary>Size of the worker's private writable /tmp. Default 16 MB.</summary>
    [Range(1, 1024)]
    public int TmpfsMb { get; set; } = 16;

    /// <summary>Thread/process cap per worker (cgroup pids.max). Default 128.</summary>
    [Range(32, 100_000)]
    public int MaxTasks { get; set; } = 128;

    /// <summary>
    /// How workers are launched: <c>auto</c> uses bubblewrap when <c>bwrap</c> is installed and works here, else the
    /// util-linux script (unshare, mount, pivot_root, prlimit, setpriv); <c>bubblewrap</c> requires it (the sandbox fails
    /// closed without it); <c>unshare</c> always uses the script. Both give the same isolation. Default auto.
    /// </summary>
    [RegularExpression("^(auto|bubblewrap|unshare)$", ErrorMessage = "Sandbox:Launcher must be auto, bubblewrap or unshare.")]
    public string Launcher { get; set; } = "auto";

    /// <summary>Unprivileged user the worker runs as when the supervisor is root. Default 65534 (nobody).</summary>
    [Range(1, int.MaxValue)]
    public int UnprivilegedUid { get; set; } = 65534;

    /// <summary>The pool size in effect: <see cref="PoolSize"/>, or its default when that is 0.</summary>
    public int EffectivePoolSize => PoolSize > 0 ? PoolSize : Environment.ProcessorCount + 1;

    /// <summary>The limits the compile step applies, wherever it runs.</summary>
    internal Protocol.CompileLimits CompileLimits => new(MaxSourceChars, MaxNestingDepth, CompileTimeoutMs, CheckBannedApis);
}
