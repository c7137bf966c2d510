using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using R1Gym.Sandbox;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Core;

/// <summary>
/// The bounded queue in front of every verifier and sandbox run: at most <see cref="ServiceOptions.MaxConcurrentItems"/>
/// items run at once, at most <see cref="ServiceOptions.MaxQueuedItems"/> wait (more: 429), none waits longer than
/// <see cref="ServiceOptions.QueueTimeoutMs"/> (then 504), and each runs under <see cref="ServiceOptions.ItemTimeLimitMs"/>.
/// Once the host stops, waiting items fail at once (503) and running ones finish.
/// </summary>
public sealed class ItemGate : IDisposable
{
    private readonly ServiceOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationToken _stopping;
    private int _waiting;
    private int _running;

    public ItemGate(IOptions<ServiceOptions> options, IOptions<SandboxOptions> sandbox, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(lifetime);
        _options = options.Value;
        Concurrency = _options.EffectiveConcurrency(sandbox.Value.EffectivePoolSize);
        _slots = new SemaphoreSlim(Concurrency, Concurrency);
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>Items allowed to run at once.</summary>
    public int Concurrency { get; }

    /// <summary>Items waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Items running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Refuses a request of <paramref name="items"/> items up front when the queue cannot take them (429) or the host is stopping (503).</summary>
    public void Admit(int items)
    {
        if (_stopping.IsCancellationRequested)
            throw Stopping();
        if (Waiting + items > _options.MaxQueuedItems + Math.Max(0, Concurrency - Running))
            throw Full();
    }

    /// <summary>Runs one item when a slot is free; throws <see cref="ApiException"/> for overload, shutdown or the item time limit.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Interlocked.Increment(ref _waiting) > _options.MaxQueuedItems + Concurrency)
        {
            Interlocked.Decrement(ref _waiting);
            throw Full();
        }
        bool entered;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping);
            entered = await _slots.WaitAsync(_options.QueueTimeoutMs, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw Stopping();
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        if (!entered)
            throw new ApiException(504, "overloaded", $"the item waited {_options.QueueTimeoutMs} ms (Service:QueueTimeoutMs) for one of {Concurrency} slots; retry later")
            { RetryAfterSeconds = 1 };

        Interlocked.Increment(ref _running);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_options.ItemTimeLimitMs);
        try
        {
            // WaitAsync: a verifier that ignores its token still frees the request at the limit.
            return await work(limit.Token).WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ApiException(504, "time_limit", $"the item ran past {_options.ItemTimeLimitMs} ms (Service:ItemTimeLimitMs) and was abandoned");
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    private ApiException Full() =>
        new(429, "overloaded", $"the queue is full ({_options.MaxQueuedItems} items wait, Service:MaxQueuedItems); retry later") { RetryAfterSeconds = 1 };

    private static ApiException Stopping() =>
        new(503, "shutting_down", "the server is shutting down; retry against another instance or after the restart") { RetryAfterSeconds = 5 };

    public void Dispose() => _slots.Dispose();
}
