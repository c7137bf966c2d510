using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using R1Gym.Sandbox.Isolation;

namespace R1Gym.Sandbox.Workers;

/// <summary>
/// A fixed number of pre-started workers. Callers wait for a free slot (back-pressure: at most PoolSize answers run,
/// the rest wait on a semaphore, nothing is queued without bound). A worker goes back to the idle set after a clean
/// run and is replaced, in the background, after N runs or any fault, timeout or leftover thread. One hostile answer
/// holds one slot only, so the others keep flowing.
/// </summary>
internal sealed class WorkerPool : IAsyncDisposable
{
    private readonly LaunchPlan _plan;
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<WorkerProcess> _idle = Channel.CreateUnbounded<WorkerProcess>();
    private readonly ConcurrentDictionary<WorkerProcess, byte> _all = new();
    private readonly ConcurrentDictionary<Task, byte> _starting = new();
    private readonly ConcurrentDictionary<Task, byte> _replacements = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly string _prefix = $"p{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private int _started;
    private int _disposed;

    public WorkerPool(LaunchPlan plan, SandboxOptions options, ILogger logger)
    {
        _plan = plan;
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(options.EffectivePoolSize);
    }

    /// <summary>Workers started so far (including replacements): a crash storm shows here.</summary>
    public int WorkersStarted => Volatile.Read(ref _started);

    /// <summary>Starts every worker now so the first answers do not wait.</summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        var starting = Enumerable.Range(0, _options.EffectivePoolSize).Select(_ => StartAsync(ct)).ToArray();
        foreach (var worker in await Task.WhenAll(starting).ConfigureAwait(false))
            _idle.Writer.TryWrite(worker);
    }

    /// <summary>Waits for a slot and a ready worker; the lease must be returned with <see cref="ReturnAsync"/>.</summary>
    public async Task<WorkerProcess> RentAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                while (_idle.Reader.TryRead(out var idle))
                {
                    if (!idle.Dead)
                        return idle;
                    await RetireAsync(idle).ConfigureAwait(false);
                }
                // A replacement already starting will land in the idle set: wait for it rather than start a second one.
                var replacing = _replacements.Keys.FirstOrDefault();
                if (replacing is null)
                    return await StartAsync(ct).ConfigureAwait(false);
                await Task.WhenAny(replacing, _idle.Reader.WaitToReadAsync(ct).AsTask()).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a worker back: kept when clean, otherwise killed and replaced in the background.</summary>
    public async Task ReturnAsync(WorkerProcess worker, bool recycle)
    {
        try
        {
            if (!recycle && !worker.Dead && worker.Runs < _options.RunsPerWorker && !_closing.IsCancellationRequested)
            {
                _idle.Writer.TryWrite(worker);
                return;
            }
            await RetireAsync(worker).ConfigureAwait(false);
            if (!_closing.IsCancellationRequested)
            {
                var replacement = ReplaceAsync();
                _replacements[replacement] = 0;
                _ = replacement.ContinueWith(t => _replacements.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Starts a throw-away worker outside the pool (for <c>sandbox doctor</c> and the fresh-process benchmark).</summary>
    public Task<WorkerProcess> StartAsync(CancellationToken ct)
    {
        int n = Interlocked.Increment(ref _started);
        var start = StartTrackedAsync($"{_prefix}-w{n}", ct);
        _starting[start] = 0;
        _ = start.ContinueWith(t => _starting.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return start;
    }

    public async Task RetireAsync(WorkerProcess worker)
    {
        _all.TryRemove(worker, out _);
        await worker.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _closing.Cancel();
        _idle.Writer.TryComplete();
        // Starts in flight finish (or fail) first, so no worker appears after the pool is gone.
        await Task.WhenAll(_starting.Keys.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        await Task.WhenAll(_all.Keys.ToList().Select(w => RetireAsync(w))).ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task<WorkerProcess> StartTrackedAsync(string name, CancellationToken ct)
    {
        var worker = await WorkerProcess.StartAsync(_plan, _options, name, ct).ConfigureAwait(false);
        _all[worker] = 0;
        if (_closing.IsCancellationRequested)
        {
            await RetireAsync(worker).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(WorkerPool));
        }
        return worker;
    }

    private async Task ReplaceAsync()
    {
        try
        {
            var worker = await StartAsync(_closing.Token).ConfigureAwait(false);
            if (!_idle.Writer.TryWrite(worker))
                await RetireAsync(worker).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (!_closing.IsCancellationRequested)
                _logger.LogWarning("Replacing a sandbox worker failed (the next answer starts one itself): {Message}", e.Message);
        }
    }
}
