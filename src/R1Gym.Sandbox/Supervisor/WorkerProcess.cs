using System.Diagnostics;
using System.Text;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Supervisor.Isolation;

namespace R1Gym.Sandbox.Supervisor;

/// <summary>How a run on a worker ended.</summary>
internal enum RunFault
{
    None,
    Timeout,
    Crashed,
    Malformed,
}

/// <summary>
/// What a worker reported for one answer: a frame per test it finished, and why it stopped early if it did.
/// <c>Loaded</c> is false when the worker stopped before it acknowledged loading the answer: no answer code had run,
/// so a crash there is the worker's fault, not the answer's.
/// </summary>
internal sealed record WorkerRun(IReadOnlyList<WorkerFrame> Tests, RunFault Fault, int FaultIndex, string? FaultDetail, bool Recycle, bool Loaded = true)
{
    /// <summary>The worker's own account of the answer's time (load and tests) and of its clean-up check, for the benchmark.</summary>
    public (double RunMs, double HygieneMs) WorkerTimes { get; init; }
}

/// <summary>
/// One pre-started worker process and its pipes. Reads are raced against deadlines; a missed deadline kills the
/// whole process tree (the worker is pid 1 of its namespace, so everything in it dies with it).
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int MaxStderrChars = 4096;

    /// <summary>Windows of <see cref="SandboxOptions.WorkerStartTimeoutMs"/> a start that keeps using CPU may take in all.</summary>
    public const int MaxStartWindows = 6;

    /// <summary>Progress frames one answer may send in all (see <see cref="RunAsync"/>).</summary>
    private const int MaxProgressFrames = 1000;

    private readonly Process _process;
    private readonly WorkerGroup? _group;
    private readonly StringBuilder _stderr = new();
    private readonly int _maxFrameBytes;
    private Task<WorkerFrame?>? _pendingRead;
    private long _nextId;
    private long _memoryEventsBefore;
    private int _loadTimeoutMs = 20_000;
    private int _disposed;

    private WorkerProcess(Process process, WorkerGroup? group, int maxFrameBytes)
    {
        _process = process;
        _group = group;
        _maxFrameBytes = maxFrameBytes;
    }

    public int Runs { get; private set; }

    public WorkerFrame? Ready { get; private set; }

    public bool Dead { get; private set; }

    public static async Task<WorkerProcess> StartAsync(LaunchPlan plan, SandboxOptions options, string name, CancellationToken ct)
    {
        var group = plan.CgroupVersion is { } v
            ? Cgroups.Create(v, name, (long)(options.MemoryLimitMb + options.RuntimeOverheadMb) << 20, options.MaxTasks)
            : null;
        var process = await SpawnThread.StartAsync(plan.Create(group)).ConfigureAwait(false);
        // Loading the answer's assembly and finding its entry point runs no answer code (type initialisers count as the
        // first test's): it may take as long as a worker's start on a busy machine, not the answer's time limit.
        var worker = new WorkerProcess(process, group, options.MaxOutputChars * 8 + (1 << 20)) { _loadTimeoutMs = options.WorkerStartTimeoutMs };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (worker._stderr)
                if (e.Data is not null && worker._stderr.Length < MaxStderrChars)
                    worker._stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        WorkerFrame? frame;
        bool timedOut;
        try
        {
            // A start slowed by a busy machine keeps getting windows while its processes use CPU; a stuck one does not.
            long cpu = ProcessTreeCpu.Milliseconds(process.Id);
            (frame, timedOut) = await worker.ReadAsync(options.WorkerStartTimeoutMs, ct).ConfigureAwait(false);
            for (int window = 1; timedOut && window < MaxStartWindows; window++)
            {
                long now = ProcessTreeCpu.Milliseconds(process.Id);
                if (!ProcessTreeCpu.Progressed(cpu, now, options.WorkerStartTimeoutMs))
                    break;
                cpu = now;
                (frame, timedOut) = await worker.ReadAsync(options.WorkerStartTimeoutMs, ct).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (frame is null || frame.Type != FrameTypes.Ready || frame.Error is not null)
        {
            string why = timedOut ? $"no ready signal within {options.WorkerStartTimeoutMs} ms without using CPU (or {MaxStartWindows} such windows in all)"
                : frame?.Error ?? $"exited with {await worker.ExitDescriptionAsync().ConfigureAwait(false)}";
            await worker.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"sandbox worker failed to start: {why}. {worker.Stderr}".Trim());
        }
        worker.Ready = frame;
        return worker;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString().Trim();
        }
    }

    /// <summary>Sends one answer and collects a frame per test, killing the worker at the first missed deadline.</summary>
    /// <param name="request">The run request (inputs only).</param>
    /// <param name="ct">Cancels the wait (the worker is then killed by the caller).</param>
    /// <param name="deadlinesMs">Per test: how long to wait for its frame after the previous one (the time limit plus grace).</param>
    public async Task<WorkerRun> RunAsync(WorkerRequest request, IReadOnlyList<int> deadlinesMs, CancellationToken ct)
    {
        Runs++;
        _memoryEventsBefore = _group?.MemoryEvents() ?? 0;
        await FrameIO.WriteAsync(_process.StandardInput.BaseStream, request with { Id = ++_nextId }, ProtocolJson.Default.WorkerRequest, ct).ConfigureAwait(false);
        var tests = new List<WorkerFrame>();
        bool loaded = false;
        int progress = 0;
        for (int i = 0; i < deadlinesMs.Count; i++)
        {
            WorkerFrame? frame;
            bool timedOut;
            try
            {
                (frame, timedOut) = await ReadAsync(loaded ? deadlinesMs[i] : _loadTimeoutMs, ct).ConfigureAwait(false);
                // A progress frame: the test passed a wall-clock window while still using CPU (a busy machine), so it
                // gets a fresh deadline. One left over from an earlier test or answer is skipped the same way.
                // The worker sends at most 50 / WallLimitFactor of them before the CPU limit stops a test, so a stream
                // of them (frames forged by an answer) ends as a timeout rather than holding the run forever.
                if (!timedOut && frame?.Type == FrameTypes.Progress && ++progress <= MaxProgressFrames)
                {
                    i--;
                    continue;
                }
                if (!loaded && !timedOut && frame?.Type == FrameTypes.Loaded)
                {
                    loaded = true;
                    i--;
                    continue;
                }
            }
            catch (InvalidDataException e)
            {
                Kill();
                return new WorkerRun(tests, RunFault.Malformed, i, e.Message, true);
            }
            if (timedOut || frame?.Type == FrameTypes.Progress)
            {
                Kill();
                return new WorkerRun(tests, RunFault.Timeout, i, "wall", true);
            }
            if (frame is null)
                return new WorkerRun(tests, RunFault.Crashed, i, await ExitDescriptionAsync().ConfigureAwait(false), true, loaded);
            if (frame.Type == FrameTypes.Done)
                return new WorkerRun(tests, RunFault.None, i, null, frame.Recycle ?? true);
            if (frame.Type != FrameTypes.Test || frame.Id != _nextId || frame.Index != i)
            {
                Kill();
                return new WorkerRun(tests, RunFault.Malformed, i, "unexpected frame from the worker", true);
            }
            if (frame.Status == TestStatus.TimeLimit)
            {
                // The worker's own watchdog stopped the test at its limit (sooner than our deadline, which adds grace).
                Kill();
                return new WorkerRun(tests, RunFault.Timeout, i, frame.Limit ?? "cpu", true);
            }
            tests.Add(frame);
            if (frame.Status == TestStatus.MemoryLimit)
                return new WorkerRun(tests, RunFault.None, i + 1, null, true);
        }
        // The hygiene check (GC, unload) follows the last test; a worker that cannot finish it is replaced, results stand.
        try
        {
            WorkerFrame? done;
            bool late;
            do
                (done, late) = await ReadAsync(5000, ct).ConfigureAwait(false);
            while (!late && done?.Type == FrameTypes.Progress);
            bool clean = !late && done?.Type == FrameTypes.Done && done.Recycle == false;
            return new WorkerRun(tests, RunFault.None, deadlinesMs.Count, null, !clean)
            {
                WorkerTimes = (done?.RunMs ?? 0, done?.HygieneMs ?? 0),
            };
        }
        catch (InvalidDataException)
        {
            return new WorkerRun(tests, RunFault.None, deadlinesMs.Count, null, true);
        }
    }

    /// <summary>Asks a ready worker to describe its confinement (for <c>sandbox doctor</c>).</summary>
    public async Task<System.Text.Json.Nodes.JsonObject?> ProbeAsync(CancellationToken ct)
    {
        await FrameIO.WriteAsync(_process.StandardInput.BaseStream, new WorkerRequest(FrameTypes.Probe), ProtocolJson.Default.WorkerRequest, ct).ConfigureAwait(false);
        var (frame, _) = await ReadAsync(5000, ct).ConfigureAwait(false);
        return frame?.Report;
    }

    /// <summary>True when the cgroup saw an OOM kill: the fault is memory_limit, not a crash.</summary>
    public bool OutOfMemory => _group?.OutOfMemory() ?? false;

    /// <summary>
    /// True when the worker's memory cgroup reached its limit during the last run (the kernel reclaimed or killed): an
    /// answer stalled or killed under that pressure gets memory_limit, not time_limit or runtime_error.
    /// </summary>
    public bool HitMemoryLimit => _group is { } g && g.MemoryEvents() > _memoryEventsBefore;

    /// <summary>
    /// Kills the worker at once. Only the launcher process is signalled: its death takes the whole pid namespace with it
    /// (unshare --kill-child, setpriv --pdeathsig), which is what makes this cheap enough for the timeout path; walking
    /// the process tree costs a scan of /proc. <see cref="DisposeAsync"/> still walks the tree, off the answer's path.
    /// </summary>
    public void Kill() => Kill(entireTree: false);

    private void Kill(bool entireTree)
    {
        Dead = true;
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireTree);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Kills the process tree and reaps it, in bounded time (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        Kill(entireTree: true);
        try
        {
            using var wait = new CancellationTokenSource(5000);
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Left to the kernel; the pid namespace still guarantees nothing inside survives its init.
        }
        // The worker holds the only other end of its stdout pipe (its fds 0-2 are /dev/null), so end of stream there means
        // every process of the sandbox is gone, however many hops the kill took. Bounded: a pipe that never ends is
        // abandoned, not awaited forever.
        await DrainToEndAsync().WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _process.Dispose();
        if (_group is not null)
            await _group.DeleteAsync().ConfigureAwait(false);
    }

    private async Task DrainToEndAsync()
    {
        if (_pendingRead is not null)
            await _pendingRead.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        try
        {
            var stream = _process.StandardOutput.BaseStream;
            var buffer = new byte[16 << 10];
            while (await stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Closed or broken: either way the other end is gone.
        }
    }

    private async Task<(WorkerFrame? Frame, bool TimedOut)> ReadAsync(int timeoutMs, CancellationToken ct)
    {
        _pendingRead ??= FrameIO.ReadAsync(_process.StandardOutput.BaseStream, _maxFrameBytes, ProtocolJson.Default.WorkerFrame);
        var read = _pendingRead;
        if (!read.IsCompleted)
        {
            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var winner = await Task.WhenAny(read, Task.Delay(timeoutMs, delayCancel.Token)).ConfigureAwait(false);
            delayCancel.Cancel();
            if (winner != read)
            {
                ct.ThrowIfCancellationRequested();
                return (null, true);
            }
        }
        _pendingRead = null;
        try
        {
            var frame = await read.ConfigureAwait(false);
            if (frame is null)
                Dead = true;
            return (frame, false);
        }
        catch (IOException)
        {
            Dead = true;
            return (null, false);
        }
    }

    private async Task<string> ExitDescriptionAsync()
    {
        Dead = true;
        using var wait = new CancellationTokenSource(3000);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            return "no exit after closing its pipe";
        }
        int code = _process.ExitCode;
        return code > 128 ? $"signal {code - 128}" : $"exit code {code}";
    }
}
