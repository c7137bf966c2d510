using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Protocol;

/// <summary>The kinds of frame between the supervisor and a worker (the <c>type</c> field on the wire).</summary>
internal static class FrameTypes
{
    /// <summary>Supervisor to worker: run one answer (<see cref="WorkerRequest"/> with the run fields).</summary>
    public const string Run = "run";

    /// <summary>Both ways: supervisor asks the worker to describe its confinement; the worker answers with <see cref="WorkerFrame.Report"/>.</summary>
    public const string Probe = "probe";

    /// <summary>Worker (and compiler process): started, locked down, waiting for requests.</summary>
    public const string Ready = "ready";

    /// <summary>Worker: the answer's assembly is loaded; each test's deadline runs from here.</summary>
    public const string Loaded = "loaded";

    /// <summary>Worker: one test's raw outcome.</summary>
    public const string Test = "test";

    /// <summary>Worker: a test passed a wall-clock window while still using CPU; its deadline starts again.</summary>
    public const string Progress = "progress";

    /// <summary>Compiler process: one compile's outcome (<see cref="CompileReplyFrame.Outcome"/>).</summary>
    public const string Outcome = "outcome";

    /// <summary>Worker: the answer is done and unloaded (or not: <see cref="WorkerFrame.Recycle"/>).</summary>
    public const string Done = "done";
}

/// <summary>The worker's raw status for one test (it decides no verdict: the supervisor does).</summary>
internal static class TestStatus
{
    public const string Ok = "ok";
    public const string Exception = "exception";
    public const string TimeLimit = "time_limit";
    public const string MemoryLimit = "memory_limit";
    public const string OutputLimit = "output_limit";
    public const string Running = "running";
}

/// <summary>Supervisor to worker. A run carries the inputs only, never the expected values (those stay in the supervisor).</summary>
/// <param name="Type"><see cref="FrameTypes.Run"/> or <see cref="FrameTypes.Probe"/>.</param>
/// <param name="Id">Set by the worker process wrapper per run; every frame about the run echoes it.</param>
/// <param name="Stdio">True: run the program's Main with each test's stdin; false: call the entry method with its args.</param>
/// <param name="Assembly">The compiled answer.</param>
/// <param name="TypeName">Function mode: the type holding the entry method.</param>
/// <param name="MethodName">Function mode: the entry method.</param>
/// <param name="MemoryLimitMb">The answer's heap limit (the worker's watchdog enforces it).</param>
/// <param name="TimeLimitMs">CPU time per test.</param>
/// <param name="WallLimitMs">Wall-clock window per test: passing it without CPU progress is a timeout.</param>
/// <param name="MaxOutputChars">Most characters printed or returned per test.</param>
/// <param name="Tests">Per test, its input.</param>
internal sealed record WorkerRequest(string Type, long Id = 0, bool Stdio = false, byte[]? Assembly = null, string? TypeName = null, string? MethodName = null,
    int MemoryLimitMb = 0, int TimeLimitMs = 0, int WallLimitMs = 0, int MaxOutputChars = 0, IReadOnlyList<TestInput>? Tests = null);

/// <summary>One test's input: arguments (function mode) or standard input (stdio mode).</summary>
internal sealed record TestInput(JsonArray? Args, string? Stdin);

/// <summary>Worker to supervisor: every frame the worker writes, told apart by <see cref="Type"/> (see <see cref="FrameTypes"/>); unused fields are null and left off the wire.</summary>
internal sealed record WorkerFrame(string Type)
{
    public long? Id { get; init; }

    /// <summary>Test, progress: which test.</summary>
    public int? Index { get; init; }

    /// <summary>Test: one of <see cref="TestStatus"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Test with time_limit: which limit stopped it, "cpu" or "wall".</summary>
    public string? Limit { get; init; }

    /// <summary>Test, stdio mode: what the program printed.</summary>
    public string? Stdout { get; init; }

    /// <summary>Test, function mode: the value returned, as JSON.</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Test with an exception: its type and message.</summary>
    public string? Exception { get; init; }

    public string? Message { get; init; }

    public double? ElapsedMs { get; init; }

    public double? CpuMs { get; init; }

    /// <summary>Done: the worker is not clean after the answer (it must be replaced), and why.</summary>
    public bool? Recycle { get; init; }

    public string? Reason { get; init; }

    /// <summary>Done: the worker's own timing of the answer and of its clean-up check (for the benchmark only).</summary>
    public double? RunMs { get; init; }

    public double? HygieneMs { get; init; }

    /// <summary>Ready: why the worker cannot run answers (it exits).</summary>
    public string? Error { get; init; }

    /// <summary>Ready: whether the seccomp filter is installed, and why not.</summary>
    public bool? Seccomp { get; init; }

    public string? SeccompError { get; init; }

    /// <summary>Probe: the worker's description of its confinement.</summary>
    public JsonObject? Report { get; init; }
}
