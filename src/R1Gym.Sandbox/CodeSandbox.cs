using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Sandbox.Compilation;
using R1Gym.Sandbox.Isolation;
using R1Gym.Sandbox.Judging;
using R1Gym.Sandbox.Workers;

namespace R1Gym.Sandbox;

/// <summary>
/// Verifies untrusted C# answers: compile (warm, in this process, cached) -> run in a pooled, isolated worker ->
/// compare in this process. Thread-safe and bounded; the first call probes isolation and starts the pool, and the
/// sandbox fails closed when isolation is missing unless <see cref="SandboxOptions.AllowUnsandboxed"/> is set.
/// </summary>
public sealed class CodeSandbox : ICodeRunner, IAsyncDisposable
{
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly CompileStep _compiler;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private IsolationReport? _report;
    private WorkerPool? _pool;

    public CodeSandbox(IOptions<SandboxOptions> options, ILogger<CodeSandbox>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _compiler = new CompileStep(_options, _logger);
    }

    public SandboxOptions Options => _options;

    /// <summary>Probes isolation, warms the compiler and starts the workers. Called by the first answer if not before.</summary>
    public async Task<IsolationReport> StartAsync(CancellationToken ct = default)
    {
        if (_report is not null)
            return _report;
        await _startLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_report is not null)
                return _report;
            LaunchPlan.CheckWorkerFiles();
            var report = IsolationProbe.Run(_options);
            if (report.Unsandboxed)
                _logger.LogCritical("SANDBOX DISABLED: {Problem}. Sandbox:AllowUnsandboxed=true runs untrusted answers with NO namespace isolation. Never do this with model output you do not control.", report.Problem);
            else if (report.Problem is not null)
                _logger.LogError("The sandbox refuses to run answers: {Problem}. Run 'r1gym sandbox doctor' for details.", report.Problem);
            if (report.Problem is null || report.Unsandboxed)
            {
                var pool = new WorkerPool(LaunchPlan.For(_options, report), _options, _logger);
                try
                {
                    await Task.WhenAll(pool.WarmUpAsync(ct), _compiler.StartAsync(ct)).ConfigureAwait(false);
                }
                catch
                {
                    // Workers that did start must not outlive a failed start-up.
                    await pool.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
                _pool = pool;
            }
            _report = report;
            return report;
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>Completes when no worker is starting or being stopped in the background (for tests that count processes).</summary>
    internal Task SettledAsync() => _pool?.SettledAsync() ?? Task.CompletedTask;

    /// <summary>The compile step this sandbox uses (the benchmark's ceiling compiles through it too).</summary>
    internal CompileStep Compiler => _compiler;

    /// <summary>Where answers are compiled: "compiler process" or "this process" (after a fallback, or with <see cref="SandboxOptions.CompileInProcess"/>).</summary>
    public string CompilesIn => _compiler.Where;

    /// <summary>Workers started since start-up, replacements included.</summary>
    public int WorkersStarted => _pool?.WorkersStarted ?? 0;

    /// <summary>Starts one extra worker, asks it to describe its confinement, and stops it (for <c>sandbox doctor</c>).</summary>
    public async Task<JsonObject?> ProbeWorkerAsync(CancellationToken ct = default)
    {
        await StartAsync(ct).ConfigureAwait(false);
        if (_pool is null)
            return null;
        var worker = await _pool.StartAsync(ct).ConfigureAwait(false);
        try
        {
            return await worker.ProbeAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await _pool.RetireAsync(worker).ConfigureAwait(false);
        }
    }

    async ValueTask<CodeRunResult> ICodeRunner.RunAsync(CodeRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await RunAsync(request.Code, request.Tests, cancellationToken).ConfigureAwait(false);
        return new CodeRunResult(result.Verdict, result.Passed, result.Total) { Diagnostics = result.Diagnostics, Details = result.ToJson() };
    }

    /// <summary>Verifies one answer. Throws only for a malformed specification (<see cref="R1GymException"/>) or cancellation.</summary>
    public async Task<SandboxResult> RunAsync(string code, JsonObject tests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var spec = TestSpec.Parse(tests, _options);
        code ??= "";
        var report = await StartAsync(ct).ConfigureAwait(false);
        var compiled = await _compiler.CompileAsync(code, spec, ct).ConfigureAwait(false);
        if (compiled.Verdict is not null)
            return SandboxResult.NothingRan(compiled.Verdict, spec.Tests.Count, compiled.Diagnostics!) with { CompileMs = compiled.CompileMs, CompileCacheHit = compiled.CacheHit };
        if (_pool is null)
            return SandboxResult.NothingRan(Verdicts.SandboxError, spec.Tests.Count,
                $"untrusted code was not run: {report.Problem}. Run 'r1gym sandbox doctor'; Sandbox:AllowUnsandboxed=true overrides this (dangerous).");

        var clock = Stopwatch.StartNew();
        var result = await ExecuteAsync(compiled, spec, ct).ConfigureAwait(false);
        return result with { CompileMs = compiled.CompileMs, CompileCacheHit = compiled.CacheHit, RunMs = clock.Elapsed.TotalMilliseconds };
    }

    /// <summary>The run request for a worker: inputs only, never the expected values (those stay in this process).</summary>
    internal static JsonObject RunRequest(CompileOutcome compiled, TestSpec spec, SandboxOptions options) => new()
    {
        ["type"] = "run",
        ["mode"] = spec.Mode == TestMode.Stdio ? "stdio" : "function",
        ["assembly"] = Convert.ToBase64String(compiled.Assembly!),
        ["typeName"] = compiled.TypeName,
        ["methodName"] = compiled.MethodName,
        ["memoryLimitMb"] = spec.MemoryLimitMb,
        ["timeLimitMs"] = spec.TimeLimitMs,
        ["wallLimitMs"] = WallLimitMs(spec, options),
        ["maxOutputChars"] = options.MaxOutputChars,
        ["tests"] = new JsonArray(spec.Tests.Select(t => (JsonNode)(spec.Mode == TestMode.Stdio
            ? new JsonObject { ["stdin"] = t.Stdin }
            : new JsonObject { ["args"] = t.Args!.DeepClone() })).ToArray()),
    };

    /// <summary>Wall-clock time after which a test stops even if it used little CPU (it sleeps or waits).</summary>
    internal static int WallLimitMs(TestSpec spec, SandboxOptions options) => (int)Math.Min(int.MaxValue / 2, (long)spec.TimeLimitMs * options.WallLimitFactor);

    /// <summary>
    /// Per test, how long the supervisor waits for its result (or a progress frame) after the previous frame before
    /// killing the worker: the wall-clock limit and half as much again (at least the grace). The worker's watchdog
    /// reports time_limit, or progress, at the CPU or wall limit itself; this only catches a worker whose watchdog
    /// cannot run, so it leaves the watchdog room to be late on a busy machine.
    /// </summary>
    internal static List<int> Deadlines(TestSpec spec, SandboxOptions options) =>
        spec.Tests.Select(_ => WallLimitMs(spec, options) + Math.Max(options.KillGraceMs, WallLimitMs(spec, options) / 2)).ToList();

    private async Task<SandboxResult> ExecuteAsync(CompileOutcome compiled, TestSpec spec, CancellationToken ct)
    {
        var request = RunRequest(compiled, spec, _options);
        var deadlines = Deadlines(spec, _options);

        WorkerRun run;
        for (int attempt = 0; ; attempt++)
        {
            WorkerProcess worker;
            try
            {
                worker = await _pool!.RentAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return SandboxResult.NothingRan(Verdicts.SandboxError, spec.Tests.Count, e.Message);
            }
            try
            {
                run = await worker.RunAsync((JsonObject)request.DeepClone(), deadlines, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // The request could not be sent: the worker died while idle. An infrastructure fault, retried once.
                _pool.Return(worker, recycle: true);
                if (attempt == 0)
                    continue;
                return SandboxResult.NothingRan(Verdicts.SandboxError, spec.Tests.Count, $"sandbox worker unavailable: {e.Message}");
            }
            catch
            {
                _pool.Return(worker, recycle: true);
                throw;
            }
            // Memory pressure wins over what it caused: an answer stalled in reclaim past its deadline, or killed by the
            // kernel, hit its memory limit (the cgroup says so), whatever else the timeout or crash looked like.
            bool oom = run.Fault is RunFault.Crashed or RunFault.Timeout && (worker.HitMemoryLimit || worker.OutOfMemory);
            _pool.Return(worker, run.Recycle || run.Fault != RunFault.None);
            // A worker that died before it acknowledged the answer had not run any of it: retried once on a fresh worker.
            if (run.Fault == RunFault.Crashed && !run.Loaded && attempt == 0)
                continue;
            return Judge(spec, _options, run, oom) with { WorkerTimes = run.WorkerTimes };
        }
    }

    private static SandboxResult Judge(TestSpec spec, SandboxOptions options, WorkerRun run, bool oom)
    {
        var results = new List<TestResult>();
        for (int i = 0; i < spec.Tests.Count; i++)
        {
            if (i < run.Tests.Count)
                results.Add(JudgeTest(spec, spec.Tests[i], run.Tests[i], i));
            else if (i == run.FaultIndex && run.Fault != RunFault.None)
                results.Add(run.Fault switch
                {
                    RunFault.Timeout or RunFault.Crashed when oom => new TestResult(i, Verdicts.MemoryLimit, null, 0, "reached the memory limit (the memory cgroup reclaimed or killed)"),
                    RunFault.Timeout when run.FaultDetail == "wall" => new TestResult(i, Verdicts.TimeLimit, null, spec.TimeLimitMs, $"stopped after {WallLimitMs(spec, options)} ms of wall-clock time without using CPU (it waits or sleeps)"),
                    RunFault.Timeout => new TestResult(i, Verdicts.TimeLimit, null, spec.TimeLimitMs, $"killed at its time limit ({spec.TimeLimitMs} ms of CPU time)"),
                    RunFault.Crashed => new TestResult(i, Verdicts.RuntimeError, null, 0, $"the process died ({run.FaultDetail}): stack overflow, FailFast, Environment.Exit or a killed process"),
                    _ => new TestResult(i, Verdicts.RuntimeError, null, 0, $"the worker's reply was invalid after the answer ran: {run.FaultDetail}"),
                });
            else
                results.Add(new TestResult(i, Verdicts.NotRun, null, 0, "not run: an earlier test stopped the answer"));
        }
        int passed = results.Count(r => r.Verdict == Verdicts.Accepted);
        var first = results.FirstOrDefault(r => r.Verdict != Verdicts.Accepted);
        return new SandboxResult(first?.Verdict ?? Verdicts.Accepted, passed, spec.Tests.Count, results, first?.Message);
    }

    private static TestResult JudgeTest(TestSpec spec, TestCase test, JsonObject frame, int index)
    {
        double time = (double?)frame["elapsedMs"] ?? 0;
        string status = (string?)frame["status"] ?? "";
        JsonNode? actual = spec.Mode == TestMode.Stdio ? frame["stdout"]?.DeepClone() : frame["value"]?.DeepClone();
        string? error = frame["exception"] is { } ex ? $"{ex}: {frame["message"]}".TrimEnd(' ', ':') : null;
        if (status == "memory_limit")
            return new TestResult(index, Verdicts.MemoryLimit, null, time, error ?? "memory limit exceeded");
        if (status == "output_limit")
            return new TestResult(index, Verdicts.OutputLimit, null, time, "output limit exceeded");
        if (status == "exception")
            return new TestResult(index, Verdicts.RuntimeError, null, time, error);
        double cpu = (double?)frame["cpuMs"] ?? time;
        if (cpu > spec.TimeLimitMs)
            return new TestResult(index, Verdicts.TimeLimit, actual, time, $"used {cpu:0} ms of CPU time, the limit is {spec.TimeLimitMs} ms");
        bool ok = spec.Mode == TestMode.Stdio
            ? OutputComparer.StdoutEquals(test.Stdout!, (string?)frame["stdout"] ?? "")
            : OutputComparer.JsonEquals(test.Expected, frame["value"], spec.FloatTolerance);
        if (ok)
            return new TestResult(index, Verdicts.Accepted, actual, time, null);
        return new TestResult(index, Verdicts.WrongAnswer, actual, time, null)
        {
            Detail = spec.Mode == TestMode.Stdio
                ? new WrongAnswerDetail(null, test.Stdin, JsonValue.Create(test.Stdout))
                : new WrongAnswerDetail((JsonArray)test.Args!.DeepClone(), null, test.Expected?.DeepClone()),
        };
    }

    /// <summary>Stops every worker (idempotent; the pool waits for starts in flight, so none outlives it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_pool is not null)
            await _pool.DisposeAsync().ConfigureAwait(false);
        await _compiler.DisposeAsync().ConfigureAwait(false);
    }
}
