using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using R1Gym.Sandbox.Supervisor.Isolation;

namespace R1Gym.Sandbox.Supervisor;

/// <summary>
/// Pre-started workers: <see cref="SandboxOptions.EffectivePoolSize"/> leases at most (back-pressure: the rest wait on a
/// semaphore, nothing is queued without bound) and <see cref="SandboxOptions.SpareWorkers"/> more processes kept
/// started, so a worker killed for a timeout or fault is replaced at once by a spare while its successor starts in the
/// background. Retiring a worker never holds a lease. One hostile answer holds one lease only, so the others keep flowing.
/// </summary>
/// <remarks>
/// No wait here is unbounded: a renter waits for an idle worker or for a start in flight, every start is bounded by
/// <see cref="SandboxOptions.WorkerStartTimeoutMs"/> (plus disposal), a renter that sees a start fail gets that error
/// (the answer becomes sandbox_error) instead of waiting again, and the next renter starts a new one.
/// </remarks>
internal sealed class WorkerPool : IAsyncDisposable
{
    /// <summary>Time a failed launch may take to clean up after its last start window (kill, reap, close pipes).</summary>
    private const int LaunchGraceMs = 8_000;

    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly Func<string, CancellationToken, Task<WorkerProcess>> _launch;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<WorkerProcess> _idle = Channel.CreateUnbounded<WorkerProcess>();
    private readonly ConcurrentDictionary<WorkerProcess, byte> _all = new();
    private readonly ConcurrentDictionary<Task, byte> _starts = new();
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly string _prefix = $"p{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly int _target;
    private readonly int _launchLimitMs;
    private int _live;
    private int _started;
    private int _disposed;

    public WorkerPool(LaunchPlan plan, SandboxOptions options, ILogger logger)
        : this(options, logger, (name, ct) => WorkerProcess.StartAsync(plan, options, name, ct), options.WorkerStartTimeoutMs * WorkerProcess.MaxStartWindows + LaunchGraceMs)
    {
        // Groups named after this process's id (the prefix below) are this pool's; a dead owner's are swept first.
        if (plan.CgroupVersion is { } version && Cgroups.SweepOrphans(version) is > 0 and var swept)
            logger.LogInformation("Removed {Count} sandbox cgroups left behind by supervisors that have exited.", swept);
    }

    /// <summary>For tests: <paramref name="launch"/> starts one worker (name, cancellation); a launch is abandoned after <paramref name="launchLimitMs"/>.</summary>
    internal WorkerPool(SandboxOptions options, ILogger logger, Func<string, CancellationToken, Task<WorkerProcess>> launch, int launchLimitMs)
    {
        _launchLimitMs = launchLimitMs;
        _options = options;
        _logger = logger;
        _launch = launch;
        _slots = new SemaphoreSlim(options.EffectivePoolSize);
        _target = options.EffectivePoolSize + options.SpareWorkers;
    }

    /// <summary>Workers started so far (including replacements and throw-away ones): a crash storm shows here.</summary>
    public int WorkersStarted => Volatile.Read(ref _started);

    private bool Closing => Volatile.Read(ref _disposed) == 1;

