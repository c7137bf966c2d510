using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Sandbox.Compiler;
using R1Gym.Sandbox.Judging;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Supervisor;
using R1Gym.Sandbox.Supervisor.Isolation;

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
    internal static WorkerRequest RunRequest(CompileOutcome compiled, TestSpec spec, SandboxOptions options) => new(
        FrameTypes.Run,
        Stdio: spec.Mode == TestMode.Stdio,
        Assembly: compiled.Assembly,
        TypeName: compiled.TypeName,
        MethodName: compiled.MethodName,
        MemoryLimitMb: spec.MemoryLimitMb,
        TimeLimitMs: spec.TimeLimitMs,
        WallLimitMs: WallLimitMs(spec, options),
        MaxOutputChars: options.MaxOutputChars,
        Tests: spec.Tests.Select(t => spec.Mode == TestMode.Stdio ? new TestInput(null, t.Stdin) : new TestInput(t.Args, null)).ToArray());

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
                run = await worker.RunAsync(request, deadlines, ct).ConfigureAwait(false);
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
            return Judge.Run(spec, WallLimitMs(spec, _options), run, oom) with { WorkerTimes = run.WorkerTimes };
        }
    }

    /// <summary>Stops every worker (idempotent; the pool waits for starts in flight, so none outlives it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_pool is not null)
            await _pool.DisposeAsync().ConfigureAwait(false);
        await _compiler.DisposeAsync().ConfigureAwait(false);
    }
}