    /// <summary>Starts every worker now so the first answers do not wait; throws when one cannot start.</summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        var starts = TopUp();
        await Task.WhenAll(starts).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Waits for a lease and a ready worker; the lease must be given back with <see cref="Return"/>.</summary>
    /// <exception cref="InvalidOperationException">No worker could be started (the caller reports sandbox_error).</exception>
    public async Task<WorkerProcess> RentAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(Closing, this);
                while (_idle.Reader.TryRead(out var idle))
                {
                    if (!idle.Dead)
                        return idle;
                    Discard(idle);
                }
                // Nothing idle: every other worker is leased or starting. Make sure enough are starting, then wait for
                // whichever comes first, a worker handed back or a start finishing (the wake-up cannot be lost: both are
                // completed tasks once they happen, and a failed start is reported rather than waited for again).
                TopUp();
                var pending = _starts.Keys.ToList();
                if (pending.Count == 0)
                    pending.Add(StartIntoIdle(counted: false));
                var readable = _idle.Reader.WaitToReadAsync(ct).AsTask();
                var first = await Task.WhenAny(pending.Append(readable)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                if (first != readable && first.IsFaulted && !_idle.Reader.TryPeek(out _))
                    throw new InvalidOperationException($"no sandbox worker is available: {first.Exception!.InnerException!.Message}");
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a lease back: the worker is kept when clean, otherwise killed in the background and replaced.</summary>
    public void Return(WorkerProcess worker, bool recycle)
    {
        try
        {
            if (!recycle && !worker.Dead && worker.Runs < _options.RunsPerWorker && !Closing && _idle.Writer.TryWrite(worker))
                return;
            Discard(worker);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Starts a throw-away worker outside the pool (for <c>sandbox doctor</c> and the fresh-process benchmark).</summary>
    public Task<WorkerProcess> StartAsync(CancellationToken ct) => LaunchBoundedAsync(ct);

    /// <summary>Stops a worker (bounded: see <see cref="WorkerProcess.DisposeAsync"/>).</summary>
    public async Task RetireAsync(WorkerProcess worker)
    {
        _all.TryRemove(worker, out _);
        await worker.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Completes when no worker is starting or being retired (each is bounded), e.g. so a test can count processes.</summary>
    public async Task SettledAsync()
    {
        while (!_starts.IsEmpty || !_background.IsEmpty)
            await Task.WhenAll(_starts.Keys.Concat(_background.Keys).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
    }

    /// <summary>Stops every worker, waiting for starts and retirements in flight so none outlives the pool (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _closing.Cancel();
        _idle.Writer.TryComplete();
        var inFlight = _starts.Keys.Concat(_background.Keys).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default));
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromMilliseconds(_launchLimitMs)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Sandbox workers were still starting or stopping when the pool closed; they are killed below.");
        }
        await Task.WhenAll(_all.Keys.ToList().Select(RetireAsync)).ConfigureAwait(false);
    }

    /// <summary>Starts workers until the pool holds its target number; returns the starts it began.</summary>
    private List<Task> TopUp()
    {
        var begun = new List<Task>();
        while (!Closing)
        {
            int live = Volatile.Read(ref _live);
            if (live >= _target)
                break;
            if (Interlocked.CompareExchange(ref _live, live + 1, live) == live)
                begun.Add(StartIntoIdle(counted: true));
        }
        return begun;
    }

    /// <summary>Starts one worker into the idle set; a failure is logged here and seen by renters waiting on the task.</summary>
    private Task StartIntoIdle(bool counted)
    {
        if (!counted)
            Interlocked.Increment(ref _live);
        var start = Task.Run(StartIntoIdleAsync);
        _starts[start] = 0;
        _ = start.ContinueWith(t =>
        {
            _starts.TryRemove(t, out _);
            if (t.Exception is { } e && !Closing)
                _logger.LogWarning("Starting a sandbox worker failed (the next answer that needs one starts another): {Message}", e.InnerException?.Message);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return start;
    }

    private async Task StartIntoIdleAsync()
    {
        WorkerProcess worker;
        try
        {
            worker = await LaunchBoundedAsync(_closing.Token).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _live);
            throw;
        }
        if (!_idle.Writer.TryWrite(worker))
            Discard(worker);
    }

    /// <summary>Kills a worker in the background (tracked, so disposal waits for it) and starts its successor.</summary>
    private void Discard(WorkerProcess worker)
    {
        worker.Kill();
        if (_all.ContainsKey(worker))
            Interlocked.Decrement(ref _live);
        // Reaping and the successor's launch (cgroup set-up, fork/exec) run on the thread pool, off the caller's path.
        Track(Task.Run(() => RetireAsync(worker)));
        TopUp();
    }

    /// <summary>One launch, bounded even if the process never answers and cannot be reaped: a late worker is retired when it turns up.</summary>
    private async Task<WorkerProcess> LaunchBoundedAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Closing, this);
        int n = Interlocked.Increment(ref _started);
        var launch = LaunchTrackedAsync($"{_prefix}-w{n}", ct);
        Track(launch);
        try
        {
            return await launch.WaitAsync(TimeSpan.FromMilliseconds(_launchLimitMs), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Track(launch.ContinueWith(t => t.IsCompletedSuccessfully ? RetireAsync(t.Result) : Task.CompletedTask, TaskScheduler.Default).Unwrap());
            if (e is TimeoutException)
                throw new InvalidOperationException($"a sandbox worker did not start within {_launchLimitMs} ms");
            throw;
        }
    }

    private async Task<WorkerProcess> LaunchTrackedAsync(string name, CancellationToken ct)
    {
        var worker = await _launch(name, ct).ConfigureAwait(false);
        _all[worker] = 0;
        if (Closing)
        {
            await RetireAsync(worker).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(WorkerPool));
        }
        return worker;
    }

    /// <summary>Remembers background work so disposal waits for it.</summary>
    private void Track(Task task)
    {
        _background[task] = 0;
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
